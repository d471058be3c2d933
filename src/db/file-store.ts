import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../kernel/errors.ts';
import type { KeyRing } from '../kernel/sealing.ts';

/**
 * 文件存储 Where the evidence of a case lives (issue 17, ADR 0049): one interface, two stores.
 * - `put` takes the plain content as a stream and returns its SHA-256 digest (hex), size and sealing key; the content is
 *   stored under that digest (content-addressed: the same scan uploaded twice is stored once).
 * - `get` gives the plain content back as a stream; `has` says whether a digest is stored; `delete` removes it.
 * Both stores hold the content **sealed** (AES-256-GCM with the key file's current data key, the keys that seal ID
 * numbers, ADR 0012), in chunks of CHUNK bytes each sealed with its own nonce, so neither writing nor reading ever
 * holds a whole file in memory, and a copy of the store alone reveals nothing.
 */
export interface FileStore {
  readonly kind: 'disk' | 's3';
  put(content: Readable): Promise<StoredFile>;
  get(digest: string): Promise<Readable>;
  has(digest: string): Promise<boolean>;
  delete(digest: string): Promise<void>;
  /**
   * Every stored file, in no particular order: its digest and when it was written (ADR 0050: the orphan cleanup
   * `doudi files gc` looks for files no record names). Read a page at a time, never whole.
   */
  list(): AsyncIterable<StoredEntry>;
  /** The disk store's directory (what a backup copies); null for an object store, which is backed up by its own means. */
  readonly directory: string | null;
}

export interface StoredEntry {
  digest: string;
  modifiedAt: Date;
}

export interface StoredFile {
  /** SHA-256 of the plain content, lower-case hex. */
  digest: string;
  /** Bytes of the plain content. */
  size: number;
  /** The data key it is sealed with (key rotation does not re-seal files: `keys retire` refuses a key files use). */
  keyId: string;
}

/** Plain bytes sealed per chunk: 64 KiB (a 10 MB photo is some 160 chunks; each costs 4 + 16 bytes). */
export const CHUNK = 64 * 1024;
const MAGIC = Buffer.from('DDF1');
const NONCE_PREFIX = 8;
const TAG = 16;

const DIGEST = /^[0-9a-f]{64}$/;

function checkDigest(digest: string): void {
  if (!DIGEST.test(digest)) throw new AppError('FILE_DIGEST_INVALID', { zh: '文件摘要格式不正确', en: 'Not a file digest' }, { status: 400 });
}

function notStored(digest: string): AppError {
  return new AppError('FILE_NOT_STORED', { zh: `存储中找不到文件内容（${digest.slice(0, 12)}…）`, en: `The file's content is not in the store (${digest.slice(0, 12)}…)` }, { status: 404 });
}

/** The associated data of chunk `index`: the header (key and nonce prefix), the chunk's place, and whether it is the last. */
function aadOf(header: Buffer, index: number, last: boolean): Buffer {
  const b = Buffer.alloc(5);
  b.writeUInt32BE(index, 0);
  b[4] = last ? 1 : 0;
  return Buffer.concat([header, b]);
}

function nonceOf(prefix: Buffer, index: number): Buffer {
  const n = Buffer.alloc(12);
  prefix.copy(n, 0);
  n.writeUInt32BE(index, NONCE_PREFIX);
  return n;
}

/**
 * Seals a plain stream: `DDF1 | keyIdLength(1) | keyId | noncePrefix(8)`, then chunks `length(4) | ciphertext | tag`.
 * Each chunk's nonce is the prefix and its index; its associated data binds the header, the index and a last-chunk
 * flag, so chunks cannot be reordered, dropped or the file cut short without the opening failing. Also counts the
 * plain bytes and their SHA-256.
 */
export class SealingStream extends Transform {
  readonly hash = createHash('sha256');
  size = 0;
  readonly keyId: string;
  private readonly key: Buffer;
  private readonly header: Buffer;
  private readonly prefix = randomBytes(NONCE_PREFIX);
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private index = 0;
  private started = false;

