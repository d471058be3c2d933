import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The text of each page of a PDF, read with pdf.js (as a reader would see it): what tests look for in the PDFs doudi
 * makes — independent of how they were made (pdfmake, pdf-lib).
 */
export async function pdfPageTexts(bytes: Uint8Array): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const base = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), standardFontDataUrl: `${join(base, 'standard_fonts')}/`, cMapUrl: `${join(base, 'cmaps')}/`, cMapPacked: true, isEvalSupported: false, verbosity: 0 }).promise;
  try {
    const out: string[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i);
      const tc = await page.getTextContent();
      out.push(tc.items.map((it) => ('str' in it ? it.str : '')).join(''));
    }
    return out;
  } finally {
    await doc.destroy();
  }
}
