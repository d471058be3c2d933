import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { scratchDir } from '../../../tests/factories/scratch-dir.ts';
import { checkEvidence, EVIDENCE_MAX_BYTES } from './evidence-file.ts';
import { PDF_PREVIEW_LIMITS, renderPdfPreview } from './pdf-preview.ts';
import { CORRUPT_PDF, chinesePdf, jpegWithGps, STRIP_PDF, TINY_PDF } from '../../../tests/factories/evidence.ts';

// A PDF's preview is rendered in a Worker of its own (pdf-preview.ts): this file runs in the isolated pool (vitest.config.ts).
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function upload(bytes: Buffer, name = 'upload.bin'): { path: string; dir: string } {
  const dir = scratchDir('doudi-evidence-');
  dirs.push(dir);
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return { path, dir };
}

/** The GPS IFD pointer tag (0x8825) in little-endian EXIF. */
const hasGpsPointer = (exif: Buffer | undefined) => exif !== undefined && exif.indexOf(Buffer.from([0x25, 0x88])) >= 0;

describe('checkEvidence', () => {
  it('refuses a renamed executable by its content, naming the field in both languages', async () => {
    // An ELF header, named as a photo: the name is not looked at.
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(4096, 0x90)]);
    const u = upload(elf, 'photo.jpg');
    const e = await checkEvidence(u.path, { dir: u.dir }).catch((x) => x);
    expect(e).toMatchObject({ code: 'UPLOAD_TYPE_REFUSED', status: 415, field: 'file' });
    expect(e.messages.zh).toContain('字段“file”');
    expect(e.messages.en).toContain('field "file"');
    expect(e.details.detected).toBe('application/x-elf');
  });

  it('refuses text named .pdf, an empty file and a file over the bound', async () => {
    const t = upload(Buffer.from('just text, named like a PDF'), 'scan.pdf');
    await expect(checkEvidence(t.path, { dir: t.dir })).rejects.toMatchObject({ code: 'UPLOAD_TYPE_REFUSED' });
    const empty = upload(Buffer.alloc(0));
    await expect(checkEvidence(empty.path, { dir: empty.dir })).rejects.toMatchObject({ code: 'UPLOAD_EMPTY' });
    const big = upload(Buffer.alloc(2048, 1));
    await expect(checkEvidence(big.path, { dir: big.dir, maxBytes: 1024 })).rejects.toMatchObject({ code: 'UPLOAD_TOO_LARGE', status: 413, details: { max: 1024 } });
    expect(EVIDENCE_MAX_BYTES).toBe(20 * 1024 * 1024);
  });

  it('re-encodes a JPEG with GPS EXIF into one without any EXIF, upright, and makes a preview', async () => {
    const original = await jpegWithGps();
    expect(hasGpsPointer((await sharp(original).metadata()).exif)).toBe(true);
    const u = upload(original);
    const c = await checkEvidence(u.path, { dir: u.dir });
    expect(c).toMatchObject({ mediaType: 'image/jpeg', detected: 'image/jpeg', previewFailure: null, keptLocation: false });
    const stored = readFileSync(c.path);
    const meta = await sharp(stored).metadata();
    expect(meta.exif).toBeUndefined();
    expect([meta.width, meta.height]).toEqual([640, 480]);
    expect(stored.includes(Buffer.from('PhoneMaker'))).toBe(false);
    const preview = await sharp(c.previewPath as string).metadata();
    expect([preview.format, preview.width]).toEqual(['jpeg', 320]);
  });

  it('keeps the EXIF location when the step asks for it', async () => {
    const u = upload(await jpegWithGps());
    const c = await checkEvidence(u.path, { dir: u.dir, keepLocation: true });
    expect(c.keptLocation).toBe(true);
    expect(hasGpsPointer((await sharp(c.path).metadata()).exif)).toBe(true);
  });

  it('accepts PNG and WebP as themselves, and a PDF as received with its first page as the preview', async () => {
    for (const [fmt, mime] of [
      ['png', 'image/png'],
      ['webp', 'image/webp'],
    ] as const) {
      const u = upload(await sharp({ create: { width: 40, height: 30, channels: 3, background: '#fff' } }).toFormat(fmt).toBuffer());
      expect((await checkEvidence(u.path, { dir: u.dir })).mediaType).toBe(mime);
    }
    const p = upload(TINY_PDF, 'application.bin');
    const c = await checkEvidence(p.path, { dir: p.dir });
    expect(c).toMatchObject({ mediaType: 'application/pdf', previewPath: join(p.dir, 'preview.jpg'), previewFailure: null, path: p.path });
  });

  it('renders the first page of a Chinese PDF made by pdfmake as a 320-px JPEG with the text on it', async () => {
    const p = upload(await chinesePdf(), 'application.pdf');
    const c = await checkEvidence(p.path, { dir: p.dir });
    expect(c).toMatchObject({ mediaType: 'application/pdf', detected: 'application/pdf', previewFailure: null, path: p.path });
    const meta = await sharp(c.previewPath as string).metadata();
    // A4 (595 × 842 pt) at 320 px wide: 453 px high.
    expect(meta).toMatchObject({ format: 'jpeg', width: 320, height: 453 });
    // The title and the paragraph are drawn: dark pixels in the upper part, the page otherwise white. A blank page
    // (fonts or CMaps not found: nothing drawn) has no dark pixel at all.
    const { data, info } = await sharp(c.previewPath as string).greyscale().raw().toBuffer({ resolveWithObject: true });
    const dark = (y0: number, y1: number) => {
      let n = 0;
      for (let y = y0; y < y1; y++) for (let x = 0; x < info.width; x++) if ((data[y * info.width + x] as number) < 128) n++;
      return n;
    };
    expect(dark(0, 200)).toBeGreaterThan(300);
    expect(dark(350, 453)).toBe(0);
  });

  it('stores a damaged PDF and a hostile page size with the preview failed, never throwing', async () => {
    const bad = upload(CORRUPT_PDF, 'scan.pdf');
    const c = await checkEvidence(bad.path, { dir: bad.dir });
    expect(c).toMatchObject({ mediaType: 'application/pdf', path: bad.path, previewPath: null, previewFailure: 'unreadable' });
    const strip = upload(STRIP_PDF, 'strip.pdf');
    expect(await checkEvidence(strip.path, { dir: strip.dir })).toMatchObject({ mediaType: 'application/pdf', previewPath: null, previewFailure: 'page_too_large' });
  });

  it('renders many PDFs arriving at once, a few at a time, every one of them', async () => {
    const bytes = await chinesePdf();
    const many = Array.from({ length: 5 }, (_, i) => upload(bytes, `many-${i}.pdf`));
    const results = await Promise.all(many.map((u) => renderPdfPreview(u.path, join(u.dir, 'preview.jpg'))));
    expect(results.map((r) => r.ok)).toEqual([true, true, true, true, true]);
  });

  it('gives up a render that takes longer than its time limit (the worker is stopped)', async () => {
    const p = upload(await chinesePdf(40), 'long.pdf');
    const r = await renderPdfPreview(p.path, join(p.dir, 'preview.jpg'), { ...PDF_PREVIEW_LIMITS, timeoutMs: 1 });
    expect(r).toEqual({ ok: false, reason: 'timeout' });
  });

  it('refuses a damaged JPEG (a JPEG header, then nothing readable)', async () => {
    const good = await jpegWithGps();
    const u = upload(good.subarray(0, 300));
    await expect(checkEvidence(u.path, { dir: u.dir })).rejects.toMatchObject({ code: 'UPLOAD_IMAGE_UNREADABLE', field: 'file' });
  });
});
