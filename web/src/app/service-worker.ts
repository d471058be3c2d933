/**
 * 离线外壳 Registers the service worker of the installable app (ADR 0051) — only in the built app (`vite build`), never
 * under the dev server or tests, and only where the browser has service workers (a secure context: https, or localhost).
 * The worker precaches the app shell and nothing else; it never answers `/api/…` (web/vite.config.ts).
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  void import('workbox-window')
    .then(({ Workbox }) => new Workbox('/sw.js', { scope: '/' }).register())
    .catch(() => {
      // No worker (a private window, a refused registration): the app works online as before.
    });
}
