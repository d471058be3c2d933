import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileTypeFromFile } from 'file-type';
import sharp from 'sharp';
import { AppError } from '../../kernel/errors.ts';
import { limitError } from './limits.ts';
import { type PdfPreviewFailure, renderPdfPreview } from './pdf-preview.ts';

/**
 * 证明材料 An uploaded piece of evidence (issue 17, ADR 0049): a scan, a photo or a PDF, checked before anything is
 * stored — its type read from its content (never from its name), its size bounded while it streams in (src/api's
 * saveUpload cuts it at EVIDENCE_MAX_BYTES), images re-encoded so that their EXIF (the phone's GPS position, the
 * camera, the time) is not kept unless the step asks for the location, and a small preview made: of an image by
 * sharp, of a PDF's first page by pdf.js in a bounded worker (pdf-preview.ts, ADR 0050).
 */
export const EVIDENCE_MAX_BYTES = 20 * 1024 * 1024;

/** The media types accepted, by what the content is. HEIC is accepted when this server's image library reads it. */
export const EVIDENCE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'application/pdf'] as const;
export type EvidenceType = (typeof EVIDENCE_TYPES)[number];

const IMAGE_OUT: Record<Exclude<EvidenceType, 'application/pdf'>, 'jpeg' | 'png' | 'webp'> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/webp': 'webp',
  // A HEIC photo is kept as a JPEG: browsers other than Safari cannot show HEIC.
  'image/heic': 'jpeg',
};

/**
 * libvips keeps the results of recent operations (up to 50 MB by default) in case the same image comes again: an
 * upload's image never does, and that cache would stay in the server's RSS after every photo (bench/upload.bench.ts).
 */
sharp.cache(false);

/** The width of a preview (px). */
export const PREVIEW_WIDTH = 320;

export interface CheckedEvidence {
  /** The file to store: the re-encoded image, or the PDF as received. */
  path: string;
  /** What its content is (after re-encoding: a HEIC photo becomes image/jpeg). */
  mediaType: string;
  /** What the upload's content was detected as. */
  detected: EvidenceType;
  /** A JPEG preview (PREVIEW_WIDTH wide), or null when none could be made. */
  previewPath: string | null;
  /** A PDF whose first page could not be rendered (ADR 0050): why; the PDF is stored all the same. Null otherwise. */
  previewFailure: PdfPreviewFailure | null;
  /** Whether the image kept its EXIF (the step asked for the location). */
  keptLocation: boolean;
}

/** `UPLOAD_TYPE_REFUSED` (415): what the content is, what is accepted, and the field, in both languages. */
export function typeRefused(found: string | null, field = 'file'): AppError {
  const what = found ? { zh: `内容为 ${found}`, en: `its content is ${found}` } : { zh: '无法识别内容类型', en: 'its content is of no known type' };
  return new AppError(
    'UPLOAD_TYPE_REFUSED',
    {
      zh: `字段“${field}”的文件被拒绝：${what.zh}。只接受 JPEG、PNG、WebP、HEIC 图片或 PDF 文件（按文件内容判断，与文件名无关）`,
      en: `The file of field "${field}" was refused: ${what.en}. Only JPEG, PNG, WebP or HEIC images and PDF files are accepted (judged by the content, not the name)`,
    },
    { status: 415, field, details: { detected: found, accepted: EVIDENCE_TYPES } },
  );
}

/**
 * Checks the upload at `path` (already cut at the size bound) and writes what is to be stored beside it, in the same
 * private directory (`dir`): `stored.<ext>` and `preview.jpg`. Throws a bilingual AppError naming the field when the
 * file is empty, too large, of a type not accepted, or an image that cannot be read.
 */
export async function checkEvidence(path: string, o: { dir: string; keepLocation?: boolean; maxBytes?: number }): Promise<CheckedEvidence> {
  const max = o.maxBytes ?? EVIDENCE_MAX_BYTES;
  const { size } = await stat(path);
  if (size === 0) throw new AppError('UPLOAD_EMPTY', { zh: '文件为空', en: 'The file is empty' }, { status: 400, field: 'file' });
  if (size > max) throw limitError('bytes', max);
  const ft = await fileTypeFromFile(path);
  const mime = ft?.mime ?? null;
  const detected = (EVIDENCE_TYPES as readonly string[]).includes(mime ?? '') ? (mime as EvidenceType) : mime === 'image/heif' ? 'image/heic' : null;
  if (!detected) throw typeRefused(mime);
  if (detected === 'application/pdf') {
    const previewPath = join(o.dir, 'preview.jpg');
    const r = await renderPdfPreview(path, previewPath);
    return { path, mediaType: detected, detected, previewPath: r.ok ? previewPath : null, previewFailure: r.ok ? null : r.reason, keptLocation: false };
  }

  const format = IMAGE_OUT[detected];
  const out = join(o.dir, `stored.${format === 'jpeg' ? 'jpg' : format}`);
  const previewPath = join(o.dir, 'preview.jpg');
  try {
    // rotate() without an angle turns the pixels as the EXIF orientation says, so the image stands upright without it.
    const img = sharp(path, { limitInputPixels: 100_000_000, failOn: 'error' }).rotate();
    // sharp writes no metadata unless asked: the re-encoded image carries no EXIF, no GPS, no XMP. Asked to keep the
    // location, it keeps the EXIF (its orientation reset to upright, the pixels having been turned).
    const keep = o.keepLocation === true && detected !== 'image/heic';
    await (keep ? img.keepExif() : img)
      .toFormat(format, format === 'jpeg' ? { quality: 90 } : {})
      .toFile(out);
    await sharp(out).resize({ width: PREVIEW_WIDTH, withoutEnlargement: true }).jpeg({ quality: 75 }).toFile(previewPath);
    return { path: out, mediaType: `image/${format}`, detected, previewPath, previewFailure: null, keptLocation: keep };
  } catch (e) {
    if (e instanceof AppError) throw e;
    const heic = detected === 'image/heic';
    throw new AppError(
      'UPLOAD_IMAGE_UNREADABLE',
      heic
        ? {
            zh: '字段“file”的 HEIC 照片无法在本服务器读取：请在手机相机设置中选择“兼容性最佳”（JPEG）后重新拍摄或上传',
            en: 'The HEIC photo of field "file" cannot be read on this server: set the phone camera to "Most Compatible" (JPEG) and upload again',
          }
        : { zh: '字段“file”的图片已损坏，无法读取', en: 'The image of field "file" is damaged and cannot be read' },
      { status: 415, field: 'file', details: { detected } },
    );
  }
}
