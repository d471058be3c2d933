import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { CaseDetail } from '../../contracts/cases.ts';
import { CATEGORY_WORDS, type TemporaryApproval, type TemporaryCategory } from '../../contracts/temporary.ts';
import type { TemporaryStageTable } from '../../db/schema.ts';
import { TemporaryRepo } from '../../db/temporary-repo.ts';
import { AppError } from '../../kernel/errors.ts';
import { formatYuan } from '../../kernel/money.ts';
import { monthOf } from '../../kernel/plain-date.ts';
import type { CaseRef } from '../cases/case-context.ts';
import { runStep } from '../cases/run-step.ts';
import { type CommandContext, actorName } from '../context.ts';
import { loadParameterSet } from '../policy/parameters.ts';
import { json } from '../shared/json-text.ts';
import { assessTemporary } from './assess-temporary.ts';

/**
 * 批准 A temporary-aid case approved at its level (分级审批, ADR 0037): by the township reviewer when the engine's level
 * is the township's, otherwise by the county approver — above the normal maximum only after a recorded 一事一议, whose
 * amount is then approved. The engine runs again on the need as the day's registry and parameters have it; its result
 * and trace are frozen into the decision. The amount is paid in stages (分次发放) on set dates; an amount already paid
 * first (先行救助) is the first stage, paid; stages must add up to the approved amount. An amount approved below what
 * was paid first leaves the difference owed back (recovery), recorded on the aid in the same transaction.
 */
export async function approveTemporary(ctx: CommandContext, props: { ref: CaseRef; input: z.output<typeof TemporaryApproval> }): Promise<CaseDetail> {
  const ps = await loadParameterSet(ctx.db);
  return runStep(ctx, {
    ref: props.ref,
    version: props.input.version,
    step: 'approve',
    attachments: props.input.attachments,
    act: async ({ trx, repo, records, row, today, at }) => {
      if (row.program !== 'temporary') {
        throw new AppError('TEMPORARY_CASE_EXPECTED', { zh: '该案件不是临时救助案件', en: 'This is not a temporary-aid case' }, { status: 409 });
      }
      const aids = new TemporaryRepo(trx, repo.scope);
      const aid = await aids.aidOf(row.county_code, row.id);
      if (!aid) throw new Error(`temporary case ${row.id} has no aid row`);
      const collective = aid.approval_level === 'collective' ? await aids.latestDecision(row.county_code, row.id) : undefined;
      const a = await assessTemporary(trx, ctx.actor, ps, {
        countyCode: row.county_code,
        householdId: row.household_id,
        applicantPersonId: row.applicant_person_id,
        kind: row.kind as 'temporary_emergency' | 'temporary_expenditure',
        category: aid.category as TemporaryCategory,
        needFen: Number(aid.need_fen),
        day: today,
      });
      // The level on the approval day decides: a parameter changed since the investigation can move it.
      if (a.level !== aid.approval_level && !(collective && a.level === 'collective')) {
        throw new AppError(
          'TEMPORARY_LEVEL_CHANGED',
          {
            zh: '按今天的政策参数重新计算，审批层级已改变：请退回重新调查，按新的审批层级办理',
            en: 'With today’s parameters the approval level has changed: return the case for investigation so that it is approved at the new level',
          },
          { status: 409 },
        );
      }
      const approved = collective ? Number(collective.amount_fen) : a.proposedFen;
      const paidFirst = Number(aid.paid_first_fen);
      const stages = planStages(props.input.stages, approved, paidFirst, today, row.county_code, row.id, at);
      const decisionId = randomUUID();
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
        reasons: json([
          ...a.determination.reasons.map((r) => `${r.code}: ${r.message.zh}`),
          ...(collective ? [`COLLECTIVE_DECISION: 一事一议（${collective.decided_on}）议定 ${formatYuan(Number(collective.amount_fen))} 元`] : []),
        ]),
        amount_fen: approved,
        benefit_from: monthOf(today),
        rule_set: row.rule_set,
        determination: json(a.determination),
      });
      await aids.patchAid(row.county_code, row.id, { approved_fen: approved, updated_at: at });
      await aids.insertStages(stages);
      return {
        patch: { decision_id: decisionId, proposed_amount_fen: approved },
        payload: {
          decisionId,
          category: aid.category,
          categoryZh: CATEGORY_WORDS[aid.category as TemporaryCategory].zh,
          level: aid.approval_level,
          approvedFen: approved,
          paidFirstFen: paidFirst,
          stages: stages.length,
          recoveryFen: Math.max(0, paidFirst - approved),
          collective: collective ? Number(collective.seq) : null,
        },
      };
    },
  });
}

/**
 * 分次发放 The stages still to pay: as given (dated from today on, each more than zero, adding up with what was paid
 * first to the approved amount), or — none given — one stage today for what remains. Numbered after the stage paid
 * first (n = 1 when the aid was paid first).
 */
export function planStages(
  given: readonly { payOn: string; amountYuan: number }[],
  approvedFen: number,
  paidFirstFen: number,
  today: string,
  countyCode: string,
  caseId: string,
  at: string,
): TemporaryStageTable[] {
  const remaining = approvedFen - paidFirstFen;
  const first = paidFirstFen > 0 ? 2 : 1;
  const plan = given.length > 0 ? [...given].sort((x, y) => x.payOn.localeCompare(y.payOn)) : remaining > 0 ? [{ payOn: today, amountYuan: remaining }] : [];
  for (const s of plan) {
    if (s.payOn < today) throw new AppError('TEMPORARY_STAGE_PAST', { zh: `发放日期 ${s.payOn} 早于今天`, en: `A stage cannot be paid before today (${s.payOn})` }, { field: 'stages' });
    if (s.amountYuan <= 0) throw new AppError('TEMPORARY_STAGE_ZERO', { zh: '每次发放金额须大于 0', en: 'Each stage pays more than zero' }, { field: 'stages' });
  }
  const total = plan.reduce((n, s) => n + s.amountYuan, 0);
  if (given.length > 0 && total !== Math.max(0, remaining)) {
    throw new AppError(
      'TEMPORARY_STAGES_TOTAL',
      {
        zh: `分次发放合计 ${formatYuan(total)} 元，应等于批准金额 ${formatYuan(approvedFen)} 元减去已先行救助的 ${formatYuan(paidFirstFen)} 元，即 ${formatYuan(Math.max(0, remaining))} 元`,
        en: `The stages add up to ${formatYuan(total)} yuan; they must equal the approved ${formatYuan(approvedFen)} less the ${formatYuan(paidFirstFen)} paid first: ${formatYuan(Math.max(0, remaining))} yuan`,
      },
      { field: 'stages' },
    );
  }
  return plan.map((s, k) => ({ county_code: countyCode, case_id: caseId, n: first + k, pay_on: s.payOn, amount_fen: s.amountYuan, status: 'planned', roll_id: null, created_at: at, updated_at: at }));
}
