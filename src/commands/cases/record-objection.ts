import { randomUUID } from 'node:crypto';
import type { CaseDetail, CaseObjection } from '../../contracts/cases.ts';
import type { PlainDate } from '../../kernel/plain-date.ts';
import { checkNotFuture } from '../../workflow/records.ts';
import type { CommandContext } from '../context.ts';
import type { CaseRef } from './case-context.ts';
import { runStep } from './run-step.ts';

/**
 * 公示异议 An objection to the village or county notice: recorded, the notice closed, and the case sent back to
 * investigation, marked contested (so the county will visit it). After a county-notice objection the whole case
 * must be decided within 20 WD of it [nat-2012].
 */
export async function recordObjection(ctx: CommandContext, props: { ref: CaseRef; input: CaseObjection }): Promise<CaseDetail> {
  const { input } = props;
  return runStep(ctx, {
    ref: props.ref,
    version: input.version,
    step: (row) => (row.state === 'county_notice' ? 'object_county' : 'object_village'),
    attachments: input.attachments,
    validate: (_row, today) => checkNotFuture(input.receivedOn as PlainDate, today, 'receivedOn'),
    act: async ({ records, row, today, at }) => {
      const level = row.state === 'county_notice' ? 'county' : 'village';
      const notice = await records.openNotice(row.county_code, row.id, level);
      if (!notice) throw new Error(`case ${row.id} is under ${level} notice but has no open notice record`);
      const id = randomUUID();
      await records.insertObjection({
        county_code: row.county_code,
        id,
        case_id: row.id,
        notice_id: notice.id,
        received_on: input.receivedOn,
        summary: input.summary,
        lodged_by: input.lodgedBy,
        recorded_by: ctx.actor.userId,
        created_at: at,
      });
      await records.closeNotice(row.county_code, notice.id, today, 'objection');
      return {
        patch: {
          contested: 1,
          // A contested case is always visited: any earlier draw no longer answers for it.
          spot_check: null,
          spot_check_id: null,
          ...(level === 'county' ? { county_objection_on: input.receivedOn } : {}),
        },
        payload: { objectionId: id, noticeId: notice.id, level, receivedOn: input.receivedOn, lodgedBy: input.lodgedBy },
      };
    },
  });
}
