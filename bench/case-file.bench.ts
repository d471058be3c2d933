/**
 * Benchmark of the bound case-file PDF (issue 17 points 3 and 6, ADR 0050): a household with 50 documents — 40
 * photo-sized JPEGs of 1–3 MB and 10 small Chinese PDFs made by pdfmake — stored sealed in the disk store, then bound
 * into one PDF by `householdArchivePdf` while the process's RSS is sampled every 2 ms. Printed beside two baselines
 * measured in the same run: the same household's PDF with no documents (cover, contents and listing only), and the
 * store reading the same 50 documents' bytes (what reading them costs at least). Prints the time, the peak RSS growth,
 * the output's size and pages, and the ratios to the baselines.
 *
 *   npx node --expose-gc bench/case-file.bench.ts [--photos 40] [--pdfs 10]
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { householdArchivePdf } from '../src/commands/documents/archive-pdf.ts';
import type { Actor } from '../src/commands/context.ts';
import { CaseFileRepo } from '../src/db/case-file-repo.ts';
import { readAll } from '../src/db/file-store.ts';
import { scopeOf } from '../src/db/scope.ts';
import { householdOfThree } from '../tests/factories/api.ts';
import { chinesePdf } from '../tests/factories/evidence.ts';
import { nextId } from '../tests/factories/ids.ts';
import { createTestDb } from '../tests/factories/test-db.ts';
import { AREAS, makeUser } from '../tests/factories/users.ts';
import { testServer } from '../tests/factories/api.ts';
import { rawLogin } from '../tests/factories/raw-session.ts';
import { TEST_PASSWORD } from '../tests/factories/users.ts';
import { sampledRss } from './lib/phase.ts';

const { values: args } = parseArgs({ options: { photos: { type: 'string', default: '40' }, pdfs: { type: 'string', default: '10' } } });
const PHOTOS = Number(args.photos);
const PDFS = Number(args.pdfs);
const MB = 1024 * 1024;

/** A noise JPEG of about `bytes` (noise compresses badly, like a photo of a wall). */
async function noiseJpeg(bytes: number, seed: number): Promise<Buffer> {
  let side = Math.round(Math.sqrt(bytes / 1.6));
  let out = Buffer.alloc(0);
  for (let i = 0; i < 4; i++) {
    const w = side;
    const h = Math.round(side * 0.75);
    const raw = Buffer.alloc(w * h * 3);
    for (let k = 0; k < raw.length; k++) raw[k] = ((k + seed) * 2654435761) >>> 24;
    out = await sharp(raw, { raw: { width: w, height: h, channels: 3 } }).jpeg({ quality: 95 }).toBuffer();
    if (Math.abs(out.length - bytes) < bytes * 0.1) break;
    side = Math.round(side * Math.sqrt(bytes / out.length));
  }
  return out;
}

async function sampled<T>(label: string, f: () => Promise<T>): Promise<{ label: string; ms: number; growthMb: number; value: T }> {
  return { label, ...(await sampledRss(f)) };
}

