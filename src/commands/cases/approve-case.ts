import { randomUUID } from 'node:crypto';
import { AppError } from '../../kernel/errors.ts';
import type { CaseDetail, StepBase } from '../../contracts/cases.ts';
import { appendAudit } from '../../db/audit.ts';
import { stateOf } from '../../db/audit-state.ts';
import type { EnrollmentTable } from '../../db/schema.ts';
import { addMonths, firstDayOf, monthOf } from '../../kernel/plain-date.ts';
import { type CommandContext, actorName } from '../context.ts';
import { enrollmentsFor } from '../enrollments/enrollment-context.ts';
import { tekunCareFor } from '../enrollments/tekun-care.ts';
import { careAt } from '../../db/tekun-care-repo.ts';
import { loadParameterSet } from '../policy/parameters.ts';
import { putReviewSchedule, scheduleFor } from '../enrollments/review-schedule.ts';
import { assessCase } from './assess-case.ts';
import type { CaseRef } from './case-context.ts';
import { json } from '../shared/json-text.ts';
import { requireEngineEligible } from './engine-verdict.ts';
import { runStep } from './run-step.ts';

/**
 * 批准 The county approves after the county notice ran without objection. The policy engine runs on the household
 * as the registry holds it on the decision day, for the month after it (benefits start the month after approval);
 * its result and full trace are frozen into the decision, which names its decider, and the enrollment starts
 * that month at the engine's amount, scheduled for its first periodic review (动态管理) in the same transaction.
 */
export async function approveCase(ctx: CommandContext, props: { ref: CaseRef; input: StepBase }): Promise<CaseDetail> {
  const ps = await loadParameterSet(ctx.db);
  return runStep(ctx, {
    ref: props.ref,
    version: props.input.version,
    step: 'approve',
    attachments: props.input.attachments,
    act: async ({ trx, records, row, today, at }) => {
      if (row.program === 'temporary') {
        throw new AppError(
          'TEMPORARY_APPROVAL_ELSEWHERE',
          { zh: '临时救助案件请在临时救助审批中批准（须核定金额和发放安排）', en: 'A temporary-aid case is approved through the temporary-aid approval (with its amount and stages)' },
          { status: 409 },
        );
      }
      const program = row.program;
      const startMonth = addMonths(monthOf(today), 1);
      const { determination, facts } = await assessCase(trx, ctx.actor, ps, row, startMonth, { trace: true });
      requireEngineEligible(determination);
      const decisionId = randomUUID();
      const enrollmentId = randomUUID();
      await records.insertDecision({
        county_code: row.county_code,
        id: decisionId,
        case_id: row.id,
        outcome: 'approved',
        decided_on: today,
        decided_at: at,
        decider_id: ctx.actor.userId,
        decider_name: actorName(ctx.actor),
        decider_role: ctx.actor.role,
        reasons: json(determination.reasons.map((r) => `${r.code}: ${r.message.zh}`)),
        amount_fen: determination.amount.fen,
        benefit_from: startMonth,
        rule_set: row.rule_set,
        determination: json(determination),
      });
      const enrollment: EnrollmentTable = {
        county_code: row.county_code,
        id: enrollmentId,
        program,
        unit: row.kind === 'dibao_household' ? 'household' : 'individual',
        household_id: row.household_id,
        person_id: row.applicant_person_id,
        decision_id: decisionId,
        monthly_amount_fen: determination.amount.fen,
        start_month: startMonth,
        end_month: null,
        status: 'active',
        version: 1,
        created_at: at,
        updated_at: at,
      };
      const enrollments = enrollmentsFor(ctx, trx);
      await enrollments.insertEnrollments([enrollment]);
      // The enrollment's first term: the decided amount from the start month (payroll reads terms).
      await enrollments.insertTerms([{
        county_code: row.county_code,
        enrollment_id: enrollmentId,
        from_month: startMonth,
        status: 'active',
        amount_fen: determination.amount.fen,
        basis: 'decision',
        reasons: null,
        determination: json(determination),
        actor_id: ctx.actor.userId,
        actor_name: actorName(ctx.actor),
        created_at: at,
      }]);
      await appendAudit(
        trx,
        { userId: ctx.actor.userId, username: ctx.actor.username },
        { chain: row.county_code, action: 'enrollment.create', entityType: 'enrollment', entityId: enrollmentId, after: await stateOf(trx, 'enrollment', row.county_code, enrollmentId), detail: { caseId: row.id, decisionId, startMonth, amountFen: determination.amount.fen } },
        at,
      );
      // 特困供养 The placement and care level the investigation recorded apply from the first month (ADR 0027).
      if (row.program === 'tekun') {
        const care = tekunCareFor(ctx.actor, trx);
        const recorded = careAt(await care.careOf(row.county_code, 'case', [row.id]), startMonth);
        if (recorded) {
          await care.insertCare({ ...recorded, owner: 'enrollment', owner_id: enrollmentId, from_month: startMonth, actor_id: ctx.actor.userId, actor_name: actorName(ctx.actor), created_at: at });
        }
      }
      // 动态管理 The first periodic review, by household type, counted from the benefit's first day.
      const schedule = scheduleFor(ps, facts, enrollment, firstDayOf(startMonth), { at, lastReviewId: null });
      await putReviewSchedule(enrollments, ctx.actor, schedule);
      return {
        patch: { decision_id: decisionId },
        payload: { decisionId, enrollmentId, amountFen: determination.amount.fen, startMonth, reviewClass: schedule.review_class, reviewDue: schedule.next_due },
      };
    },
  });
}
