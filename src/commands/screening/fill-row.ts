import { RowFill, type RowDetail } from '../../contracts/screening.ts';
import { appendAudit } from '../../db/audit.ts';
import { AppError } from '../../kernel/errors.ts';
import { monthOf } from '../../kernel/plain-date.ts';
import { type CommandContext, actorName, auditActor, requirePermission, staleVersion, todayOf } from '../context.ts';
import { loadParameterSet } from '../policy/parameters.ts';
import { json } from '../shared/json-text.ts';
import { assessFindings, type AssessedPerson, type StoredFindings, storedAssessment } from './assess-row.ts';
import { presentRowDetail } from './read-campaigns.ts';
import { requireCampaign, requireOpen, requireRow, ROW, rowEntityId, screeningRepo } from './screening-context.ts';

export interface RowRef {
  campaignId: string;
  countyCode: string;
  hhNo: string;
}

/** A refused row write: the row is already concluded. */
export function rowConcluded(): AppError {
  return new AppError('ROW_CONCLUDED', { zh: '该台账记录已作出处理结论，不能再修改', en: 'This ledger row has its conclusion; it can no longer be changed' }, { status: 409 });
}

/**
 * 填写台账 Records the methods used (数据比对, 信息核查, 入户走访: dates and staff) and the findings (income and assets
 * as found, each member's labour capacity, disability and illness) on a row of the actor's area, at the version read;
 * the engine assesses the found situation (dibao, 单人保, tekun, the amounts) and the row keeps the outcome. A village
 * assistant fills their village's rows, a township caseworker their township's. Versioned and audited; refused once the
 * row is concluded or the campaign closed. A verification visit recorded on a phone (`visit`, ADR 0051) keeps its id and
 * the time it was recorded in the home on the row.
 */
export async function fillRow(ctx: CommandContext, ref: RowRef, raw: unknown, visit?: { id: string; recordedAt: string }): Promise<RowDetail> {
  requirePermission(ctx.actor, 'screening.fill');
  const parsed = RowFill.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.map(String).join('.') || 'findings';
    throw new AppError('VALIDATION', { zh: `输入无效：${field}`, en: `Invalid input: ${field}` }, { field });
  }
  const input = parsed.data;
  const today = todayOf(ctx);
  const future = input.methods.findIndex((m) => m.date > today);
  if (future >= 0) {
    throw new AppError('METHOD_DATE_FUTURE', { zh: '核查日期不能晚于今天', en: 'A check cannot be dated after today' }, { field: `methods.${future}.date` });
  }
  const at = ctx.clock().toISOString();
  const ps = input.findings ? await loadParameterSet(ctx.db) : null;
  const done = await ctx.db.kysely.transaction().execute(async (trx) => {
    const repo = screeningRepo(ctx.actor, trx);
    const c = await requireCampaign(repo, ref.campaignId);
    requireOpen(c);
    const row = await requireRow(repo, { campaignId: c.id, countyCode: ref.countyCode, hhNo: ref.hhNo });
    if (row.conclusion !== null) throw rowConcluded();
    if (Number(row.version) !== input.version) throw staleVersion(ROW);
    const persons = await repo.persons(row);
    let findings: StoredFindings | null = null;
    let assessment: string | null = null;
    if (input.findings) {
      const keys = new Set(persons.map((p) => p.person_key));
      const unknown = input.findings.members.findIndex((m) => !keys.has(m.personKey));
      if (unknown >= 0) {
        throw new AppError('FINDING_MEMBER_UNKNOWN', { zh: '核查发现中的成员不属于该户', en: 'A member in the findings is not of this household' }, { field: `findings.members.${unknown}.personKey` });
      }
      findings = {
        incomeAnnualPerCapitaFen: input.findings.incomeAnnualPerCapita,
        financialAssetsFen: input.findings.financialAssets,
        vehicles: input.findings.vehicles,
        members: input.findings.members.map(({ ownIncomeAnnual, ...m }) => ({ ...m, ...(ownIncomeAnnual !== undefined ? { ownIncomeAnnualFen: ownIncomeAnnual } : {}) })),
        note: input.findings.note,
      };
      const month = monthOf(today);
      assessment = json(storedAssessment(month, assessFindings({ persons: persons as AssessedPerson[], findings, county: row.county_code, month, ps: ps!, trace: false })));
    }
    const matched = persons.find((p) => p.matched_household_id !== null)?.matched_household_id ?? null;
    const patch = {
      methods: json(input.methods),
      findings: findings ? json(findings) : null,
      assessment,
      matched_household_id: matched ?? row.matched_household_id,
      updated_by_id: ctx.actor.userId,
      updated_by_name: actorName(ctx.actor),
      updated_at: at,
      // A verification visit recorded on a phone (ADR 0051): its id and the time recorded in the home; `updated_at` is its arrival.
      ...(visit ? { visit_id: visit.id, recorded_at: visit.recordedAt } : {}),
    };
    if (!(await repo.patchRow({ campaignId: c.id, countyCode: row.county_code, hhNo: row.hh_no }, Number(row.version), patch))) throw staleVersion(ROW);
    const after = (await repo.row({ campaignId: c.id, countyCode: row.county_code, hhNo: row.hh_no }))!;
    await appendAudit(
      trx,
      auditActor(ctx.actor),
      {
        chain: row.county_code,
        action: 'screening.row.fill',
        entityType: 'screening_row',
        entityId: rowEntityId(row),
        before: row,
        after,
        detail: { version: Number(after.version), methods: input.methods.map((m) => m.method), findings: findings !== null, ...(visit ? { visitId: visit.id, recordedAt: visit.recordedAt } : {}) },
      },
      at,
    );
    return { c, after };
  });
  return presentRowDetail(ctx, done.c, done.after);
}