  constructor(ring: KeyRing) {
    super();
    ring.refresh?.();
    const key = ring.data.get(ring.current);
    if (!key) throw new AppError('KEY_MISSING', { zh: '缺少当前数据密钥', en: 'The current data key is missing' }, { status: 500 });
    this.key = key;
    this.keyId = ring.current;
    const id = Buffer.from(ring.current, 'utf8');
    this.header = Buffer.concat([MAGIC, Buffer.from([id.length]), id, this.prefix]);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (!this.started) {
      this.push(this.header);
      this.started = true;
    }
    this.hash.update(chunk);
    this.size += chunk.length;
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    // A chunk is sealed only once more bytes follow it: the last one must carry the last-chunk flag.
    if (this.pendingBytes > CHUNK) {
      const all = this.pending.length === 1 ? (this.pending[0] as Buffer) : Buffer.concat(this.pending, this.pendingBytes);
      let at = 0;
      while (all.length - at > CHUNK) {
        this.sealChunk(all.subarray(at, at + CHUNK), false);
        at += CHUNK;
      }
      // The rest copied out, so that the whole concatenation is not kept alive by a view into it.
      this.pending = [Buffer.from(all.subarray(at))];
      this.pendingBytes = all.length - at;
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    if (!this.started) this.push(this.header);
    this.sealChunk(Buffer.concat(this.pending), true);
    this.pending = [];
    done();
  }

  private sealChunk(plain: Buffer, last: boolean): void {
    const c = createCipheriv('aes-256-gcm', this.key, nonceOf(this.prefix, this.index));
    c.setAAD(aadOf(this.header, this.index, last));
    const len = Buffer.alloc(4);
    len.writeUInt32BE(plain.length, 0);
    this.push(Buffer.concat([len, c.update(plain), c.final(), c.getAuthTag()]));
    this.index++;
  }
}

/** Opens what SealingStream wrote; any change to the sealed bytes, or a cut, fails the stream. */
export class OpeningStream extends Transform {
  private buf: Buffer = Buffer.alloc(0);
  private header: Buffer | null = null;
  private key: Buffer | null = null;
  private prefix: Buffer | null = null;
  private index = 0;
  private ended = false;

  private readonly ring: KeyRing;

