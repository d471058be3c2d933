import { createCipheriv, createDecipheriv, createHmac, createSecretKey, type KeyObject, randomBytes } from 'node:crypto';
import { AppError } from './errors.ts';
import { maskIdNumber } from './id-number.ts';

/**
 * 数据加密 Sealing of personal data at rest, and keyed hashes. Pure functions over key material that lives outside
 * the database (the key file, src/db/key-file.ts; ADR 0012):
 * - **data keys** (AES-256-GCM) seal ID numbers, bank accounts, phone numbers and second-factor secrets. A sealed value
 *   names the key that sealed it (`s1.<keyId>.<base64url(iv‖tag‖ciphertext)>`), so a new key can be introduced and old
 *   values re-sealed in batches (rotation) while both still open;
 * - the **lookup key** (HMAC-SHA-256) gives the deterministic hash of an ID number that exact search and uniqueness use;
 * - the **audit key** (HMAC-SHA-256) keys the audit chain and signs its checkpoints, so that nobody holding only the
 *   database can recompute a consistent chain.
 * The purpose ('id_number', 'bank_account', …) is bound to each sealed value as associated data: a value sealed for one
 * column does not open as another.
 */
export interface KeyRing {
  /** Data keys by id; `current` seals new values. */
  data: ReadonlyMap<string, Buffer>;
  current: string;
  lookup: { id: string; key: Buffer };
  audit: { id: string; key: Buffer };
  /**
   * A ring that follows its key file (src/db/key-file.ts) looks at the file again before sealing (has another process
   * made a new key current?) and when a value names a key it does not hold (re-sealed by a rotation running in another
   * process), so that a running server keeps working through a key rotation (ADR 0019).
   */
  refresh?: (missingKeyId?: string) => void;
}

export type SealPurpose = 'id_number' | 'bank_account' | 'phone' | 'totp' | 'search';

const PREFIX = 's1';
const IV = 12;
const TAG = 16;

/**
 * A data key as a KeyObject, made once per key: given the raw Buffer, every cipher imports the key anew, which costs
 * three quarters of an opening (measured: 24 µs against 6 µs) — and a roll's audit digest opens every line's account.
 */
const keyObjects = new WeakMap<Buffer, KeyObject>();
function keyObjectOf(key: Buffer): KeyObject {
  let k = keyObjects.get(key);
  if (!k) keyObjects.set(key, (k = createSecretKey(key)));
  return k;
}

/** Seals a text with the ring's current data key. */
export function seal(ring: KeyRing, purpose: SealPurpose, text: string): string {
  ring.refresh?.();
  const key = ring.data.get(ring.current);
  if (!key) throw keyMissing(ring.current);
  const iv = randomBytes(IV);
  const c = createCipheriv('aes-256-gcm', keyObjectOf(key), iv);
  c.setAAD(Buffer.from(purpose));
  const body = Buffer.concat([c.update(text, 'utf8'), c.final()]);
  return `${PREFIX}.${ring.current}.${Buffer.concat([iv, c.getAuthTag(), body]).toString('base64url')}`;
}

export function sealNullable(ring: KeyRing, purpose: SealPurpose, text: string | null | undefined): string | null {
  return text == null || text === '' ? null : seal(ring, purpose, text);
}

/** Opens a sealed value; a value that was tampered with, or sealed for another purpose, is refused. */
export function unseal(ring: KeyRing, purpose: SealPurpose, sealed: string): string {
  const parts = sealed.split('.');
  if (parts.length !== 3 || parts[0] !== PREFIX) throw unreadable(purpose);
  let key = ring.data.get(parts[1]);
  if (!key && ring.refresh) {
    ring.refresh(parts[1]);
    key = ring.data.get(parts[1]);
  }
  if (!key) throw keyMissing(parts[1]);
  const raw = Buffer.from(parts[2], 'base64url');
  if (raw.length < IV + TAG) throw unreadable(purpose);
  const d = createDecipheriv('aes-256-gcm', keyObjectOf(key), raw.subarray(0, IV));
  d.setAAD(Buffer.from(purpose));
  d.setAuthTag(raw.subarray(IV, IV + TAG));
  try {
    return Buffer.concat([d.update(raw.subarray(IV + TAG)), d.final()]).toString('utf8');
  } catch {
    throw unreadable(purpose);
  }
}

export function unsealNullable(ring: KeyRing, purpose: SealPurpose, sealed: string | null | undefined): string | null {
  return sealed == null || sealed === '' ? null : unseal(ring, purpose, sealed);
}

/** The id of the key a sealed value was sealed with (rotation re-seals values whose key is not the current one). */
export function sealedKeyId(sealed: string): string | null {
  const parts = sealed.split('.');
  return parts.length === 3 && parts[0] === PREFIX ? parts[1] : null;
}

export function isSealed(v: string): boolean {
  return sealedKeyId(v) !== null;
}

/** The deterministic keyed hash exact lookups use (hex, 64 characters). Equal inputs give equal hashes. */
export function lookupHash(ring: KeyRing, purpose: SealPurpose, text: string): string {
  return createHmac('sha256', ring.lookup.key).update(`${purpose}\u0000${text}`).digest('hex');
}

/** HMAC-SHA-256 under the audit key (the chain's event hashes, checkpoint signatures). */
export function auditMac(ring: Pick<KeyRing, 'audit'>, text: string): string {
  return createHmac('sha256', ring.audit.key).update(text).digest('hex');
}

/** A fresh ring (first start, tests). */
export function newKeyRing(): KeyRing {
  const id = newKeyId('d');
  return {
    data: new Map([[id, randomBytes(32)]]),
    current: id,
    lookup: { id: newKeyId('l'), key: randomBytes(32) },
    audit: { id: newKeyId('a'), key: randomBytes(32) },
  };
}

/** Key ids are short, unique and carry no secret: a letter for the kind, the date, 4 random hex digits. */
export function newKeyId(kind: 'd' | 'l' | 'a', now = new Date()): string {
  return `${kind}${now.toISOString().slice(0, 10).replaceAll('-', '')}${randomBytes(2).toString('hex')}`;
}

/**
 * Masks a value for display (ADR 0012): an ID number keeps its area (6) and last 4 characters (`211221********0017`,
 * as on public notices), a bank account its last 4 behind four stars whatever its length (`****5678`), a phone number
 * its first 3 and last 4 (`139****5678`).
 */
export function mask(kind: 'id_number' | 'bank_account' | 'phone', value: string | null): string | null {
  if (value == null || value === '') return value;
  if (kind === 'id_number') return maskIdNumber(value);
  const v = [...value.trim()];
  if (kind === 'bank_account') return v.length <= 4 ? '****' : `****${v.slice(-4).join('')}`;
  return v.length <= 7 ? '*'.repeat(v.length) : `${v.slice(0, 3).join('')}${'*'.repeat(v.length - 7)}${v.slice(-4).join('')}`;
}

function keyMissing(id: string): AppError {
  return new AppError(
    'KEY_MISSING',
    { zh: `密钥文件中没有编号为 ${id} 的数据密钥，无法解密`, en: `The key file has no data key ${id}: the value cannot be opened` },
    { status: 500 },
  );
}

function unreadable(purpose: string): AppError {
  return new AppError(
    'SEALED_VALUE_INVALID',
    { zh: `加密数据（${purpose}）无法解密：数据被改动或密钥不符`, en: `A sealed value (${purpose}) does not open: it was altered or the key does not match` },
    { status: 500 },
  );
}
