import type { CaseDetail, CaseOpinion } from '../../contracts/cases.ts';
import type { CommandContext } from '../context.ts';
import type { CaseRef } from './case-context.ts';
import { opinionWithNotice } from './opinion-with-notice.ts';

/**
 * 县级审批意见 The county proposes approval (after the spot check the case needed) and posts the county notice
 * (县公示, 7 days) with the engine's amount for next month.
 */
export async function countyOpinion(ctx: CommandContext, props: { ref: CaseRef; input: CaseOpinion }): Promise<CaseDetail> {
  return opinionWithNotice(ctx, props, { step: 'county_opinion', opinion: { level: 'county', kind: 'approve_proposed' }, notice: 'county', engine: 'require-eligible' });
}
