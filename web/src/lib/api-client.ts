import type { ApiError } from '#contracts/registry.ts';
import type { BilingualMessage } from '#kernel/errors.ts';

/**
 * The one way the web app talks to `/api`: JSON in and out, the session cookie sent along, and the CSRF
 * token (from login or `GET /api/session`) on every unsafe method. Failures become `ApiRequestError`, carrying
 * the server's `{ code, message: { zh, en }, field? }` so screens can show it in the current language.
 */
export class ApiRequestError extends Error {
  readonly status: number;
  readonly code: string;
  readonly messages: BilingualMessage;
  readonly field?: string;

  constructor(status: number, body: ApiError) {
    super(`${body.code}: ${body.message.en}`);
    this.name = 'ApiRequestError';
    this.status = status;
    this.code = body.code;
    this.messages = body.message;
    this.field = body.field;
  }
}

export function isApiRequestError(e: unknown): e is ApiRequestError {
  return e instanceof ApiRequestError;
}

let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type Query = Record<string, string | number | undefined | null>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Query;
  signal?: AbortSignal;
}

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

function isApiErrorBody(x: unknown): x is ApiError {
  if (typeof x !== 'object' || x === null) return false;
  const o = x as Record<string, unknown>;
  const m = o.message as Record<string, unknown> | undefined;
  return typeof o.code === 'string' && typeof m === 'object' && m !== null && typeof m.zh === 'string';
}

/** Errors without a server body (network down, proxy page) still get a code and both languages. */
function fallbackError(status: number): ApiError {
  if (status === 0) {
    return { code: 'NETWORK', message: { zh: '无法连接服务器，请检查网络后重试', en: 'Cannot reach the server; check the network and retry' } };
  }
  return { code: `HTTP_${status}`, message: { zh: `服务器返回错误（${status}）`, en: `The server answered with an error (${status})` } };
}

export async function apiRequest<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (UNSAFE.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(withQuery(path, opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiRequestError(0, fallbackError(0));
  }
  const text = await res.text();
  let data: unknown;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (!res.ok) {
    const body = isApiErrorBody(data) ? data : fallbackError(res.status);
    const err = new ApiRequestError(res.status, body);
    for (const listener of errorListeners) listener(err);
    throw err;
  }
  return data as T;
}

/**
 * Uploads a file as the raw request body (the way the API takes files: the query names what it is), with the CSRF
 * token; resolves with the JSON answer, or fails with the API's error like `apiRequest`.
 */
export async function apiUpload<T>(path: string, file: Blob, query?: Query): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'content-type': file.type || 'application/octet-stream' };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(withQuery(path, query), { method: 'POST', headers, credentials: 'same-origin', body: file });
  } catch {
    throw new ApiRequestError(0, fallbackError(0));
  }
  if (!res.ok) throw await responseError(res);
  return (await res.json()) as T;
}

/** The file name a download's `content-disposition` gives: the UTF-8 `filename*` if there is one, else `filename`. */
export function dispositionFilename(header: string | null, fallback: string): string {
  const h = header ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(h)?.[1];
  if (star) {
    try {
      return decodeURIComponent(star);
    } catch {
      // a malformed name: the plain one below
    }
  }
  return /filename="([^"]+)"/.exec(h)?.[1] ?? fallback;
}

/**
 * Downloads a file from `/api` (a GET with the session cookie) and saves it under the server's file name. Through
 * fetch rather than a plain link so that a refusal (too many rows, out of area) shows as a message instead of a
 * downloaded error page. Resolves with the name saved and the response's headers.
 */
export async function apiDownload(path: string, query?: Query): Promise<{ name: string; headers: Headers }> {
  let res: Response;
  try {
    res = await fetch(withQuery(path, query), { credentials: 'same-origin' });
  } catch {
    throw new ApiRequestError(0, fallbackError(0));
  }
  if (!res.ok) throw await responseError(res);
  return { name: await saveResponse(res, 'download'), headers: res.headers };
}

/** The error of a failed response (the API's error body, or a generic one), told to the app's error listeners. */
export async function responseError(res: Response): Promise<ApiRequestError> {
  const data: unknown = await res.json().catch(() => undefined);
  const err = new ApiRequestError(res.status, isApiErrorBody(data) ? data : fallbackError(res.status));
  for (const listener of errorListeners) listener(err);
  return err;
}

/** Saves a response's body as a file under the server's file name (`fallback` without one); resolves with the name. */
export async function saveResponse(res: Response, fallback: string): Promise<string> {
  const name = dispositionFilename(res.headers.get('content-disposition'), fallback);
  const href = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
  return name;
}

type ErrorListener = (e: ApiRequestError) => void;
const errorListeners = new Set<ErrorListener>();

/** Lets the app react once to errors such as an expired session (401), wherever the request came from. */
export function onApiError(listener: ErrorListener): () => void {
  errorListeners.add(listener);
  return () => errorListeners.delete(listener);
}
