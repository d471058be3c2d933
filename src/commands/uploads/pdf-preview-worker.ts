import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { PDF_PREVIEW_WIDTH, type PdfPreviewRequest, type PdfPreviewResult } from './pdf-preview.ts';

/** The PDF preview's worker thread (pdf-preview.ts): one PDF, one reply, then it ends. Runs inside the limited heap. */
const req = workerData as PdfPreviewRequest;

/** The canvas pdf.js made for itself (from the `@napi-rs/canvas` it depends on), as much of it as is used here. */
interface PdfCanvas {
  width: number;
  height: number;
  encode(format: 'jpeg', quality: number): Promise<Buffer>;
}

async function render(): Promise<PdfPreviewResult> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const base = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  const data = new Uint8Array(await readFile(req.path));
  const task = pdfjs.getDocument({
    data,
    // The fonts a PDF names without embedding them, and the CMaps of Chinese text: pdf.js's own, read from its package.
    standardFontDataUrl: `${join(base, 'standard_fonts')}/`,
    cMapUrl: `${join(base, 'cmaps')}/`,
    cMapPacked: true,
    // No code made from the PDF's content (its PostScript functions are interpreted, not compiled).
    isEvalSupported: false,
    maxImageSize: req.limits.maxImagePixels,
    enableXfa: false,
    verbosity: 0,
  });
  const doc = await task.promise;
  try {
    const page = await doc.getPage(1);
    const unit = page.getViewport({ scale: 1 });
    if (!(unit.width > 0 && unit.height > 0 && Number.isFinite(unit.width) && Number.isFinite(unit.height))) return { ok: false, reason: 'page_too_large', message: 'page without a size' };
    const scale = PDF_PREVIEW_WIDTH / unit.width;
    const viewport = page.getViewport({ scale });
    const width = Math.max(1, Math.round(viewport.width));
    const height = Math.max(1, Math.round(viewport.height));
    if (width * height > req.limits.maxPreviewPixels) return { ok: false, reason: 'page_too_large', message: `${Math.round(unit.width)} × ${Math.round(unit.height)} pt` };
    const factory = doc.canvasFactory as { create(w: number, h: number): { canvas: PdfCanvas; context: CanvasRenderingContext2D } };
    const { canvas, context } = factory.create(width, height);
    // A white sheet: a PDF's page has no background of its own, and JPEG has no transparency.
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, width, height);
    await page.render({ canvas: canvas as unknown as HTMLCanvasElement, canvasContext: context, viewport }).promise;
    await writeFile(req.out, await canvas.encode('jpeg', 75), { mode: 0o600 });
    return { ok: true, width, height };
  } finally {
    await doc.destroy();
  }
}

let reply: PdfPreviewResult;
try {
  reply = await render();
} catch (e) {
  reply = { ok: false, reason: 'unreadable', message: (e as Error)?.message ?? String(e) };
}
parentPort?.postMessage(reply);
