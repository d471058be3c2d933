import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { AppError } from '../kernel/errors.ts';
import { type KeyRing, newKeyId, newKeyRing } from '../kernel/sealing.ts';

/**
 * 密钥文件 The key file: the keys that seal personal data, key exact lookups and key the audit chain (ADR 0012). It
 * lives outside the database — by default `doudi.keys` in the data directory, or `DOUDI_KEY_FILE` — is created on first
 * start with mode 0600, and must be backed up apart from the database: a copy of the database alone reveals no ID
 * number, and without the key file the sealed values cannot be opened at all.
 */
export const KEY_FILE_FORMAT = 'doudi-keys/1';

export interface KeyFileJson {
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
  const at = now.toISOString();
  const createdOf = (id: string) => previous?.data.find((k) => k.id === id)?.created ?? at;
  writeJson(path, {
    format: KEY_FILE_FORMAT,
    created: previous?.created ?? at,
    data: [...ring.data].map(([id, key]) => ({ id, key: key.toString('base64'), created: createdOf(id) })),
    current: ring.current,
    lookup: { id: ring.lookup.id, key: ring.lookup.key.toString('base64'), created: previous?.lookup.id === ring.lookup.id ? previous.lookup.created : at },
    audit: { id: ring.audit.id, key: ring.audit.key.toString('base64'), created: previous?.audit.id === ring.audit.id ? previous.audit.created : at },
  });
}

