import type { CaseDetail, StepBase } from '../../contracts/cases.ts';
import type { CommandContext } from '../context.ts';
import type { CaseRef } from './case-context.ts';
import { runStep } from './run-step.ts';

/** 补齐材料 The applicant (or the village on their behalf) brings what the one-time notice listed. */
export async function resubmitApplication(ctx: CommandContext, props: { ref: CaseRef; input: StepBase }): Promise<CaseDetail> {
  return runStep(ctx, { ref: props.ref, version: props.input.version, step: 'resubmit', attachments: props.input.attachments });
}
