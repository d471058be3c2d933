import { Worker } from 'node:worker_threads';

/**
 * 首页预览 A PDF's first page as a small JPEG (issue 17 point 1, ADR 0050): rendered by pdf.js (`pdfjs-dist`, its
 * legacy build, which runs in Node with the `@napi-rs/canvas` it depends on) in a worker thread of its own, with a
 * heap limit and a time limit, so a hostile PDF — a page of absurd size, an endless content stream, a huge image —
 * costs a failed preview and never the server: the worker is stopped, the PDF is stored all the same, and its row says
 * the preview failed. Chinese PDFs render: pdf.js is given its own standard fonts and packed CMaps (the fonts a PDF
 * names without embedding them), read from the package's directories, never fetched.
 */
export const PDF_PREVIEW_WIDTH = 320;

export interface PdfPreviewLimits {
  /** The whole render (open, parse, draw, encode), in ms. */
  timeoutMs: number;
  /** The worker's old-generation heap (MB). */
  heapMb: number;
  /** The preview's pixel area at PDF_PREVIEW_WIDTH: a page far taller than wide (a 1 × 14,400 pt strip) is refused. */
  maxPreviewPixels: number;
  /** pdf.js `maxImageSize`: an image embedded in the page larger than this (pixels) is not decoded. */
  maxImagePixels: number;
}

export const PDF_PREVIEW_LIMITS: PdfPreviewLimits = {
  timeoutMs: 15_000,
  heapMb: 192,
  // 320 × 2,400: a page up to 7.5 times as tall as wide (an A4 page is 1.41).
  maxPreviewPixels: PDF_PREVIEW_WIDTH * 2_400,
  maxImagePixels: 25_000_000,
};

export interface PdfPreviewRequest {
  /** The PDF as received. */
  path: string;
  /** Where the JPEG goes. */
  out: string;
  limits: PdfPreviewLimits;
}

/** Why a preview failed: shown to nobody but the audit detail and the operator's report. */
export type PdfPreviewFailure = 'timeout' | 'memory' | 'page_too_large' | 'unreadable';

export type PdfPreviewResult = { ok: true; width: number; height: number } | { ok: false; reason: PdfPreviewFailure; message?: string };

/**
 * At most this many renders at once in the process (each worker costs its heap, pdf.js's code and a canvas): uploads
 * of many PDFs at the same moment queue here rather than start a worker each.
 */
export const PDF_PREVIEW_CONCURRENCY = 2;
let running = 0;
const waiting: (() => void)[] = [];

async function slot(): Promise<() => void> {
  if (running >= PDF_PREVIEW_CONCURRENCY) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  return () => {
    running--;
    waiting.shift()?.();
  };
}

/** Renders the first page of the PDF at `path` into the JPEG `out`; never throws for a bad PDF (the result says why). */
export async function renderPdfPreview(path: string, out: string, limits: PdfPreviewLimits = PDF_PREVIEW_LIMITS): Promise<PdfPreviewResult> {
  const release = await slot();
  try {
    return await renderInWorker({ path, out, limits });
  } finally {
    release();
  }
}

async function renderInWorker(req: PdfPreviewRequest): Promise<PdfPreviewResult> {
  const { limits } = req;
  const w = new Worker(new URL('./pdf-preview-worker.ts', import.meta.url), {
    workerData: req,
    resourceLimits: { maxOldGenerationSizeMb: limits.heapMb, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 },
    stdout: true,
    stderr: true,
  });
  // pdf.js warns on the console about what it skips in a damaged file: not the server's log's business.
  w.stdout.resume();
  w.stderr.resume();
  try {
    return await new Promise<PdfPreviewResult>((resolve) => {
      let settled = false;
      const settle = (r: PdfPreviewResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(r);
      };
      const timer = setTimeout(() => settle({ ok: false, reason: 'timeout' }), limits.timeoutMs);
      w.once('message', (m: PdfPreviewResult) => settle(m));
      w.once('error', (e: Error & { code?: string }) => settle({ ok: false, reason: e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'unreadable', message: e.message }));
      w.once('exit', (code) => settle({ ok: false, reason: 'unreadable', message: `the renderer stopped (exit ${code})` }));
    });
  } finally {
    await w.terminate();
  }
}
