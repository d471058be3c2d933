import type { CaseDetail, StepBase } from '../../contracts/cases.ts';
import { TemporaryRepo } from '../../db/temporary-repo.ts';
import type { CommandContext } from '../context.ts';
import type { CaseRef } from './case-context.ts';
import { runStep } from './run-step.ts';

/**
 * 受理 The township accepts a complete application; the investigation clock starts today. For an emergency aid paid
 * first (先行救助), accepting its application is the paperwork (补办手续) completed: recorded on the aid with its day,
 * which takes the case off the overdue list (ADR 0037).
 */
export async function acceptApplication(ctx: CommandContext, props: { ref: CaseRef; input: StepBase }): Promise<CaseDetail> {
  return runStep(ctx, {
    ref: props.ref,
    version: props.input.version,
    step: 'accept',
    attachments: props.input.attachments,
    act: async ({ trx, repo, row, today, at }) => {
      if (row.state !== 'paid_first') return undefined;
      const aid = new TemporaryRepo(trx, repo.scope);
      const before = await aid.aidOf(row.county_code, row.id);
      await aid.patchAid(row.county_code, row.id, { paperwork_done_on: today, updated_at: at });
      const late = before?.paperwork_due ? today > before.paperwork_due : false;
      return { payload: { paperworkCompleted: today, paperworkDue: before?.paperwork_due ?? null, late } };
    },
  });
}
