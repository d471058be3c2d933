import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { limitError } from '../commands/uploads/limits.ts';
import type { AppError } from '../kernel/errors.ts';

/** The raw body types a spreadsheet upload takes (its own route context registers the parser, so no other route does). */
export const UPLOAD_TYPES = ['text/csv', 'application/octet-stream', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'];

/**
 * Writes an upload's raw request body to a private temporary file (mode 0600, in a directory of its own), cut at
 * `maxBytes` while it streams (ADR 0018); `empty` is the error for a request without a body. The caller reads the file
 * with the bounded reader and removes the directory (`dirname` of the path).
 */
export async function saveUpload(body: Readable | undefined, o: { format: 'csv' | 'xlsx' | 'bin'; maxBytes: number; prefix: string; empty: () => AppError }): Promise<string> {
  if (!body || typeof body.pipe !== 'function') throw o.empty();
  const dir = await mkdtemp(join(tmpdir(), o.prefix));
  const path = join(dir, `upload.${o.format}`);
  let size = 0;
  // Past the bound nothing more is written; the rest of the body (itself cut at the route's bodyLimit) is read and
  // dropped, so the request ends normally and the refusal reaches the client (destroying the request stream mid-way
  // left the client without an answer).
  const limit = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      size += chunk.length;
      cb(null, size > o.maxBytes ? undefined : chunk);
    },
  });
  try {
    await pipeline(body, limit, createWriteStream(path, { mode: 0o600 }));
    if (size > o.maxBytes) throw limitError('bytes', o.maxBytes);
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  return path;
}

/** The raw body types an evidence upload takes (ADR 0049): what the content is, is then read from the content itself. */
export const EVIDENCE_UPLOAD_TYPES = ['application/octet-stream', 'application/pdf', 'image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif'];
