import type { FastifyInstance } from 'fastify';

export interface RouteKey {
  method: string;
  url: string;
}

/**
 * Every route the running server answers, read from Fastify's own route tree (`printRoutes`), so that a route
 * added later shows up here without anyone remembering to list it. The tree is printed one segment per line,
 * indented four columns per level, with the methods in parentheses.
 */
export function listRoutes(app: FastifyInstance): RouteKey[] {
  const text = app.printRoutes({ commonPrefix: false });
  const stack: string[] = [];
  const out: RouteKey[] = [];
  for (const line of text.split('\n')) {
    const m = /^((?:│ {3}| {4})*)(?:├── |└── )(.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) {
      if (line.trim()) throw new Error(`listRoutes: cannot read the route tree line ${JSON.stringify(line)}`);
      continue;
    }
    const depth = m[1].length / 4;
    const path = (depth > 0 ? stack[depth - 1] : '') + m[2];
    stack[depth] = path;
    stack.length = depth + 1;
    for (const method of m[3]?.split(',').map((s) => s.trim()) ?? []) out.push({ method, url: path });
  }
  const methodsPrinted = (text.match(/\(([A-Z, ]+)\)/g) ?? []).reduce((n, g) => n + g.split(',').length, 0);
  if (methodsPrinted !== out.length || out.length === 0) throw new Error(`listRoutes: read ${out.length} routes, tree shows ${methodsPrinted}`);
  return out;
}

export const routeId = (r: RouteKey) => `${r.method} ${r.url}`;

/** The OpenAPI document's operations in Fastify's path syntax (`{id}` → `:id`). */
export function openApiRoutes(doc: { paths: Record<string, Record<string, unknown>> }): RouteKey[] {
  const verbs = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.keys(ops)
      .filter((k) => verbs.has(k))
      .map((k) => ({ method: k.toUpperCase(), url: path.replace(/\{(\w+)\}/g, ':$1') })),
  );
}
