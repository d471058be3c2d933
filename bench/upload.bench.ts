/**
 * Benchmark of an evidence upload (issue 17 point 6, ADR 0049): a 10 MB file sent over HTTP to
 * `POST /api/cases/:county/:id/files` of a server in this process, streamed from disk by the client, while the
 * process's RSS is sampled every 2 ms. Prints, for a 10 MB PDF (stored as received: the streamed path), a 10 MB JPEG
 * photo (re-encoded by sharp without EXIF) and a 10 KB PDF (the baseline: what any upload costs), the peak RSS growth
 * over the RSS just before the upload, the time, and the ratio of each growth to the file's size.
 *
 * Then the file store alone (sealing, hashing, writing) fed 10, 100 and 400 MB, to show the growth does not follow the size.
 *
 *   npx node --expose-gc bench/upload.bench.ts [--mb 10] [--big 400]
 */
import { createReadStream, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { householdOfThree, testServer } from '../tests/factories/api.ts';
import { nextId } from '../tests/factories/ids.ts';
import { rawLogin } from '../tests/factories/raw-session.ts';
import { scratchDir } from '../tests/factories/scratch-dir.ts';
import { createTestDb } from '../tests/factories/test-db.ts';
import { AREAS, makeUser, TEST_PASSWORD } from '../tests/factories/users.ts';
import { sampledRss } from './lib/phase.ts';

const { values: args } = parseArgs({ options: { mb: { type: 'string', default: '10' }, big: { type: 'string', default: '400' } } });
const SIZE = Math.round(Number(args.mb) * 1024 * 1024);
const MB = 1024 * 1024;

const dir = scratchDir('doudi-upload-bench-');
const db = await createTestDb();
try {
  await makeUser(db, 'bva', 'village_assistant', AREAS.village);
  const clock = () => new Date('2026-12-01T02:00:00Z');
  const app = await testServer(db, clock);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as AddressInfo).port;
  const s = await rawLogin(app, 'bva', TEST_PASSWORD);
  const h = householdOfThree(AREAS.village, [nextId('19700501'), nextId('19720301'), nextId('20050901')]);
  const hr = await s.inject({ method: 'POST', url: '/api/households', payload: { ...h, assets: [] } });
  if (hr.statusCode !== 201) throw new Error(`household: ${hr.body}`);
  const hh = hr.json();
  const head = hh.members.find((m: { relation: string }) => m.relation === 'head');
  const cr = await s.inject({
    method: 'POST',
    url: '/api/cases',
    payload: { kind: 'dibao_household', household: { countyCode: hh.countyCode, id: hh.id }, applicantPersonId: head.id, signedDeclaration: true, dataCheckAuthorised: true, staffRelative: false, onBehalf: true, attachments: [] },
  });
  if (cr.statusCode >= 300) throw new Error(`case: ${cr.body}`);
  const c = cr.json();

  // The files, written before anything is measured.
  const pdf = join(dir, 'big.pdf');
  const pad = Buffer.alloc(SIZE - 200, 0x20);
  writeFileSync(pdf, Buffer.concat([Buffer.from('%PDF-1.4\n%'), pad, Buffer.from('\n%%EOF\n')]));
  const small = join(dir, 'small.pdf');
  writeFileSync(small, Buffer.concat([Buffer.from('%PDF-1.4\n%'), Buffer.alloc(10 * 1024, 0x20), Buffer.from('\n%%EOF\n')]));
  const jpg = join(dir, 'photo.jpg');
  {
    // Noise compresses badly: a photo-sized JPEG of about SIZE bytes.
    let side = Math.round(Math.sqrt(SIZE / 1.6));
    for (let i = 0; i < 4; i++) {
      const w = side;
      const hgt = Math.round(side * 0.75);
      const raw = Buffer.alloc(w * hgt * 3);
      for (let k = 0; k < raw.length; k++) raw[k] = (k * 2654435761) >>> 24;
      await sharp(raw, { raw: { width: w, height: hgt, channels: 3 } }).jpeg({ quality: 95 }).toFile(jpg);
      const got = statSync(jpg).size;
      if (Math.abs(got - SIZE) < SIZE * 0.1) break;
      side = Math.round(side * Math.sqrt(SIZE / got));
    }
  }

  async function measure(label: string, path: string, contentType: string): Promise<{ label: string; bytes: number; growthMb: number; ms: number }> {
    const bytes = statSync(path).size;
    const { ms, growthMb, value: status } = await sampledRss(
      () =>
        new Promise<number>((resolve, reject) => {
          const req = request(
            {
              host: '127.0.0.1',
              port,
              method: 'POST',
              path: `/api/cases/${c.countyCode}/${c.id}/files?step=apply&type=other&name=${encodeURIComponent(label)}`,
              headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': contentType, 'content-length': String(bytes) },
            },
            (res) => {
              res.resume();
              res.on('end', () => resolve(res.statusCode ?? 0));
            },
          );
          req.on('error', reject);
          createReadStream(path).pipe(req);
        }),
    );
    if (status !== 200) throw new Error(`${label}: HTTP ${status}`);
    return { label, bytes, growthMb, ms };
  }

  // One warm-up (code paths loaded, sharp initialised), then the measured uploads.
  await measure('warm-up.pdf', small, 'application/pdf');
  const baseline = await measure('small.pdf', small, 'application/pdf');
  const results = [await measure('big.pdf', pdf, 'application/pdf'), await measure('photo.jpg', jpg, 'image/jpeg')];
  // The store alone, fed a generated stream (never whole in memory) of 10, 100 and --big MB: if the growth followed the
  // file's size, the last would be forty times the first; it stays within the garbage collector's slack.
  async function storeOnly(mb: number): Promise<{ label: string; bytes: number; growthMb: number; ms: number }> {
    const store = db.files;
    if (!store) throw new Error('no store');
    const piece = Buffer.alloc(64 * 1024);
    const total = mb * MB;
    async function* gen() {
      for (let sent = 0; sent < total; sent += piece.length) {
        piece.writeUInt32BE(sent, 0);
        yield piece;
      }
    }
    const { Readable } = await import('node:stream');
    const { ms, growthMb } = await sampledRss(() => store.put(Readable.from(gen(), { objectMode: false })));
    return { label: `store ${mb}MB`, bytes: total, growthMb, ms };
  }
  results.push(await storeOnly(10), await storeOnly(100), await storeOnly(Number(args.big)));
  console.log(`upload bench (${db.dialect}, disk store sealed, RSS sampled every 2 ms; baseline = a 10 KB upload in the same process)`);
  for (const r of [baseline, ...results]) {
    console.log(
      `${r.label.padEnd(12)} ${(r.bytes / MB).toFixed(2).padStart(6)} MB  peak RSS growth ${r.growthMb.toFixed(1).padStart(6)} MB  ` +
        `(${(r.growthMb / (r.bytes / MB)).toFixed(2)}× the file; ${(r.growthMb - baseline.growthMb).toFixed(1)} MB over the baseline upload)  ${r.ms.toFixed(0)} ms`,
    );
  }
  await app.close();
} finally {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
}