const db = await createTestDb();
try {
  await makeUser(db, 'bcw', 'township_caseworker', AREAS.township);
  const clock = () => new Date('2026-12-01T02:00:00Z');
  const app = await testServer(db, clock);
  const s = await rawLogin(app, 'bcw', TEST_PASSWORD);
  const make = async () => {
    const h = householdOfThree(AREAS.village, [nextId('19700501'), nextId('19720301'), nextId('20050901')]);
    const hr = await s.inject({ method: 'POST', url: '/api/households', payload: { ...h, assets: [] } });
    if (hr.statusCode !== 201) throw new Error(`household: ${hr.body}`);
    return hr.json() as { countyCode: string; id: string; areaCode: string };
  };
  const full = await make();
  const empty = await make();
  const store = db.files;
  if (!store) throw new Error('no store');

  // The documents, stored and recorded before anything is measured: three photo sizes, each made distinct by a
  // trailing byte (a JPEG decoder stops at its end marker), so every document is its own stored file.
  const bases = await Promise.all([1, 2, 3].map((mb, i) => noiseJpeg(mb * MB, i)));
  const pdfs = await Promise.all(Array.from({ length: Math.min(PDFS, 3) }, (_, i) => chinesePdf(i + 1)));
  const repo = new CaseFileRepo(db.kysely, scopeOf(AREAS.county));
  const digests: string[] = [];
  let storedBytes = 0;
  const n = PHOTOS + PDFS;
  for (let i = 0; i < n; i++) {
    const photo = i % 5 !== 4 || i >= PDFS * 5;
    const content = photo ? Buffer.concat([bases[i % 3] as Buffer, Buffer.from([i & 0xff, i >> 8])]) : Buffer.concat([pdfs[i % pdfs.length] as Buffer, Buffer.from(`\n%${i}\n`)]);
    const stored = await store.put(Readable.from([content]));
    digests.push(stored.digest);
    storedBytes += stored.size;
    await repo.insert({
      county_code: full.countyCode,
      id: randomUUID(),
      owner_kind: 'household',
      owner_id: full.id,
      case_id: null,
      step: null,
      household_id: full.id,
      area_code: full.areaCode,
      document_type: photo ? 'photo' : 'other',
      file_name: photo ? `照片${i}.jpg` : `材料${i}.pdf`,
      media_type: photo ? 'image/jpeg' : 'application/pdf',
      size_bytes: stored.size,
      digest: stored.digest,
      key_id: stored.keyId,
      preview_digest: null,
      preview_key_id: null,
      preview_pending: 0,
      preview_failed: 0,
      kept_location: 0,
      uploaded_by: null,
      uploaded_by_name: 'bench',
      uploaded_at: new Date(Date.UTC(2026, 11, 1, 2, i)).toISOString(),
      deleted: 0,
      deleted_by_name: null,
      deleted_at: null,
      client_key: null,
    });
  }
  const reader: Actor = { userId: '', username: 'bcw', displayName: 'bcw', role: 'township_caseworker', areaCode: AREAS.township };
  const ctx = { db, actor: reader, clock };

  // A warm-up (fonts parsed, modules loaded), then the measured runs.
  await householdArchivePdf(ctx, { countyCode: empty.countyCode, id: empty.id });
  const none = await sampled('no documents', () => householdArchivePdf(ctx, { countyCode: empty.countyCode, id: empty.id }));
  const read = await sampled('store read', async () => {
    let total = 0;
    for (const d of digests) total += (await readAll(await store.get(d))).length;
    return total;
  });
  const bound = await sampled('bound PDF', () => householdArchivePdf(ctx, { countyCode: full.countyCode, id: full.id }));
  const out = bound.value;
  console.log(`case-file bench (${db.dialect}, disk store sealed, RSS sampled every 2 ms): ${n} documents (${PHOTOS} JPEGs of 1–3 MB, ${PDFS} PDFs), ${(storedBytes / MB).toFixed(1)} MB stored`);
  console.log(`  no documents   ${none.ms.toFixed(0).padStart(7)} ms  peak RSS growth ${none.growthMb.toFixed(1).padStart(6)} MB  (${none.value.pages} pages)`);
  console.log(`  store read     ${read.ms.toFixed(0).padStart(7)} ms  peak RSS growth ${read.growthMb.toFixed(1).padStart(6)} MB  (${(read.value / MB).toFixed(1)} MB read)`);
  console.log(
    `  bound PDF      ${bound.ms.toFixed(0).padStart(7)} ms  peak RSS growth ${bound.growthMb.toFixed(1).padStart(6)} MB  (${out.pages} pages, ${(out.bytes.length / MB).toFixed(1)} MB, ${out.notBound} not bound)`,
  );
  console.log(
    `  ratios: time ${(bound.ms / none.ms).toFixed(1)}× the PDF without documents, ${(bound.ms / read.ms).toFixed(1)}× reading the documents; ` +
      `RSS growth ${(bound.growthMb / (storedBytes / MB)).toFixed(2)}× the documents' size, ${(out.bytes.length / storedBytes).toFixed(2)}× in the output`,
  );
  await app.close();
} finally {
  await db.destroy();
}
