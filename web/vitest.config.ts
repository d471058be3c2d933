import { defineConfig } from 'vitest/config';

/**
 * Unit tests of the web app's pure modules (view models, formatters, messages, the API client), in Node without a
 * browser: `npx vitest run --config web/vitest.config.ts`. The root config runs the same files with the rest.
 * `#contracts/…` and `#kernel/…` resolve through package.json "imports" (ADR 0022), so nothing is aliased here.
 */
export default defineConfig({
  test: {
    root: new URL('.', import.meta.url).pathname,
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
