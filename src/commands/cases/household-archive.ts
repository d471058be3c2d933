import { ArchiveRepo } from '../../db/archive-repo.ts';
import { CaseFileRepo } from '../../db/case-file-repo.ts';
import type { CaseFileTable } from '../../db/schema.ts';
import { notFound, scopeOf } from '../../db/scope.ts';
import { type ArchiveEntry, DOCUMENT_TYPE_LABELS, type DocumentType, type HouseholdArchive } from '../../contracts/case-files.ts';
import { formatYuan } from '../../kernel/money.ts';
import { chinaDateOf } from '../../kernel/plain-date.ts';
import { type CommandContext, may, recordRead, requirePermission, todayOf } from '../context.ts';
import { parameterSetOf } from '../policy/parameters.ts';
import { OWNER_READ_PERMISSION, presentCaseFile } from './case-files.ts';
import { retentionOf } from './case-retention.ts';

const PROGRAM: Record<string, { zh: string; en: string }> = {
  dibao: { zh: '低保', en: 'dibao' },
  tekun: { zh: '特困供养', en: 'tekun' },
  temporary: { zh: '临时救助', en: 'temporary aid' },
  heating: { zh: '取暖救助', en: 'heating aid' },
};
const prog = (p: string) => PROGRAM[p] ?? { zh: p, en: p };
/** The case kinds as the archive names them (the web app's locale has the same words; no code on screen). */
const CASE_KIND: Record<string, { zh: string; en: string }> = {
  dibao_household: { zh: '家庭', en: 'household' },
  dibao_individual: { zh: '单人保', en: 'individual' },
  tekun: { zh: '特困供养', en: 'tekun' },
  temporary_emergency: { zh: '急难型', en: 'emergency' },
  temporary_expenditure: { zh: '支出型', en: 'expenditure' },
};
const kindOf = (k: string) => CASE_KIND[k] ?? { zh: '其他', en: k };

/**
 * 电子档案 A household's electronic case file (issue 17 point 3, ADR 0049): every case, decision, numbered document, file
 * and payment, in the order they happened (day, then moment, then kind). Read within the actor's area (a household
 * elsewhere is not found), and the read audited. The bound PDF with a table of contents: documents/archive-pdf.ts.
 */
export async function householdArchive(ctx: CommandContext, ref: { countyCode: string; id: string }): Promise<HouseholdArchive> {
  const { archive } = await readHouseholdArchive(ctx, ref);
  await recordRead(ctx, { chain: archive.countyCode, action: 'household.archive', entityType: 'household', entityId: archive.householdId, detail: { entries: archive.entries.length } });
  return archive;
}

/** The household as the archive names it (its head and address: the cover of the bound PDF). */
export interface ArchiveHousehold {
  county_code: string;
  id: string;
  area_code: string;
  head_name: string;
  address: string;
}

/**
 * The archive's reads (not audited: the caller audits what it does with them): the household in the actor's area
 * (not found elsewhere), its entries in order, its files (deleted ones included), and its cases. `caseId` narrows
 * everything to one case (the bound PDF printed per case).
 */
