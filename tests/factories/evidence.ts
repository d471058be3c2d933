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

