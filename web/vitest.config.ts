import { defineConfig } from 'vitest/config';

/**
 * Unit tests of the web app's pure modules (form mapping, error paths): `npx vitest run --config web/vitest.config.ts`.
 * Kept apart from the root config, whose include list covers `src/` and `tests/` only.
 */
export default defineConfig({
  test: {
    root: new URL('.', import.meta.url).pathname,
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
