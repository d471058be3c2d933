/**
 * How the server tells an API request from a web page (issue 9 point 3). The router decodes percent-escapes, so a
 * check of the raw URL must see what the router will see: the path decoded (repeatedly: `%2561` is `%61` is `a`),
 * back-slashes and repeated slashes folded, `.` and `..` segments resolved, and compared without regard to case.
 */
export const pathOf = (url: string): string => {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
};

export function normalisePath(raw: string): string {
  let p = raw;
  for (let i = 0; i < 4; i++) {
    let d: string;
    try {
      d = decodeURIComponent(p);
    } catch {
      break;
    }
    if (d === p) break;
    p = d;
  }
  p = p.replace(/\\/g, '/').replace(/\/{2,}/g, '/');
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '.') continue;
    if (seg === '..') {
      if (out.length > 1) out.pop();
      continue;
    }
    out.push(seg);
  }
  const joined = out.join('/');
  return joined.startsWith('/') ? joined : `/${joined}`;
}

/** The path, however written, is under /api. */
export function isApiPath(path: string): boolean {
  const n = normalisePath(path).toLowerCase();
  return n === '/api' || n.startsWith('/api/');
}

/** The path is written as the routes are: `/api/…` in lower case, nothing to decode, no empty or dot segments. */
export function isCanonicalApiPath(path: string): boolean {
  return path.startsWith('/api/') && normalisePath(path) === path;
}
