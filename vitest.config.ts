import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts', 'web/src/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two test files at a time on both databases (vitest's default is one fewer than the cores — one worker on the 2-core
    // CI machine — while most files wait on a child process, a file or the database). On PostgreSQL every file migrates
    // a schema of its own; the migrator introspects its own schema only (src/db/connect.ts `ownSchemaOnly`), so one
    // file dropping its schema cannot break another's migration.
    maxWorkers: 2,
  },
});
