import type { CaseDetail, CaseInvestigation } from '../../contracts/cases.ts';
import type { TemporaryCategory } from '../../contracts/temporary.ts';
import { TemporaryRepo } from '../../db/temporary-repo.ts';
import { AppError } from '../../kernel/errors.ts';
import type { Fen } from '../../kernel/money.ts';
import type { CaseRef } from '../cases/case-context.ts';
import { recordInvestigation } from '../cases/record-investigation.ts';
import type { CommandContext } from '../context.ts';
import { loadParameterSet } from '../policy/parameters.ts';
import { assessTemporary } from './assess-temporary.ts';

/**
 * 调查核实 The investigation of a temporary-aid case (the expenditure test of income against the previous year's local
 * per-capita disposable income is the engine's), recorded as every investigation is, with the need as verified: the
 * engine reassesses it — its amount, its normal maximum and its approval level (分级审批) — in the step's transaction,
 * so the level that decides who approves is always the level of the need now on file (ADR 0037).
 */
export async function investigateTemporary(
  ctx: CommandContext,
  props: { ref: CaseRef; input: CaseInvestigation & { needFen: Fen; category?: TemporaryCategory } },
): Promise<CaseDetail> {
  if (props.input.needFen <= 0) throw new AppError('TEMPORARY_NEED_ZERO', { zh: '救助需求金额须大于 0', en: 'The need must be more than zero' }, { field: 'needYuan' });
  const ps = await loadParameterSet(ctx.db);
  return recordInvestigation(ctx, {
    ref: props.ref,
    input: props.input,
    also: async ({ trx, repo, row, today, at }) => {
      if (row.program !== 'temporary') {
        throw new AppError('TEMPORARY_CASE_EXPECTED', { zh: '该案件不是临时救助案件', en: 'This is not a temporary-aid case' }, { status: 409 });
      }
      const aids = new TemporaryRepo(trx, repo.scope);
      const aid = await aids.aidOf(row.county_code, row.id);
      if (!aid) throw new Error(`temporary case ${row.id} has no aid row`);
      const category = props.input.category ?? (aid.category as TemporaryCategory);
      const a = await assessTemporary(trx, ctx.actor, ps, {
        countyCode: row.county_code,
        householdId: row.household_id,
        applicantPersonId: row.applicant_person_id,
        kind: row.kind as 'temporary_emergency' | 'temporary_expenditure',
        category,
        needFen: props.input.needFen,
        day: today,
      });
      await aids.patchAid(row.county_code, row.id, {
        category,
        need_fen: props.input.needFen,
        approval_level: a.level,
        proposed_fen: a.proposedFen,
        maximum_fen: a.maximumFen,
        updated_at: at,
      });
      return {
        patch: { proposed_amount_fen: a.proposedFen },
        payload: { needFen: props.input.needFen, level: a.level, proposedFen: a.proposedFen, previousLevel: aid.approval_level },
      };
    },
  });
}

