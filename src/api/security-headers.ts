/**
 * The Content-Security-Policy of the web app and the API (ADR 0014). Scripts only from the server itself (Vite's
 * build emits module scripts as files, none inline); styles from the server and inline <style> elements, which antd's
 * CSS-in-JS (@ant-design/cssinjs) and rc-component's dynamic CSS inject at run time; images from the server and
 * data: URLs (the favicon in index.html, antd's empty-state pictures, the second-factor QR code); nothing may frame the
 * app; forms and <base> stay same-origin; no plugins.
 */
export function contentSecurityPolicy(opts: { secure: boolean }): Record<string, string[]> {
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'worker-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    ...(opts.secure ? { 'upgrade-insecure-requests': [] } : {}),
  };
}
