import { useQuery } from '@tanstack/react-query';
import type { BlankForm, CaseDocumentKind, DocumentFormat, DocumentFormats } from '#contracts/documents.ts';
import { ApiRequestError, apiRequest } from '../../../lib/api-client.ts';
import { caseKeys, casePath } from './query-keys.ts';

/** `GET /api/documents/formats`: whether this server can make PDFs (it needs a Chinese font) besides print views. */
export function useDocumentFormats() {
  return useQuery({ queryKey: caseKeys.formats, queryFn: () => apiRequest<DocumentFormats>('/api/documents/formats'), staleTime: 10 * 60_000 });
}

/** `GET /api/cases/:county/:id/documents/:kind` */
export function caseDocumentUrl(county: string, id: string, kind: CaseDocumentKind, format: DocumentFormat, download = false): string {
  return `${casePath(county, id)}/documents/${kind}?format=${format}${download ? '&download=true' : ''}`;
}

/** `GET /api/documents/forms/:form`: a form printed blank. */
export function blankFormUrl(form: BlankForm, format: DocumentFormat): string {
  return `/api/documents/forms/${form}?format=${format}`;
}

/** `GET /api/public-notices/document` */
export function noticeDocumentUrl(level: 'village' | 'county', area: string | undefined, format: DocumentFormat, download = false): string {
  const q = new URLSearchParams({ level, format });
  if (area) q.set('area', area);
  if (download) q.set('download', 'true');
  return `/api/public-notices/document?${q}`;
}

/**
 * Fetches a document and saves it under the server's file name. Through fetch rather than a plain link so that a
 * refusal (no PDF font, out of area) shows as a message instead of a downloaded error page.
 */
export async function downloadDocument(url: string): Promise<string> {
  const res = await fetch(url, { credentials: 'same-origin' });
  if (!res.ok) {
    const body = await res.json().catch(() => null);
    throw new ApiRequestError(res.status, body?.code ? body : { code: `HTTP_${res.status}`, message: { zh: `下载失败（${res.status}）`, en: `Download failed (${res.status})` } });
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'document';
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
  return name;
}
