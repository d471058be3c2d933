import type { PublicNoticeQuery } from '../../contracts/cases.ts';
import { availableDocuments, type BlankForm, type CaseDocumentKind, type DocumentFormat } from '../../contracts/documents.ts';
import type { FamilyNoticeKind } from '../../contracts/enrollments.ts';
import type { CaseDetail } from '../../contracts/cases.ts';
import type { Database } from '../../db/schema.ts';
import type { Transaction } from 'kysely';
import { appendAudit } from '../../db/audit.ts';
import { DocumentRepo } from '../../db/document-repo.ts';
import { divisionNames } from '../../db/division-repo.ts';
import { notFound, narrowScope, scopeOf } from '../../db/scope.ts';
import type { NumberedKind } from '../../kernel/document-number.ts';
import { AppError } from '../../kernel/errors.ts';
import type { PlainDate } from '../../kernel/plain-date.ts';
import type { ParameterSet } from '../../policy/parameter-set.ts';
import type { CaseRef } from '../cases/case-context.ts';
import { todayOf, type CommandContext, may, requirePermission } from '../context.ts';
import { loadCaseDetail } from '../cases/get-case.ts';
import { publicNotices } from '../cases/public-notices.ts';
import { type EnrollmentRef, enrollmentsFor, requireEnrollment } from '../enrollments/enrollment-context.ts';
import { loadParameterSet } from '../policy/parameters.ts';
import { detailOf, registryFor } from '../registry/load-household.ts';
import { parseJson } from '../shared/json-text.ts';
import type { NoticeContent } from '../shared/issue-document.ts';
import { buildDeliberationForm, buildHomeVisitForm, type FormHousehold } from './blank-forms.ts';
import { buildCaseDocument } from './case-documents.ts';
import { buildFamilyNotice } from './family-notices.ts';
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

/** 监督投诉电话: the county's parameter in force on the document's day (ADR 0030). */
function complaintPhone(ps: ParameterSet, countyCode: string, day: string): string {
  return ps.list('documents.complaintPhone', countyCode, day as PlainDate).value[0] ?? '';
}

/** The day a case document speaks for: its decision, its acceptance, or today for the forms and the record. */
function dayOf(kind: CaseDocumentKind, c: CaseDetail, today: string): string {
  if (kind === 'refusal' || kind === 'approval') return c.decision?.decidedOn ?? c.stateSince;
  if (kind === 'acceptance') return c.acceptedOn ?? today;
  return today;
}

/** The household pre-filled on the forms of a case: as the registry holds it, masked; only for a user who may read it. */
async function formHousehold(ctx: CommandContext, trx: Transaction<Database>, c: CaseDetail, place: string): Promise<FormHousehold> {
  if (!may(ctx.actor, 'registry.read')) return { applicantName: c.applicantName, place, household: null };
  const repo = registryFor(ctx, trx);
  const h = await repo.getHousehold(c.countyCode, c.householdId);
  return { applicantName: c.applicantName, place, household: h ? await detailOf(repo, h) : null };
}

/**
 * 案件文书 One document of a case, read through the user's area scope like the case page (a case outside the area is
 * not found), rendered as PDF or as the HTML print view. Each rendering is audited: a document is personal data
 * leaving the system on paper.
 */
