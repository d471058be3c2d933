import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ApiRequestError, apiDownload, apiRequest, dispositionFilename, isApiRequestError, onApiError, setCsrfToken } from './api-client.ts';

type Call = { url: string; init: RequestInit };

/** Answers every fetch with `status` and `body` (a string is sent as it is), recording what was asked. */
function serve(status: number, body: unknown): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status });
  });
  return calls;
}

async function failure(p: Promise<unknown>): Promise<ApiRequestError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  if (!isApiRequestError(e)) throw new Error(`expected an ApiRequestError, got ${String(e)}`);
  return e;
}

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

describe('apiRequest', () => {
  it('sends the query without empty values, and JSON with its content type', async () => {
    const calls = serve(200, { ok: true });
    expect(await apiRequest('/api/households', { query: { q: '张三', page: 2, area: '', county: undefined, x: null } })).toEqual({ ok: true });
    expect(calls[0].url).toBe('/api/households?q=%E5%BC%A0%E4%B8%89&page=2');
    await apiRequest('/api/cases', { method: 'POST', body: { kind: 'tekun' } });
    expect(calls[1].init).toMatchObject({ method: 'POST', body: '{"kind":"tekun"}', credentials: 'same-origin' });
    expect(calls[1].init.headers).toMatchObject({ 'content-type': 'application/json', accept: 'application/json' });
  });

  it('adds the CSRF token to unsafe methods only', async () => {
    const calls = serve(200, {});
    setCsrfToken('tok');
    await apiRequest('/api/session');
    await apiRequest('/api/cases/x/accept', { method: 'POST', body: { version: 1 } });
    await apiRequest('/api/overrides/1', { method: 'DELETE' });
    expect(calls.map((c) => (c.init.headers as Record<string, string>)['x-csrf-token'])).toEqual([undefined, 'tok', 'tok']);
  });

  it('turns a refusal into an error carrying the server’s code, both languages and the field', async () => {
    serve(422, { code: 'ID_NUMBER_CHECKSUM', message: { zh: '身份证号码校验位不正确', en: 'The ID number’s check digit is wrong' }, field: 'members.0.idNumber' });
    const e = await failure(apiRequest('/api/households', { method: 'POST', body: {} }));
    expect(e).toMatchObject({ status: 422, code: 'ID_NUMBER_CHECKSUM', field: 'members.0.idNumber', messages: { zh: '身份证号码校验位不正确' } });
    expect(e.message).toBe('ID_NUMBER_CHECKSUM: The ID number’s check digit is wrong');
  });

  it('gives a failure without a server body (a proxy page, no answer) a code and both languages', async () => {
    serve(502, '<html>Bad gateway</html>');
    expect(await failure(apiRequest('/api/households'))).toMatchObject({ status: 502, code: 'HTTP_502', messages: { en: 'The server answered with an error (502)' } });
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await failure(apiRequest('/api/households'))).toMatchObject({ status: 0, code: 'NETWORK' });
  });

  it('tells the listeners of every refusal (an expired session anywhere), until they stop listening', async () => {
    serve(401, { code: 'AUTH_REQUIRED', message: { zh: '请登录', en: 'Sign in' } });
    const heard: string[] = [];
    const stop = onApiError((e) => heard.push(e.code));
    await failure(apiRequest('/api/cases'));
    stop();
    await failure(apiRequest('/api/cases'));
    expect(heard).toEqual(['AUTH_REQUIRED']);
  });
});

describe('downloads', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('names the file by its UTF-8 name when the server gives one, else by the plain one', () => {
    expect(dispositionFilename(`attachment; filename="doudi-cases-20261204.xlsx"; filename*=UTF-8''${encodeURIComponent('案件列表-20261204.xlsx')}`, 'x')).toBe('案件列表-20261204.xlsx');
    expect(dispositionFilename('attachment; filename="a.xlsx"', 'x')).toBe('a.xlsx');
    expect(dispositionFilename("attachment; filename*=UTF-8''%E0%A4%A", 'x')).toBe('x');
    expect(dispositionFilename(null, 'x')).toBe('x');
  });

  it('a refused download is an ApiRequestError with the server\'s words, and the query is sent without empty filters', async () => {
    const calls = serve(400, { code: 'EXPORT_TOO_MANY_ROWS', message: { zh: '符合条件的记录超过 20000 条', en: 'More than 20000 rows match' }, field: 'filters' });
    const e = await failure(apiDownload('/api/exports/households.xlsx', { area: '211221101000', q: undefined, page: '' }));
    expect(e.code).toBe('EXPORT_TOO_MANY_ROWS');
    expect(e.messages.zh).toContain('超过');
    expect(e.field).toBe('filters');
    expect(calls[0].url).toBe('/api/exports/households.xlsx?area=211221101000');
  });
});
