import { globSync, readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const INCLUDE = ['src/**/*.test.ts', 'tests/**/*.test.ts', 'web/src/**/*.test.ts'];
const EXCLUDE = ['tests/e2e/**', 'node_modules/**'];

/**
 * What a test file must not do to share its worker's modules with the files before it (ADR 0044): start a process or a
 * thread, open a database or a server, change the process (its directory, environment, exit code) or stub globals and
 * modules. A file that names none of these runs without isolation; every other file keeps a fresh process of its own.
 */
const NEEDS_ISOLATION = /child_process|worker_threads|Worker|createTestDb|testServer|spawn|runCli|bin\/doudi|connect\(|process\.chdir|process\.env|exitCode|vi\.(stub|spyOn|mock|doMock|resetModules|useFakeTimers)/;
const shared = globSync(INCLUDE, { exclude: (f) => f.startsWith('node_modules') || f.startsWith('tests/e2e') }).filter(
  (f) => !NEEDS_ISOLATION.test(readFileSync(f, 'utf8')),
);

export default defineConfig({
  test: {
    // The files are the projects' (below): `extends` would add the root's include to each project's.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two test files at a time on both databases (vitest's default is one fewer than the cores — one worker on the 2-core
    // CI machine — while most files wait on a child process, a file or the database). On PostgreSQL every file migrates
    // a schema of its own; the migrator introspects its own schema only (src/db/connect.ts `ownSchemaOnly`), so one
    // file dropping its schema cannot break another's migration.
    maxWorkers: 2,
    // The pure files (rules, kernel, workflow, contracts, the web app's helpers…) share a worker's module graph: a fresh
    // process per file cost them more than their tests (89 files: 79 s → 39 s on the 2-core machine). The rest stay
    // isolated: without isolation for all, a worker died in a V8 check inside a worker thread late in a full run (ADR 0044).
    projects: [
      { extends: true, test: { name: 'shared', include: shared, isolate: false } },
      { extends: true, test: { name: 'isolated', include: INCLUDE, exclude: [...EXCLUDE, ...shared] } },
    ],
  },
});
