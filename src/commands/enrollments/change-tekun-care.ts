import type { EnrollmentDetail } from '../../contracts/enrollments.ts';
import type { EnrollmentTekunCareInput } from '../../contracts/tekun-care.ts';
import { appendAudit } from '../../db/audit.ts';
import { AppError } from '../../kernel/errors.ts';
import type { PlainMonth } from '../../kernel/plain-date.ts';
import { type ChangePlan, termAt } from '../../workflow/review-terms.ts';
import { type CommandContext, actorName, auditActor, requirePermission, staleVersion, todayOf } from '../context.ts';
import { loadParameterSet } from '../policy/parameters.ts';
import { json } from '../shared/json-text.ts';
import { applyPlan, ENROLLMENT, type EnrollmentRef, effectiveMonth, enrollmentsFor, requireEnrollment, termsOf } from './enrollment-context.ts';
import { loadEnrollmentDetail } from './get-enrollments.ts';
import { assessEnrollment } from './registry-facts.ts';
import { assessedLevel, checkCare, tekunCareFor } from './tekun-care.ts';

/**
 * 供养方式与护理等级变更 The county changes a tekun enrollment's placement (分散 / 集中供养, which institution) or
 * its care level (a new assessment of the six self-care items, or a level set by hand with its reason) from a month,
 * with written reasons (ADR 0027). The month is next month by default; an earlier one (a reassessment that applied
 * before the decision) may go back to the month after the last decided term, never before the benefit began. The
 * engine assesses that month with the new record: where the amount differs, a new term from that month is written
 * (basis `care`) through the same term machinery as every change, so payroll pays the difference as back-pay or
 * recovers it; the recalculated terms after it are dropped and the enrollment is recalculated again with the record
 * in force in each month. Optimistic lock on the enrollment's version; record, terms and audit in one transaction.
 */
export async function changeTekunCare(ctx: CommandContext, props: { ref: EnrollmentRef; input: EnrollmentTekunCareInput }): Promise<EnrollmentDetail> {
  requirePermission(ctx.actor, 'cases.read');
  requirePermission(ctx.actor, 'cases.approve');
  const { input } = props;
  const ps = await loadParameterSet(ctx.db);
  const today = todayOf(ctx);
  const next = effectiveMonth(today);
  const month = (input.fromMonth ?? next) as PlainMonth;
  const at = ctx.clock().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const repo = enrollmentsFor(ctx, trx);
    const row = await requireEnrollment(repo, props.ref);
    if (row.program !== 'tekun') {
      throw new AppError('NOT_TEKUN', { zh: '只有特困供养对象有供养方式与护理等级', en: 'Only tekun enrollments have a placement and care level' }, { status: 409 });
    }
    if (Number(row.version) !== input.version) throw staleVersion(ENROLLMENT);
    const terms = termsOf(await repo.terms(row.county_code, [row.id]));
    const decided = terms.filter((t) => t.basis !== 'recalculation').at(-1);
    const earliest = decided && decided.fromMonth >= row.start_month ? decided.fromMonth : row.start_month;
    if (month > next || month <= earliest) {
      throw new AppError(
        'CARE_MONTH_OUT_OF_RANGE',
        { zh: `变更起始月份须晚于 ${earliest}（最近一次已决定的待遇）且不晚于 ${next}`, en: `The change must start after ${earliest} (the last decided term) and no later than ${next}` },
        { field: 'fromMonth' },
      );
    }
    const current = termAt(terms, month);
    if (!current || current.status === 'ended') {
      throw new AppError('ENROLLMENT_ENDED', { zh: `${month} 的特困供养已终止`, en: `Tekun support has ended by ${month}` }, { status: 409 });
    }
    const care = tekunCareFor(ctx.actor, trx);
    const fields = await checkCare(care, row.county_code, input, today);
    const history = await care.careOf(row.county_code, 'enrollment', [row.id]);
    if (history.some((h) => h.from_month === month)) {
      throw new AppError('CARE_ALREADY_CHANGED', { zh: `${month} 起的供养方式与护理等级已有变更，请核对后选择其他月份`, en: `A placement and care change already applies from ${month}` }, { field: 'fromMonth' });
    }
    const record = {
      county_code: row.county_code,
      owner: 'enrollment' as const,
      owner_id: row.id,
      from_month: month,
      ...fields,
      reasons: json(input.reasons),
      actor_id: ctx.actor.userId,
      actor_name: actorName(ctx.actor),
      created_at: at,
    };
    // The engine on that month with the new record (and the earlier ones for nothing: careAt takes the latest).
    const assessed = await assessEnrollment(trx, ctx.actor, ps, row, month, { care: [...history, record] });
    const d = assessed.determination;
    if (current.status === 'active' && (!d.eligible || d.amount.fen <= 0)) {
      throw new AppError('ENGINE_NOT_ELIGIBLE', { zh: `按 ${month} 的政策和现有登记信息计算已不符合特困供养条件，请作终止处理`, en: `Under the rules of ${month} the person no longer qualifies: terminate instead` }, { status: 409 });
    }
    if (!(await repo.claim(row.county_code, row.id, input.version, at))) throw staleVersion(ENROLLMENT);
    await care.insertCare(record);
    // Only an amount that changes while the benefit is paid makes a term; a suspended benefit resumes at the engine's amount.
    const newTerm = current.status === 'active' && d.amount.fen !== current.amountFen;
    const plan: Extract<ChangePlan, { ok: true }> = {
      ok: true,
      terms: newTerm ? [{ fromMonth: month, status: 'active', amountFen: d.amount.fen, basis: 'care' }] : [],
      status: row.status === 'suspended' ? 'suspended' : row.status === 'ended' ? 'ended' : 'active',
      endMonth: (row.end_month as PlainMonth | null) ?? null,
    };
    const level = fields.level_override ?? assessedLevel(ps, row.county_code, `${month}-01`, fields.self_care_mask);
    await applyPlan(trx, repo, {
      actor: ctx.actor,
      at,
      today,
      row,
      version: input.version,
      plan,
      month,
      action: 'care',
      reasons: input.reasons,
      determination: newTerm ? d : null,
    });
    await appendAudit(
      trx,
      auditActor(ctx.actor),
      {
        chain: row.county_code,
        action: 'enrollment.tekun_care',
        entityType: 'enrollment',
        entityId: row.id,
        detail: { fromMonth: month, placement: fields.placement, institutionId: fields.institution_id, selfCareMask: fields.self_care_mask, level, levelOverride: fields.level_override, amountFen: d.amount.fen, term: newTerm },
      },
      at,
    );
    return loadEnrollmentDetail(ctx, trx, props.ref);
  });
}
