import type { CaseDetail, StepBase } from '../../contracts/cases.ts';
import type { CommandContext } from '../context.ts';
import type { CaseRef } from './case-context.ts';
import { runStep } from './run-step.ts';

/** 村公示期满 The village notice ran its 7 days without objection: the township sends the case to the county. */
export async function closeVillageNotice(ctx: CommandContext, props: { ref: CaseRef; input: StepBase }): Promise<CaseDetail> {
  return runStep(ctx, {
    ref: props.ref,
    version: props.input.version,
    step: 'close_village_notice',
    attachments: props.input.attachments,
    act: async ({ records, row, today }) => {
      const notice = await records.openNotice(row.county_code, row.id, 'village');
      if (notice) await records.closeNotice(row.county_code, notice.id, today, 'no_objection');
      return { payload: { noticeId: notice?.id ?? null } };
    },
  });
}
