import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The web app's root is `web/`; it imports the shared zod contracts and the kernel as `#contracts/…` and
 * `#kernel/…`, the subpath imports declared once in the root package.json "imports". Vite, vitest, TypeScript and
 * dependency-cruiser all read that field, so there is no alias here to keep in step (ADR 0022; ARCHITECTURE.md:
 * web sees only `src/contracts` and `src/kernel`, never server code, and `npm run lint` checks it).
 * `npx vite build --config web/vite.config.ts` writes `web/dist`, which the server serves at `/`.
 */
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/',
  plugins: [react()],
  build: {
    outDir: here('./dist'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    sourcemap: false,
  },
  server: {
    port: 5173,
    fs: { allow: [here('..')] },
    proxy: { '/api': { target: process.env.DOUDI_API_URL ?? 'http://127.0.0.1:3000', changeOrigin: false } },
  },
  preview: {
    proxy: { '/api': { target: process.env.DOUDI_API_URL ?? 'http://127.0.0.1:3000', changeOrigin: false } },
  },
});
