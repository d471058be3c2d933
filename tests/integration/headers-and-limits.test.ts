import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRateLimit } from '../../src/cli/serve.ts';
import { testServer } from '../factories/api.ts';
import { rawLogin } from '../factories/raw-session.ts';
import { listRoutes } from '../factories/routes.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser, TEST_PASSWORD } from '../factories/users.ts';

const concrete = (url: string) => url.replace(/:county\b/, '211221').replace(/:code\b/, AREAS.county).replace(/:day\b/, '2031-01-01').replace(/:year\b/, '2031').replace(/:month\b/, '1').replace(/:\w+/g, 'x');

/** Issue 9 points 8 and 20: security headers from @fastify/helmet, no-store on the API, Secure cookies and HSTS behind TLS. */
describe(`security headers (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  let secure: FastifyInstance;
  const web = mkdtempSync(join(tmpdir(), 'doudi-web-'));

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'hdr', 'township_caseworker', AREAS.township);
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>t</title>');
    app = await testServer(db, undefined, { webDist: web });
    secure = await testServer(db, undefined, { secureCookies: true });
  });
  afterAll(async () => {
    await app?.close();
    await secure?.close();
    await db?.destroy();
    rmSync(web, { recursive: true, force: true });
  });

  const expectSecurityHeaders = (h: Record<string, unknown>, what: string) => {
    const csp = String(h['content-security-policy']);
    expect(csp, what).toContain("frame-ancestors 'none'");
    expect(csp, what).toContain("script-src 'self'");
    expect(csp, what).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp, what).toContain("object-src 'none'");
    expect(h['x-content-type-options'], what).toBe('nosniff');
    expect(h['referrer-policy'], what).toBe('same-origin');
    expect(h['x-frame-options'], what).toBe('DENY');
  };

  it('every API route answers with the security headers and Cache-Control: no-store, signed in or not, success or error', async () => {
    const s = await rawLogin(app, 'hdr');
    let n = 0;
    for (const r of listRoutes(app).filter((x) => (x.method === 'GET' || x.method === 'HEAD') && x.url.startsWith('/api/'))) {
      for (const res of [await s.inject({ method: r.method as 'GET', url: concrete(r.url) }), await app.inject({ method: r.method as 'GET', url: concrete(r.url) })]) {
        const what = `${r.method} ${r.url} ${res.statusCode}`;
        expectSecurityHeaders(res.headers, what);
        expect(res.headers['cache-control'], what).toBe('no-store');
        expect(res.headers['strict-transport-security'], what).toBeUndefined();
        n++;
      }
    }
    expect(n).toBeGreaterThan(60);
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'hdr', password: TEST_PASSWORD } });
    expect(login.headers['cache-control']).toBe('no-store');
    expect(login.cookies.find((c) => c.name === 'doudi_session')?.secure).toBeFalsy();
  });

  it('web pages carry the same CSP (the app’s own scripts only) and may be cached', async () => {
    for (const url of ['/', '/registry', '/login']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expectSecurityHeaders(res.headers, url);
      expect(res.headers['cache-control']).not.toBe('no-store');
    }
    // A mistyped API path is a JSON 404, not the web app.
    const api = await app.inject({ method: 'GET', url: '/API/nothing', headers: { cookie: (await rawLogin(app, 'hdr')).cookie } });
    expect(api.headers['content-type']).toMatch(/json/);
  });

  it('behind TLS (--secure-cookies): the session cookie is Secure and responses carry HSTS', async () => {
    const login = await secure.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'hdr', password: TEST_PASSWORD } });
    expect(login.statusCode).toBe(200);
    expect(login.cookies.find((c) => c.name === 'doudi_session')).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Strict' });
    const h = (await secure.inject({ method: 'GET', url: '/api/health' })).headers;
    expect(h['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(String(h['content-security-policy'])).toContain('upgrade-insecure-requests');
  });
});

/** Issue 9 point 1: a per-address limit on the login route and a modest per-session limit on the API, 429 in the usual shape. */
describe(`rate limits (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'rl1', 'township_caseworker', AREAS.township);
    await makeUser(db, 'rl2', 'township_caseworker', AREAS.township);
    app = await testServer(db, undefined, { rateLimit: { login: { max: 4, windowMs: 60_000 }, api: { max: 8, windowMs: 60_000 } }, trustProxy: true });
  });
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  const login = (ip: string, password = 'Wrong-but-long-9') => app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: `x${ip}`, password }, headers: { 'x-forwarded-for': ip } });

  it('the login route answers 429 RATE_LIMITED (zh/en, Retry-After) to an address past its limit; other addresses go on', async () => {
    for (let i = 0; i < 4; i++) expect((await login('10.0.0.1')).statusCode).toBe(401);
    const limited = await login('10.0.0.1');
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ code: 'RATE_LIMITED', message: { zh: expect.stringMatching(/频繁/), en: expect.stringMatching(/Too many/) }, details: { retryAfterSeconds: expect.any(Number) } });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.headers['cache-control']).toBe('no-store');
    expect((await login('10.0.0.2')).statusCode).toBe(401);
  });

  it('the API limit counts per session: one session is stopped, another session from the same address is not', async () => {
    const a = await rawLogin(app, 'rl1');
    const b = await rawLogin(app, 'rl2');
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await a.inject({ method: 'GET', url: '/api/health/auth' })).statusCode);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses.slice(0, 7).every((s) => s === 200)).toBe(true);
    expect((await b.inject({ method: 'GET', url: '/api/health/auth' })).statusCode).toBe(200);
    const res = await a.inject({ method: 'GET', url: '/api/health/auth' });
    expect(res.json().code).toBe('RATE_LIMITED');
  });

  it('settings read from the environment: N/window or off', () => {
    expect(parseRateLimit('X', '20/1m')).toEqual({ max: 20, windowMs: 60_000 });
    expect(parseRateLimit('X', '600/60s')).toEqual({ max: 600, windowMs: 60_000 });
    expect(parseRateLimit('X', 'off')).toBe(false);
    expect(parseRateLimit('X', undefined)).toBeUndefined();
    expect(() => parseRateLimit('X', 'lots')).toThrow(/RATE_LIMIT_SETTING/);
  });
});
