import type { CaseDetail, StepBase } from '../../contracts/cases.ts';
import type { CommandContext } from '../context.ts';
import type { CaseRef } from './case-context.ts';
import { runStep } from './run-step.ts';

/** 受理 The township accepts a complete application; the investigation clock starts today. */
export async function acceptApplication(ctx: CommandContext, props: { ref: CaseRef; input: StepBase }): Promise<CaseDetail> {
  return runStep(ctx, { ref: props.ref, version: props.input.version, step: 'accept', attachments: props.input.attachments });
}
