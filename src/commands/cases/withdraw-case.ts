import type { CaseDetail, CaseWithdraw } from '../../contracts/cases.ts';
import type { CommandContext } from '../context.ts';
import type { CaseRef } from './case-context.ts';
import { runStep } from './run-step.ts';

/** 撤回申请 Withdrawal at any step before the decision; the reason is a code (no free text in the timeline). */
export async function withdrawCase(ctx: CommandContext, props: { ref: CaseRef; input: CaseWithdraw }): Promise<CaseDetail> {
  return runStep(ctx, {
    ref: props.ref,
    version: props.input.version,
    step: 'withdraw',
    attachments: props.input.attachments,
    act: async () => ({ payload: { reason: props.input.reason } }),
  });
}
