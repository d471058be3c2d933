import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts', 'web/src/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // On SQLite two test files at a time (vitest's default is one fewer than the cores — one worker on the 2-core CI
    // machine — while most files wait on a child process or a file). On PostgreSQL one: every test file migrates a
    // schema of its own, and Kysely's migrator lists the tables of ALL schemas of the database (its introspector),
    // which fails ("column … of relation … does not exist") when another file drops its schema at that moment.
    maxWorkers: process.env.DOUDI_TEST_DATABASE_URL ? 1 : 2,
  },
});
