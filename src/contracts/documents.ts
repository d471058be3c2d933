import { z } from 'zod';
import type { CaseDetail } from './cases.ts';

/**
 * Printed documents of a case (POLICY.md §5) and the public notice list, served as PDF or as an HTML print view.
 * 受理通知书 acceptance · 一次性告知书 missing documents · 不予批准通知书 refusal · 批准通知书 approval certificate ·
 * 审核审批表 the case record sheet (internal) · 入户调查表 home-visit form and 村民主评议记录 deliberation record (forms
 * filled in by hand, pre-filled with the household; also printable blank, BLANK_FORMS).
 */
export const CASE_DOCUMENT_KINDS = ['acceptance', 'missing', 'refusal', 'approval', 'record', 'home_visit', 'deliberation'] as const;
export type CaseDocumentKind = (typeof CASE_DOCUMENT_KINDS)[number];

/** Forms printable without a case (blank). */
export const BLANK_FORMS = ['home_visit', 'deliberation'] as const;
export type BlankForm = (typeof BLANK_FORMS)[number];

export const DOCUMENT_FORMATS = ['pdf', 'html'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

export const DocumentQuery = z.object({
  format: z.enum(DOCUMENT_FORMATS).default('pdf'),
  /** Sent as an attachment (a download) rather than shown in the browser. */
  download: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});
export type DocumentQuery = z.infer<typeof DocumentQuery>;

export const DocumentFormats = z.object({
  /** PDF needs a Chinese font the server can embed; without one only the HTML print view is offered. */
  pdf: z.boolean(),
  html: z.literal(true),
});
export type DocumentFormats = z.infer<typeof DocumentFormats>;

/** Which documents a case has now: what the case page offers and what the server will render. */
export function availableDocuments(c: Pick<CaseDetail, 'acceptedOn' | 'timeline' | 'records' | 'decision' | 'state' | 'enrollment' | 'temporary'>): CaseDocumentKind[] {
  const out: CaseDocumentKind[] = [];
  if (c.acceptedOn && c.timeline.some((e) => e.step === 'accept')) out.push('acceptance');
  if (c.records.missing.length > 0) out.push('missing');
  if (c.decision?.outcome === 'refused' || c.state === 'closed_ineligible') out.push('refusal');
  // 临时救助 (ADR 0037): a one-off aid has its decision letter without an enrollment, and no democratic review.
  if (c.decision?.outcome === 'approved' && (c.enrollment || c.temporary)) out.push('approval');
  out.push('record', 'home_visit');
  if (!c.temporary) out.push('deliberation');
  return out;
}