export async function readHouseholdArchive(
  ctx: CommandContext,
  ref: { countyCode: string; id: string; caseId?: string },
): Promise<{ archive: HouseholdArchive; household: ArchiveHousehold; files: CaseFileTable[]; cases: { id: string; program: string; kind: string; state: string; applied_on: string }[] }> {
  requirePermission(ctx.actor, 'cases.read');
  const scope = scopeOf(ctx.actor.areaCode);
  const repo = new ArchiveRepo(ctx.db.kysely, scope);
  const h = await repo.household(ref.countyCode, ref.id);
  if (!h) throw notFound({ zh: '户', en: 'household' });
  const all = await repo.cases(h.county_code, h.id);
  const cases = ref.caseId === undefined ? all : all.filter((c) => c.id === ref.caseId);
  if (ref.caseId !== undefined && cases.length === 0) throw notFound({ zh: '案件', en: 'case' });
  const ids = cases.map((c) => c.id);
  const [decisions, documents, files, payments] = await Promise.all([
    repo.decisions(h.county_code, ids),
    repo.documents(h.county_code, ids),
    // Only the files the actor may read by their owner (a finding's evidence is the findings' readers', ADR 0050).
    new CaseFileRepo(ctx.db.kysely, scope)
      .ofHousehold(h.county_code, h.id)
      .then((fs) => fs.filter((f) => may(ctx.actor, OWNER_READ_PERMISSION[f.owner_kind]) && (ref.caseId === undefined || f.case_id === ref.caseId))),
    ref.caseId === undefined ? repo.payments(h.county_code, h.id) : Promise.resolve([]),
  ]);
  const entries: ArchiveEntry[] = [];
  for (const c of cases) {
    entries.push({ on: c.applied_on, at: c.created_at, kind: 'case', caseId: c.id, title: { zh: `${prog(c.program).zh}申请（${kindOf(c.kind).zh}）`, en: `${prog(c.program).en} application (${kindOf(c.kind).en})` }, ref: c.id, amountYuan: null });
  }
  for (const d of decisions) {
    const approved = d.outcome === 'approved';
    entries.push({
      on: d.decided_on,
      at: d.decided_at,
      kind: 'decision',
      caseId: d.case_id,
      title: { zh: `${approved ? '批准' : '不予批准'}（${d.decider_name}）`, en: `${approved ? 'approved' : 'refused'} (${d.decider_name})` },
      ref: d.id,
      amountYuan: d.amount_fen === null ? null : formatYuan(Number(d.amount_fen)),
    });
  }
  for (const d of documents) {
    entries.push({ on: d.issued_on, at: d.issued_at, kind: 'document', caseId: d.case_id, title: { zh: `文书 ${d.number}`, en: `document ${d.number} (${d.kind})` }, ref: d.number, amountYuan: null });
  }
  for (const f of files) {
    const label = DOCUMENT_TYPE_LABELS[f.document_type as DocumentType] ?? DOCUMENT_TYPE_LABELS.other;
    entries.push({
      on: chinaDateOf(new Date(f.uploaded_at)),
      at: f.uploaded_at,
      kind: 'file',
      caseId: f.case_id,
      title: { zh: `材料：${label.zh}（${f.file_name}）${Number(f.deleted) ? '（已作废）' : ''}`, en: `file: ${label.en} (${f.file_name})${Number(f.deleted) ? ' (withdrawn)' : ''}` },
      ref: f.id,
      amountYuan: null,
    });
  }
  for (const p of payments) {
    const status = p.bank_status === 'paid' ? { zh: '已发放', en: 'paid' } : p.bank_status === 'failed' ? { zh: '发放失败', en: 'failed' } : { zh: '待银行回盘', en: 'awaiting the bank' };
    entries.push({
      on: `${p.benefit_month}-01`,
      at: p.bank_at,
      kind: 'payment',
      caseId: null,
      title: { zh: `${prog(p.program).zh} ${p.benefit_month} ${status.zh}`, en: `${prog(p.program).en} ${p.benefit_month} ${status.en}` },
      ref: `${p.roll_id}#${p.seq}`,
      amountYuan: formatYuan(Number(p.amount_fen)),
    });
  }
  const order = { case: 0, file: 1, document: 2, decision: 3, payment: 4 } as const;
  entries.sort((a, b) => a.on.localeCompare(b.on) || (a.at ?? '').localeCompare(b.at ?? '') || order[a.kind] - order[b.kind] || a.ref.localeCompare(b.ref));
  const ps = await parameterSetOf(ctx.db.kysely);
  const today = todayOf(ctx);
  const archive: HouseholdArchive = {
    countyCode: h.county_code,
    householdId: h.id,
    entries,
    cases: cases.map((c) => {
      const r = retentionOf(ps, c);
      return { id: c.id, program: c.program, state: c.state, appliedOn: c.applied_on, closedOn: r?.closedOn ?? null, retentionYears: r?.years ?? null, retainUntil: r?.retainUntil ?? null, due: r !== null && r.retainUntil < today };
    }),
    files: files.map(presentCaseFile),
    counts: { cases: cases.length, decisions: decisions.length, documents: documents.length, files: files.length, payments: payments.length },
  };
  return { archive, household: h, files, cases };
}
