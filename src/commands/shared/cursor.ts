import type { WorkCursor } from '../../db/case-repo.ts';
import { AppError } from '../../kernel/errors.ts';

/** The worklist's keyset position as an opaque string (base64url of [due, county, id]). */
export function encodeCursor(c: WorkCursor): string {
  return Buffer.from(JSON.stringify([c.due, c.county, c.id]), 'utf8').toString('base64url');
}

export function decodeCursor(text: string | undefined): WorkCursor | undefined {
  if (!text) return undefined;
  try {
    const v = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'string')) return { due: v[0], county: v[1], id: v[2] };
  } catch {
    // fall through to the coded error
  }
  throw new AppError('CURSOR_INVALID', { zh: '翻页位置无效，请从第一页重新开始', en: 'Invalid page position; start again from the first page' }, { field: 'after' });
}