export async function caseDocument(ctx: CommandContext, props: { ref: CaseRef; kind: CaseDocumentKind; format: DocumentFormat }): Promise<RenderedDocument> {
  requirePermission(ctx.actor, 'cases.read');
  // Read before the transaction: on SQLite the transaction holds the one connection.
  const ps = await loadParameterSet(ctx.db);
  const doc = await ctx.db.kysely.transaction().execute(async (trx) => {
    const detail = await loadCaseDetail(ctx, trx, props.ref);
    if (!availableDocuments(detail).includes(props.kind)) {
      throw new AppError('DOCUMENT_NOT_AVAILABLE', { zh: '该案件目前没有这份文书', en: 'This case has no such document at this stage' }, { status: 409, field: 'kind' });
    }
    const names = await divisionNames(trx, [countyOf(detail.areaCode), townshipOf(detail.areaCode)]);
    const county = names.get(countyOf(detail.areaCode)) ?? detail.countyCode;
    const township = names.get(townshipOf(detail.areaCode)) ?? '';
    let doc: PrintDoc;
    if (props.kind === 'home_visit' || props.kind === 'deliberation') {
      const h = await formHousehold(ctx, trx, detail, `${county} ${township} ${detail.areaName}`);
      doc = props.kind === 'home_visit' ? buildHomeVisitForm(h) : buildDeliberationForm(h);
    } else {
      const numbers: Partial<Record<NumberedKind, string>> = {};
      for (const d of await new DocumentRepo(trx, scopeOf(ctx.actor.areaCode)).ofCase(detail.countyCode, detail.id)) numbers[d.kind as NumberedKind] = d.number;
      const phone = complaintPhone(ps, detail.countyCode, dayOf(props.kind, detail, todayOf(ctx)));
      doc = buildCaseDocument(props.kind, detail, { county, township, complaintPhone: phone, numbers });
    }
    await appendAudit(
      trx,
      { userId: ctx.actor.userId, username: ctx.actor.username },
      { chain: detail.countyCode, action: 'case.document', entityType: 'case', entityId: detail.id, detail: { kind: props.kind, format: props.format, number: doc.number ?? null } },
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

/** 空白表格 A form printed blank (no case, no personal data): for a user who reads cases. */
export async function blankFormDocument(ctx: CommandContext, props: { form: BlankForm; format: DocumentFormat }): Promise<RenderedDocument> {
  requirePermission(ctx.actor, 'cases.read');
  return render(props.form === 'home_visit' ? buildHomeVisitForm(null) : buildDeliberationForm(null), props.format);
}

/**
 * 终止 / 暂停 / 变更救助通知书 of an enrollment, read through the user's area scope (an enrollment outside it is not
 * found), under the number it was issued with; the rendering is audited like a case document.
 */
export async function familyNoticeDocument(ctx: CommandContext, props: { ref: EnrollmentRef; noticeId: string; format: DocumentFormat }): Promise<RenderedDocument> {
  requirePermission(ctx.actor, 'cases.read');
  // Read before the transaction: on SQLite the transaction holds the one connection.
  const ps = await loadParameterSet(ctx.db);
  const doc = await ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await requireEnrollment(enrollmentsFor(ctx, trx), props.ref);
    const issued = await new DocumentRepo(trx, scopeOf(ctx.actor.areaCode)).get(row.county_code, props.noticeId);
    if (!issued || issued.enrollment_id !== row.id || !issued.content) throw notFound({ zh: '通知书', en: 'notice' });
    const names = await divisionNames(trx, [countyOf(row.area_code), row.area_code]);
    const county = names.get(countyOf(row.area_code)) ?? row.county_code;
    const doc = buildFamilyNotice({
      id: issued.id,
      kind: issued.kind as FamilyNoticeKind,
      number: issued.number,
      issuedOn: issued.issued_on,
      content: parseJson<NoticeContent>(issued.content, {} as NoticeContent),
      unit: row.unit,
      recipient: (row.unit === 'individual' ? row.person_name : null) ?? row.head_name,
      areaName: names.get(row.area_code) ?? row.area_code,
      county,
      complaintPhone: complaintPhone(ps, row.county_code, issued.issued_on),
    });
    await appendAudit(
      trx,
      { userId: ctx.actor.userId, username: ctx.actor.username },
      { chain: row.county_code, action: 'enrollment.notice_document', entityType: 'enrollment', entityId: row.id, detail: { notice: issued.id, kind: issued.kind, number: issued.number, format: props.format } },
      ctx.clock().toISOString(),
    );
    return doc;
  });
  return render(doc, props.format);
}