function writeJson(path: string, json: KeyFileJson): void {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, `${JSON.stringify(json, null, 2)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    chmodSync(tmp, 0o600);
    renameSync(tmp, path);
  } catch (e) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // not ours to remove (not a file): leave it
    }
    throw notWritten(path, e);
  }
  // The rename itself made durable: a crash right after must not bring back the file without its new key.
  try {
    const dir = openSync(dirname(path), 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  } catch {
    // a file system that cannot sync a directory: the rename is as durable as it makes it
  }
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

/**
 * 密钥轮换 Key rotation (ADR 0019): the key file's data keys change while every process that has the database open
 * keeps working. A ring read from the key file *follows* it: before sealing it looks whether the file changed (a stat
 * at most every KEY_FILE_REFRESH_MS), and a value naming a key it does not hold makes it read the file at once. It then
 * holds exactly the file's data keys and current key — provided the file still has the ring's lookup and audit keys
 * (another database's key file is never taken up; the pairing check refuses it at the next start).
 */
export const KEY_FILE_REFRESH_MS = 1_000;

const FOLLOWED = new WeakMap<KeyRing, { path: string; reload: () => void }>();

export function followKeyFile(ring: KeyRing, path: string, interval = KEY_FILE_REFRESH_MS): KeyRing {
  const data = new Map(ring.data);
  ring.data = data;
  let seen = signatureOf(path);
  let checkedAt = Date.now();
  const reload = () => {
    let next: KeyRing;
    try {
      next = readKeyFile(path);
    } catch {
      return; // gone or unreadable for now: keep the keys we have
    }
    if (!sameKey(next.lookup, ring.lookup) || !sameKey(next.audit, ring.audit)) return;
    data.clear();
    for (const [id, key] of next.data) data.set(id, key);
    ring.current = next.current;
  };
  ring.refresh = (missingKeyId) => {
    const now = Date.now();
    if (missingKeyId === undefined && now - checkedAt < interval) return;
    checkedAt = now;
    const signature = signatureOf(path);
    if (missingKeyId === undefined && signature === seen) return;
    seen = signature;
    reload();
  };
  FOLLOWED.set(ring, {
    path,
    reload: () => {
      seen = signatureOf(path);
      checkedAt = Date.now();
      reload();
    },
  });
  return ring;
}

/** Makes a ring that follows its key file hold what the file holds now (the rotation's own process, tests). */
export function reloadKeys(ring: KeyRing): void {
  FOLLOWED.get(ring)?.reload();
}

function signatureOf(path: string): string | null {
  try {
    const st = statSync(path);
    return `${st.ino}:${st.size}:${st.mtimeMs}`;
  } catch {
    return null;
  }
}

const sameKey = (a: { id: string; key: Buffer }, b: { id: string; key: Buffer }) => a.id === b.id && a.key.length === b.key.length && timingSafeEqual(a.key, b.key);

/** Adds a new data key to the key file and makes it current; the old keys stay (values sealed with them still open). */
export function addDataKey(path: string, now = new Date()): { id: string; previous: string } {
  const j = readKeyFileJson(path);
  ringOf(j, path);
  const taken = new Set([...j.data.map((d) => d.id), j.lookup.id, j.audit.id]);
  let id = newKeyId('d', now);
  while (taken.has(id)) id = newKeyId('d', now);
  writeJson(path, { ...j, data: [...j.data, { id, key: randomBytes(32).toString('base64'), created: now.toISOString() }], current: id });
  return { id, previous: j.current };
}

/** Removes a data key that is not the current one from the key file (the caller has made sure nothing needs it). */
export function removeDataKey(path: string, id: string): void {
  const j = readKeyFileJson(path);
  if (j.current === id || !j.data.some((d) => d.id === id)) throw new Error(`removeDataKey: ${id} is current or absent`);
  writeJson(path, { ...j, data: j.data.filter((d) => d.id !== id) });
}

/** The key file's permission bits, as an octal string (`0600`). */
export function keyFileMode(path: string): string {
  return `0${(statSync(path).mode & 0o777).toString(8)}`;
}

/**
 * Holds the key file for one process that changes it (rotate, retire): `<key file>.lock`, made with O_EXCL, naming
 * the process. A lock left by a process of this host that is gone (a rotation killed half-way) is taken over; one
 * held by a live process is refused. Returns the function that lets it go.
 */
export function lockKeyFile(path: string): () => void {
  const lock = `${path}.lock`;
  if (!createLock(lock)) {
    const holder = holderOf(lock);
    if (!stale(lock, holder)) throw busy(lock, holder);
    rmSync(lock, { force: true });
    if (!createLock(lock)) throw busy(lock, holderOf(lock));
  }
  return () => {
    if (holderOf(lock)?.pid === process.pid) rmSync(lock, { force: true });
  };
}

function createLock(lock: string): boolean {
  let fd: number;
  try {
    fd = openSync(lock, 'wx', 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw notWritten(lock, e);
  }
  try {
    writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), at: new Date().toISOString() }));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}

interface LockHolder {
  pid: number;
  host: string;
  at: string;
}

function holderOf(lock: string): LockHolder | null {
  try {
    const h = JSON.parse(readFileSync(lock, 'utf8')) as LockHolder;
    return typeof h.pid === 'number' && typeof h.host === 'string' ? h : null;
  } catch {
    return null;
  }
}

function stale(lock: string, holder: LockHolder | null): boolean {
  if (!holder) {
    // Unreadable: being written this instant, or left empty by a crash at that instant.
    try {
      return Date.now() - statSync(lock).mtimeMs > 10_000;
    } catch {
      return true;
    }
  }
  if (holder.host !== hostname()) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function busy(lock: string, holder: LockHolder | null): AppError {
  const who = holder ? `${holder.host} pid ${holder.pid}, ${holder.at}` : lock;
  return new AppError(
    'KEY_FILE_BUSY',
    {
      zh: `另一个进程正在更改密钥文件（${who}）。请等它结束后再试；若确认该进程已不存在，删除 ${lock} 后重试。未做任何更改。`,
      en: `Another process is changing the key file (${who}). Try again when it has finished; if that process is surely gone, delete ${lock} and try again. Nothing was changed.`,
    },
    { status: 409 },
  );
}

function notWritten(path: string, e: unknown): AppError {
  const cause = (e as NodeJS.ErrnoException)?.code ?? String((e as Error)?.message ?? e);
  return new AppError(
    'KEY_FILE_NOT_WRITTEN',
    {
      zh: `无法写入密钥文件 ${path}（${cause}）：请检查其目录是否可写、磁盘是否已满。密钥文件未被更改。`,
      en: `The key file ${path} cannot be written (${cause}): check that its directory is writable and the disk not full. The key file was not changed.`,
    },
    { status: 500, details: { cause } },
  );
}
