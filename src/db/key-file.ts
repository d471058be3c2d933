import { chmodSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../kernel/errors.ts';
import { type KeyRing, newKeyRing } from '../kernel/sealing.ts';

/**
 * 密钥文件 The key file: the keys that seal personal data, key exact lookups and key the audit chain (ADR 0012). It
 * lives outside the database — by default `doudi.keys` in the data directory, or `DOUDI_KEY_FILE` — is created on first
 * start with mode 0600, and must be backed up apart from the database: a copy of the database alone reveals no ID
 * number, and without the key file the sealed values cannot be opened at all.
 */
export const KEY_FILE_FORMAT = 'doudi-keys/1';

interface KeyFileJson {
  format: string;
  created: string;
  /** Data keys, oldest first; `current` seals new values. */
  data: { id: string; key: string; created: string }[];
  current: string;
  lookup: { id: string; key: string; created: string };
  audit: { id: string; key: string; created: string };
}

export function readKeyFile(path: string): KeyRing {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new AppError(
      'KEY_FILE_MISSING',
      { zh: `找不到密钥文件 ${path}`, en: `Key file ${path} not found` },
      { status: 500, details: { cause: (e as NodeJS.ErrnoException).code } },
    );
  }
  return ringOf(parse(text, path), path);
}

/** Reads the key file, or creates it (0600, in a 0700 directory if the directory is new) when it does not exist. */
export function readOrCreateKeyFile(path: string, now = new Date()): { ring: KeyRing; created: boolean } {
  if (existsSync(path)) return { ring: readKeyFile(path), created: false };
  const ring = newKeyRing();
  writeKeyFile(path, ring, now);
  return { ring, created: true };
}

/** Writes the ring atomically (a temporary file, fsync, rename), mode 0600. */
export function writeKeyFile(path: string, ring: KeyRing, now = new Date(), previous?: KeyFileJson): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const at = now.toISOString();
  const createdOf = (id: string) => previous?.data.find((k) => k.id === id)?.created ?? at;
  const json: KeyFileJson = {
    format: KEY_FILE_FORMAT,
    created: previous?.created ?? at,
    data: [...ring.data].map(([id, key]) => ({ id, key: key.toString('base64'), created: createdOf(id) })),
    current: ring.current,
    lookup: { id: ring.lookup.id, key: ring.lookup.key.toString('base64'), created: previous?.lookup.id === ring.lookup.id ? previous.lookup.created : at },
    audit: { id: ring.audit.id, key: ring.audit.key.toString('base64'), created: previous?.audit.id === ring.audit.id ? previous.audit.created : at },
  };
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(json, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}

/** The file as stored (rotation keeps each key's creation date). */
export function readKeyFileJson(path: string): KeyFileJson {
  return parse(readFileSync(path, 'utf8'), path);
}

/** Whether the key file can be read by others than its owner (a deployment mistake worth a warning). */
export function keyFileTooOpen(path: string): boolean {
  try {
    return (statSync(path).mode & 0o077) !== 0;
  } catch {
    return false;
  }
}

function parse(text: string, path: string): KeyFileJson {
  try {
    const j = JSON.parse(text) as KeyFileJson;
    if (j.format !== KEY_FILE_FORMAT || !Array.isArray(j.data) || !j.lookup?.key || !j.audit?.key || !j.current) throw new Error('shape');
    return j;
  } catch {
    throw new AppError('KEY_FILE_INVALID', { zh: `密钥文件 ${path} 格式不正确`, en: `Key file ${path} is not a valid doudi key file` }, { status: 500 });
  }
}

function ringOf(j: KeyFileJson, path: string): KeyRing {
  const key = (b64: string) => {
    const k = Buffer.from(b64, 'base64');
    if (k.length !== 32) throw new AppError('KEY_FILE_INVALID', { zh: `密钥文件 ${path} 中的密钥长度不正确`, en: `Key file ${path} holds a key of the wrong length` }, { status: 500 });
    return k;
  };
  const data = new Map(j.data.map((d) => [d.id, key(d.key)] as const));
  if (!data.has(j.current)) throw new AppError('KEY_FILE_INVALID', { zh: `密钥文件 ${path} 的当前密钥不存在`, en: `Key file ${path}: the current data key is missing` }, { status: 500 });
  return { data, current: j.current, lookup: { id: j.lookup.id, key: key(j.lookup.key) }, audit: { id: j.audit.id, key: key(j.audit.key) } };
}
