import type { CaseDetail, CaseRequestMissing } from '../../contracts/cases.ts';
import { checkMissingList } from '../../workflow/records.ts';
import type { CommandContext } from '../context.ts';
import type { CaseRef } from './case-context.ts';
import { runStep } from './run-step.ts';

/** 一次性告知 The township lists everything missing, at once, and hands the application back to the applicant. */
export async function requestMissing(ctx: CommandContext, props: { ref: CaseRef; input: CaseRequestMissing }): Promise<CaseDetail> {
  const { input } = props;
  return runStep(ctx, {
    ref: props.ref,
    version: input.version,
    step: 'request_missing',
    attachments: input.attachments,
    validate: () => checkMissingList(input.missing),
    // Document names only ("户口簿复印件"): what the printed notice lists.
    act: async ({ today }) => ({ payload: { missing: input.missing, requestedOn: today } }),
  });
}
