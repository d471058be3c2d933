import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newKeyRing } from '../kernel/sealing.ts';
import { scratchDir } from '../../tests/factories/scratch-dir.ts';
import { CHUNK, diskFileStore, type FileStore, readAll, s3FileStore, s3OptionsFromEnv } from './file-store.ts';

const ring = newKeyRing();
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Every file under a directory, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name));
}

/** The same behaviour, whichever store. */
function behaves(name: string, make: () => FileStore) {
  describe(name, () => {
    for (const size of [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 17]) {
      it(`stores and gives back ${size} bytes under their SHA-256`, async () => {
        const store = make();
        const plain = randomBytes(size);
        // Delivered in odd pieces, as a network stream would.
        const pieces = [];
        for (let i = 0; i < plain.length; i += 7_777) pieces.push(plain.subarray(i, i + 7_777));
        const put = await store.put(Readable.from(pieces));
        expect(put).toEqual({ digest: sha(plain), size, keyId: ring.current });
        expect(await store.has(put.digest)).toBe(true);
        expect((await readAll(await store.get(put.digest))).equals(plain)).toBe(true);
      });
    }

    it('stores the same content once; delete removes it; an absent digest is not found', async () => {
      const store = make();
      const plain = Buffer.from('申请书扫描件 — the same scan twice');
      const a = await store.put(Readable.from([plain]));
      const b = await store.put(Readable.from([plain]));
      expect(b.digest).toBe(a.digest);
      await store.delete(a.digest);
      expect(await store.has(a.digest)).toBe(false);
      await expect(store.get(a.digest)).rejects.toMatchObject({ code: 'FILE_NOT_STORED' });
      await expect(store.get('../../etc/passwd')).rejects.toMatchObject({ code: 'FILE_DIGEST_INVALID' });
    });
  });
}

describe('disk store', () => {
  const dir = scratchDir('doudi-files-');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  behaves('disk', () => diskFileStore(dir, ring));

  it('holds the content sealed: the stored bytes do not contain the plain content, and a changed byte fails the read', async () => {
    const own = scratchDir('doudi-files-');
    try {
      const store = diskFileStore(own, ring);
      const marker = Buffer.from('GPS 41.99N 123.84E 身份证 211221199001010017 '.repeat(5000));
      const { digest } = await store.put(Readable.from([marker]));
      const stored = filesUnder(own).filter((f) => !f.includes(`${own}/tmp`));
      expect(stored).toEqual([join(own, digest.slice(0, 2), digest.slice(2, 4), digest)]);
      const bytes = readFileSync(stored[0] as string);
      expect(bytes.includes(Buffer.from('211221199001010017'))).toBe(false);
      expect(bytes.includes(marker.subarray(0, 64))).toBe(false);
      expect(statSync(stored[0] as string).mode & 0o077).toBe(0);
      // Another ring cannot open it; a flipped byte is refused, not served.
      await expect(readAll(await diskFileStore(own, newKeyRing()).get(digest))).rejects.toMatchObject({ code: 'KEY_MISSING' });
      const flipped = Buffer.from(bytes);
      flipped[flipped.length - 100] = (flipped[flipped.length - 100] as number) ^ 1;
      writeFileSync(stored[0] as string, flipped);
      await expect(readAll(await store.get(digest))).rejects.toMatchObject({ code: 'FILE_DAMAGED' });
      // Cut short after a whole chunk: the last-chunk flag is missing, refused.
      writeFileSync(stored[0] as string, bytes.subarray(0, 5 + 20 + 4 + CHUNK + 16 + 8));
      await expect(readAll(await store.get(digest))).rejects.toMatchObject({ code: 'FILE_DAMAGED' });
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  });
});

describe('S3-compatible store (s3rver started by the test)', () => {
  const dir = scratchDir('doudi-s3rver-');
  const tmp = scratchDir('doudi-s3tmp-');
  let server: S3rver;
  let endpoint = '';
  beforeAll(async () => {
    server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir, configureBuckets: [{ name: 'doudi', configs: [] }] });
    const addr = (await server.run()) as AddressInfo;
    endpoint = `http://127.0.0.1:${addr.port}`;
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(tmp, { recursive: true, force: true });
  });
  let store: FileStore | null = null;
  const make = () => {
    if (!store) throw new Error('not ready');
    return store;
  };
  beforeAll(async () => {
    const o = s3OptionsFromEnv({ DOUDI_S3_ENDPOINT: endpoint, DOUDI_S3_BUCKET: 'doudi', DOUDI_S3_ACCESS_KEY_ID: 'S3RVER', DOUDI_S3_SECRET_ACCESS_KEY: 'S3RVER' });
    if (!o) throw new Error('options');
    store = await s3FileStore(o, ring, tmp);
  });
  behaves('s3', make);

  it('sends only sealed bytes to the object store', async () => {
    const marker = Buffer.from('211221199001010017 入户调查表 '.repeat(1000));
    const { digest } = await make().put(Readable.from([marker]));
    const objects = filesUnder(dir).filter((f) => statSync(f).size > marker.length);
    expect(objects.length).toBeGreaterThan(0);
    for (const f of objects) expect(readFileSync(f).includes(Buffer.from('211221199001010017'))).toBe(false);
    expect(filesUnder(tmp)).toEqual([]);
    expect((await readAll(await make().get(digest))).equals(marker)).toBe(true);
  });

  it('is chosen only when all four DOUDI_S3_ settings are given', () => {
    expect(s3OptionsFromEnv({})).toBeNull();
    expect(() => s3OptionsFromEnv({ DOUDI_S3_ENDPOINT: 'http://x' })).toThrow(/DOUDI_S3_BUCKET/);
    expect(s3OptionsFromEnv({ DOUDI_S3_ENDPOINT: 'http://x', DOUDI_S3_BUCKET: 'b', DOUDI_S3_ACCESS_KEY_ID: 'a', DOUDI_S3_SECRET_ACCESS_KEY: 's', DOUDI_S3_FORCE_PATH_STYLE: 'false' })).toMatchObject({
      forcePathStyle: false,
      region: 'us-east-1',
    });
  });
});
