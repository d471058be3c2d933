import sharp from 'sharp';

/** A JPEG whose EXIF holds a GPS position (Tieling) and the camera's maker, as a phone writes it. */
export async function jpegWithGps(width = 640, height = 480): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#884422' } })
    .jpeg()
    .withExif({ IFD0: { Make: 'PhoneMaker' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '42/1 17/1 30/1', GPSLongitudeRef: 'E', GPSLongitude: '123/1 50/1 0/1' } })
    .toBuffer();
}

/** A minimal one-page PDF, written out by hand. */
export const TINY_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);


/**
 * A PDF as doudi's own documents are made (pdfmake, the embedded Chinese font): an application form in Chinese, the
 * kind of PDF a caseworker scans or prints; `paragraphs` more make it longer (more pages).
 */
export async function chinesePdf(paragraphs = 1): Promise<Buffer> {
  const { renderPdf } = await import('../../src/commands/documents/render-pdf.ts');
  const blocks = Array.from({ length: paragraphs }, (_, i) => ({ kind: 'para' as const, text: `第${i + 1}段：申请人张三，铁岭县某镇某村村民，家庭人口三人，因病致贫，申请最低生活保障。`.repeat(6) }));
  return renderPdf({ title: '最低生活保障申请书', blocks, filename: 'application' });
}

/** A file that starts as a PDF and then is not one (a cut download, or a crafted file): typed as PDF, not renderable. */
export const CORRUPT_PDF = Buffer.concat([Buffer.from('%PDF-1.7\n1 0 obj<</Type/Catalog/Pages 9 0 R>>endobj\n'), Buffer.alloc(2048, 0x41), Buffer.from('\n%%EOF\n')]);

/** A one-page PDF whose page is 1 pt wide and 14,400 pt tall: at a 320-px preview, 4.6 million pixels high. */
export const STRIP_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 1 14400]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
