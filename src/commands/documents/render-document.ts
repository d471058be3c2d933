import type { PublicNoticeQuery } from '../../contracts/cases.ts';
import { availableDocuments, type CaseDocumentKind, type DocumentFormat } from '../../contracts/documents.ts';
import { appendAudit } from '../../db/audit.ts';
import { divisionNames } from '../../db/division-repo.ts';
import { narrowScope, scopeOf } from '../../db/scope.ts';
import { AppError } from '../../kernel/errors.ts';
import type { CaseRef } from '../cases/case-context.ts';
import { todayOf, type CommandContext, requirePermission } from '../context.ts';
import { loadCaseDetail } from '../cases/get-case.ts';
import { publicNotices } from '../cases/public-notices.ts';
import { buildCaseDocument } from './case-documents.ts';
import { buildNoticeDocument } from './notice-document.ts';
import type { PrintDoc } from './print-doc.ts';
import { renderHtml } from './render-html.ts';
import { renderPdf } from './render-pdf.ts';

export interface RenderedDocument {
  body: Buffer | string;
  contentType: string;
  filename: string;
}

async function render(doc: PrintDoc, format: DocumentFormat): Promise<RenderedDocument> {
  if (format === 'html') return { body: renderHtml(doc), contentType: 'text/html; charset=utf-8', filename: `${doc.filename}.html` };
  return { body: await renderPdf(doc), contentType: 'application/pdf', filename: `${doc.filename}.pdf` };
}

const countyOf = (area: string) => `${area.slice(0, 6)}000000`;
const townshipOf = (area: string) => `${area.slice(0, 9)}000`;

/**
 * 案件文书 One document of a case, read through the user's area scope like the case page (a case outside the area is
 * not found), rendered as PDF or as the HTML print view. Each rendering is audited: a document is personal data
 * leaving the system on paper.
 */
export async function caseDocument(ctx: CommandContext, props: { ref: CaseRef; kind: CaseDocumentKind; format: DocumentFormat }): Promise<RenderedDocument> {
  requirePermission(ctx.actor, 'cases.read');
  const doc = await ctx.db.kysely.transaction().execute(async (trx) => {
    const detail = await loadCaseDetail(ctx, trx, props.ref);
    if (!availableDocuments(detail).includes(props.kind)) {
      throw new AppError('DOCUMENT_NOT_AVAILABLE', { zh: '该案件目前没有这份文书', en: 'This case has no such document at this stage' }, { status: 409, field: 'kind' });
    }
    const names = await divisionNames(trx, [countyOf(detail.areaCode), townshipOf(detail.areaCode)]);
    const doc = buildCaseDocument(props.kind, detail, {
      county: names.get(countyOf(detail.areaCode)) ?? detail.countyCode,
      township: names.get(townshipOf(detail.areaCode)) ?? '',
    });
    await appendAudit(
      trx,
      { userId: ctx.actor.userId, username: ctx.actor.username },
      { chain: detail.countyCode, action: 'case.document', entityType: 'case', entityId: detail.id, detail: { kind: props.kind, format: props.format } },
      ctx.clock().toISOString(),
    );
    return doc;
  });
  return render(doc, props.format);
}

/**
 * 公示名单 as a document for the notice board, for the user's area or a part of it. The list is the masked public
 * notice list (its read is audited as a bulk read); the download itself is audited too, with its format.
 */
export async function publicNoticeDocument(ctx: CommandContext, q: PublicNoticeQuery & { format: DocumentFormat }): Promise<RenderedDocument> {
  const list = await publicNotices(ctx, { level: q.level, area: q.area });
  const scope = narrowScope(scopeOf(ctx.actor.areaCode), q.area);
  const area = scope.areaCode;
  const today = todayOf(ctx);
  const doc = await ctx.db.kysely.transaction().execute(async (trx) => {
    const names = await divisionNames(trx, [area]);
    await appendAudit(
      trx,
      { userId: ctx.actor.userId, username: ctx.actor.username },
      { chain: scope.countyCode ?? 'city', action: 'case.public_notice_document', entityType: 'case', detail: { area, level: q.level, format: q.format, returned: list.items.length } },
      ctx.clock().toISOString(),
    );
    return buildNoticeDocument(list, names.get(area) ?? area, today);
  });
  return render(doc, q.format);
}
