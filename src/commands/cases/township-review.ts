import type { CaseDetail, CaseOpinion } from '../../contracts/cases.ts';
import type { CommandContext } from '../context.ts';
import type { CaseRef } from './case-context.ts';
import { opinionWithNotice } from './opinion-with-notice.ts';

/**
 * 乡镇审核 The township reviewer agrees with the investigation and the deliberation and posts the village notice
 * (村公示, 7 days). The engine's amount for next month is recorded as the proposed amount the notice shows.
 */
export async function townshipReview(ctx: CommandContext, props: { ref: CaseRef; input: CaseOpinion }): Promise<CaseDetail> {
  return opinionWithNotice(ctx, props, { step: 'township_review', opinion: { level: 'township', kind: 'recommend' }, notice: 'village', engine: 'report' });
}
