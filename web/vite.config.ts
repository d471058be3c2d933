import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * The web app's root is `web/`; it imports the shared zod contracts and the kernel as `#contracts/…` and
 * `#kernel/…`, the subpath imports declared once in the root package.json "imports". Vite, vitest, TypeScript and
 * dependency-cruiser all read that field, so there is no alias here to keep in step (ADR 0022; ARCHITECTURE.md:
 * web sees only `src/contracts` and `src/kernel`, never server code, and `npm run lint` checks it).
 * `npx vite build --config web/vite.config.ts` writes `web/dist`, which the server serves at `/`.
 *
 * 安装到手机 The installable app (issue 17 point 4, ADR 0051): vite-plugin-pwa writes the web manifest and a service
 * worker (`sw.js`, Workbox) that precaches the built app shell — HTML, scripts, styles, icons — so the app opens with
 * no network. It caches nothing else: no runtime caching at all, and navigations to `/api/…` are never answered from
 * the shell, so an API answer always comes from the server (the offline field visits live in the app's own encrypted
 * store, never in a cache). The worker is registered only by the built app (`web/src/app/service-worker.ts`).
 */
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/',
  plugins: [
    react(),
    VitePWA({
      injectRegister: null,
      registerType: 'autoUpdate',
      filename: 'sw.js',
      includeAssets: ['icons/apple-touch-icon.png'],
      manifest: {
        name: '兜底 · 铁岭市社会救助兜底保障',
        short_name: '兜底',
        description: '铁岭市农村社会救助兜底保障：入户调查可离线记录',
        lang: 'zh-CN',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        theme_color: '#1e56a0',
        background_color: '#ffffff',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,png,svg,woff2}'],
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
        navigateFallback: '/index.html',
        // The API is never answered by the worker: not a navigation, not a runtime cache.
        navigateFallbackDenylist: [/^\/api\//],
        runtimeCaching: [],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
      },
    }),
  ],
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
