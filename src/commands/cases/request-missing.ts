import type { CaseDetail, CaseRequestMissing } from '../../contracts/cases.ts';
import { checkMissingList } from '../../workflow/records.ts';
import type { CommandContext } from '../context.ts';
import type { CaseRef } from './case-context.ts';
import { runStep } from './run-step.ts';
import { missingDocuments } from './case-files.ts';
import { DOCUMENT_TYPE_LABELS } from '../../contracts/case-files.ts';

/** 一次性告知 The township lists everything missing, at once, and hands the application back to the applicant. */
export async function requestMissing(ctx: CommandContext, props: { ref: CaseRef; input: CaseRequestMissing }): Promise<CaseDetail> {
  const { input } = props;
  return runStep(ctx, {
    ref: props.ref,
    version: input.version,
    step: 'request_missing',
    attachments: input.attachments,
    validate: () => checkMissingList(input.missing),
    // Document names only ("户口簿复印件"): what the printed notice lists — with the required documents of the
    // acceptance not yet uploaded (ADR 0049), named as the document-type list names them, each once.
    act: async ({ trx, row, today }) => {
      const required = (await missingDocuments(trx, row, 'accept')).map((t) => DOCUMENT_TYPE_LABELS[t].zh);
      const missing = [...input.missing, ...required.filter((r) => !input.missing.includes(r))];
      return { payload: { missing, requestedOn: today, ...(required.length ? { requiredMissing: required } : {}) } };
    },
  });
}
