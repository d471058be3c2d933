import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts', 'web/src/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two test files at a time. Vitest's default is one fewer than the cores — one worker on the 2-core CI machine — but
    // most files wait on PostgreSQL, a child process (the CLI tests) or a file: two workers keep both cores busy.
    maxWorkers: 2,
  },
});