  constructor(ring: KeyRing) {
    super();
    this.ring = ring;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    try {
      this.drain(false);
      done();
    } catch (e) {
      done(e as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      this.drain(true);
      if (!this.ended || this.buf.length) throw damaged();
      done();
    } catch (e) {
      done(e as Error);
    }
  }

  private drain(atEnd: boolean): void {
    if (!this.header) {
      if (this.buf.length < 5) return;
      if (!this.buf.subarray(0, 4).equals(MAGIC)) throw damaged();
      const idLen = this.buf[4] as number;
      const size = 5 + idLen + NONCE_PREFIX;
      if (this.buf.length < size) return;
      const keyId = this.buf.subarray(5, 5 + idLen).toString('utf8');
      let key = this.ring.data.get(keyId);
      if (!key && this.ring.refresh) {
        this.ring.refresh(keyId);
        key = this.ring.data.get(keyId);
      }
      if (!key) throw new AppError('KEY_MISSING', { zh: `缺少数据密钥 ${keyId}，无法打开文件`, en: `The data key ${keyId} is missing: the file cannot be opened` }, { status: 500 });
      this.key = key;
      this.header = Buffer.from(this.buf.subarray(0, size));
      this.prefix = this.header.subarray(5 + idLen);
      this.buf = this.buf.subarray(size);
    }
    while (this.buf.length >= 4) {
      if (this.ended) throw damaged();
      const len = this.buf.readUInt32BE(0);
      if (len > CHUNK) throw damaged();
      const whole = 4 + len + TAG;
      if (this.buf.length < whole) return;
      const last = atEnd && this.buf.length === whole;
      // Not known to be last until the stream ends: try as not-last, and if it fails and nothing follows yet, wait.
      const body = this.buf.subarray(4, 4 + len);
      const tag = this.buf.subarray(4 + len, whole);
      const open = (asLast: boolean) => {
        const d = createDecipheriv('aes-256-gcm', this.key as Buffer, nonceOf(this.prefix as Buffer, this.index));
        d.setAAD(aadOf(this.header as Buffer, this.index, asLast));
        d.setAuthTag(tag);
        return Buffer.concat([d.update(body), d.final()]);
      };
      let plain: Buffer;
      if (this.buf.length > whole) plain = open(false);
      else if (last) plain = tryOpen(() => open(true));
      else {
        // Exactly one whole chunk buffered and the stream not ended: the last chunk or more to come — decide later.
        return;
      }
      this.push(plain);
      this.index++;
      this.buf = this.buf.subarray(whole);
      if (last) this.ended = true;
    }
  }
}

function tryOpen(f: () => Buffer): Buffer {
  try {
    return f();
  } catch {
    throw damaged();
  }
}

function damaged(): AppError {
  return new AppError('FILE_DAMAGED', { zh: '存储的文件已损坏或被篡改，无法打开', en: 'The stored file is damaged or was tampered with and cannot be opened' }, { status: 500 });
}

/** Plain content sealed into a temporary file of `tmpDir`: its digest, its plain size, the sealed file and its size. */
async function sealToTemp(ring: KeyRing, content: Readable, tmpDir: string): Promise<StoredFile & { sealedPath: string; sealedSize: number; cleanup: () => Promise<void> }> {
  mkdirSync(tmpDir, { recursive: true, mode: 0o700 });
  const dir = await mkdtemp(join(tmpDir, 'put-'));
  const sealedPath = join(dir, 'sealed');
  const sealer = new SealingStream(ring);
  try {
    await pipeline(content, sealer, createWriteStream(sealedPath, { mode: 0o600 }));
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  return { digest: sealer.hash.digest('hex'), size: sealer.size, keyId: sealer.keyId, sealedPath, sealedSize: statSync(sealedPath).size, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * 本地存储 The embedded default: `<dir>/<aa>/<bb>/<digest>` (the digest's first two byte pairs as directories, so no
 * directory holds more than a few hundred entries), sealed; written to `<dir>/tmp` first and renamed into place, so
 * a half-written file never carries a digest's name.
 */
export function diskFileStore(dir: string, ring: KeyRing): FileStore {
  const root = resolve(dir);
  const pathOf = (digest: string) => join(root, digest.slice(0, 2), digest.slice(2, 4), digest);
  return {
    kind: 'disk',
    directory: root,
    async put(content) {
      const t = await sealToTemp(ring, content, join(root, 'tmp'));
      try {
        // Replaced when already there (the same content, perhaps sealed with an older key): what put returns is
        // then true of the stored file. The rename is atomic: a reader sees the old file or the new one.
        mkdirSync(join(root, t.digest.slice(0, 2), t.digest.slice(2, 4)), { recursive: true, mode: 0o700 });
        renameSync(t.sealedPath, pathOf(t.digest));
        return { digest: t.digest, size: t.size, keyId: t.keyId };
      } finally {
        await t.cleanup();
      }
    },
    async get(digest) {
      checkDigest(digest);
      const p = pathOf(digest);
      if (!existsSync(p)) throw notStored(digest);
      return opened(createReadStream(p), ring);
    },
    async has(digest) {
      checkDigest(digest);
      return existsSync(pathOf(digest));
    },
    async delete(digest) {
      checkDigest(digest);
      rmSync(pathOf(digest), { force: true });
    },
    async *list() {
      // <root>/<aa>/<bb>/<digest>: the two levels of directories named by the digest's first bytes (tmp is not one).
      const level = /^[0-9a-f]{2}$/;
      for (const a of existsSync(root) ? await readdir(root) : []) {
        if (!level.test(a)) continue;
        for (const b of await readdir(join(root, a))) {
          if (!level.test(b)) continue;
          for (const name of await readdir(join(root, a, b))) {
            if (!DIGEST.test(name)) continue;
            const st = await stat(join(root, a, b, name)).catch(() => null);
            if (st?.isFile()) yield { digest: name, modifiedAt: st.mtime };
          }
        }
      }
    },
  };
}

export interface S3Options {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  region?: string;
  forcePathStyle?: boolean;
  /** Object names start with this (default `files/`). */
  prefix?: string;
}

/** The S3 settings from `DOUDI_S3_*`, or null when they are not all set (the disk store is used). */
export function s3OptionsFromEnv(env: NodeJS.ProcessEnv = process.env): S3Options | null {
  const endpoint = env.DOUDI_S3_ENDPOINT;
  const bucket = env.DOUDI_S3_BUCKET;
  const accessKeyId = env.DOUDI_S3_ACCESS_KEY_ID;
  const secretAccessKey = env.DOUDI_S3_SECRET_ACCESS_KEY;
  const any = endpoint || bucket || accessKeyId || secretAccessKey;
  if (!any) return null;
  if (!endpoint || !bucket || !accessKeyId || !secretAccessKey) {
    throw new AppError(
      'S3_CONFIG_INCOMPLETE',
      {
        zh: '对象存储配置不完整：DOUDI_S3_ENDPOINT、DOUDI_S3_BUCKET、DOUDI_S3_ACCESS_KEY_ID、DOUDI_S3_SECRET_ACCESS_KEY 须同时设置',
        en: 'Incomplete object-store settings: DOUDI_S3_ENDPOINT, DOUDI_S3_BUCKET, DOUDI_S3_ACCESS_KEY_ID and DOUDI_S3_SECRET_ACCESS_KEY must all be set',
      },
      { status: 500 },
    );
  }
  const fps = env.DOUDI_S3_FORCE_PATH_STYLE;
  return { endpoint, bucket, accessKeyId, secretAccessKey, region: env.DOUDI_S3_REGION || 'us-east-1', forcePathStyle: fps === undefined ? true : !/^(0|false|no)$/i.test(fps) };
}

/**
 * 对象存储 Any S3-compatible store (MinIO, Ceph, a cloud store) through the official client: the content sealed by us
 * into a temporary file under `tmpDir` first (its digest is the object's name, known only at the end), then sent with
 * PutObject as a stream with its length — never whole in memory. The store sees only sealed bytes.
 */
export async function s3FileStore(o: S3Options, ring: KeyRing, tmpDir: string): Promise<FileStore> {
  const s3 = await import('@aws-sdk/client-s3');
  const client = new s3.S3Client({
    endpoint: o.endpoint,
    region: o.region ?? 'us-east-1',
    forcePathStyle: o.forcePathStyle ?? true,
    credentials: { accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey },
    // The client's default since 2025 sends a streamed body `aws-chunked` with a trailing checksum, which stores that
    // are not Amazon's (older MinIO and Ceph, s3rver) keep as the body itself: checksums only where an operation
    // needs one. The content is sealed with AES-GCM by us, which any change fails anyway.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const prefix = o.prefix ?? 'files/';
  const keyOf = (digest: string) => `${prefix}${digest.slice(0, 2)}/${digest}`;
  const has = async (digest: string) => {
    checkDigest(digest);
    try {
      await client.send(new s3.HeadObjectCommand({ Bucket: o.bucket, Key: keyOf(digest) }));
      return true;
    } catch (e) {
      const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 404 || (e as Error).name === 'NotFound' || (e as Error).name === 'NoSuchKey') return false;
      throw e;
    }
  };
  return {
    kind: 's3',
    directory: null,
    has,
    async put(content) {
      const t = await sealToTemp(ring, content, tmpDir);
      try {
        // Replaced when already there, as on disk (an object store's put is atomic).
        await client.send(
          new s3.PutObjectCommand({ Bucket: o.bucket, Key: keyOf(t.digest), Body: createReadStream(t.sealedPath), ContentLength: t.sealedSize, ContentType: 'application/octet-stream' }),
        );
        return { digest: t.digest, size: t.size, keyId: t.keyId };
      } finally {
        await t.cleanup();
      }
    },
    async get(digest) {
      checkDigest(digest);
      let body: unknown;
      try {
        body = (await client.send(new s3.GetObjectCommand({ Bucket: o.bucket, Key: keyOf(digest) }))).Body;
      } catch (e) {
        if ((e as Error).name === 'NoSuchKey' || (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) throw notStored(digest);
        throw e;
      }
      const stream = body instanceof Readable ? body : Readable.fromWeb(body as import('node:stream/web').ReadableStream);
      return opened(stream, ring);
    },
    async delete(digest) {
      checkDigest(digest);
      await client.send(new s3.DeleteObjectCommand({ Bucket: o.bucket, Key: keyOf(digest) }));
    },
    async *list() {
      let token: string | undefined;
      do {
        const page = await client.send(new s3.ListObjectsV2Command({ Bucket: o.bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }));
        for (const obj of page.Contents ?? []) {
          const digest = (obj.Key ?? '').split('/').pop() ?? '';
          if (DIGEST.test(digest) && obj.Key === keyOf(digest)) yield { digest, modifiedAt: obj.LastModified ?? new Date(0) };
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    },
  };
}

/** The sealed stream opened; an error of the source (a read failing, a connection cut) ends the plain stream too. */
function opened(sealed: Readable, ring: KeyRing): Readable {
  const o = new OpeningStream(ring);
  sealed.once('error', (e) => o.destroy(e));
  return sealed.pipe(o);
}

/** Reads a stream to its end (small things only: previews, tests). */
export async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(c as Buffer);
  return Buffer.concat(parts);
}
