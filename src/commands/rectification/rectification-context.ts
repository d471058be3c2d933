import type { FindingDetail } from '../../contracts/rectification.ts';
import type { Database, FindingTable } from '../../db/schema.ts';
import { type AreaScope, notFound, scopeOf } from '../../db/scope.ts';
import { RectificationRepo } from '../../db/rectification-repo.ts';
import { divisionNames } from '../../db/division-repo.ts';
import { AppError, type BilingualMessage } from '../../kernel/errors.ts';
import type { PlainDate } from '../../kernel/plain-date.ts';
import { type CommandContext, may } from '../context.ts';
import { loadParameterSet } from '../policy/parameters.ts';
import { loadWorkingCalendar } from '../shared/working-calendar.ts';
import { presentFinding } from '../supervision/list-findings.ts';
import { DEADLINE_PARAM } from '../supervision/run-anomalies.ts';

export const FINDING = { zh: '问题线索', en: 'finding' };
export const CAMPAIGN = { zh: '专项治理', en: 'campaign' };

export const rectificationError = (code: string, message: BilingualMessage, field?: string, status = 400) => new AppError(code, message, { status, field });

export const findingNotFound = () => notFound(FINDING);

export const actorScope = (ctx: CommandContext): AreaScope => scopeOf(ctx.actor.areaCode);

export const rectificationRepo = (ctx: CommandContext, db: CommandContext['db']['kysely'] | import('kysely').Transaction<Database> = ctx.db.kysely) =>
  new RectificationRepo(db, actorScope(ctx));

/**
 * The rectification deadline of a finding (re)opened on `day`: the same parameter and working-day calendar as the run's
 * (`supervision.rectification.deadlineWorkingDays` of the finding's county, counted in working days from the day).
 */
export async function deadlineFrom(ctx: CommandContext, county: string, day: PlainDate): Promise<string> {
  const [ps, calendar] = await Promise.all([loadParameterSet(ctx.db), loadWorkingCalendar(ctx.db)]);
  return calendar.addWorkingDays(day, ps.number(DEADLINE_PARAM, county, day).value);
}

/** The areas' names (village, township or county) by code; a code without a name stays as it is. */
export async function areaNamesOf(ctx: CommandContext, codes: readonly string[]): Promise<(code: string) => string> {
  const names = await divisionNames(ctx.db.kysely, codes);
  return (code) => names.get(code) ?? code;
}

export async function presentDetail(ctx: CommandContext, f: FindingTable, history: Database['finding_history'][], today: string): Promise<FindingDetail> {
  const nameOf = await areaNamesOf(ctx, [f.area_code]);
  return {
    ...presentFinding(f, today),
    areaName: nameOf(f.area_code),
    version: Number(f.version),
    answerAction: f.answer_action,
    answerEvidence: f.answer_evidence,
    answeredByName: f.answered_by_name,
    answeredAt: f.answered_at,
    sentBackCount: Number(f.sent_back_count),
    closedByName: f.closed_by_name,
    closedAt: f.closed_at,
    closeNote: f.close_note,
    campaignId: f.campaign_id,
    history: history.map((h) => ({ seq: Number(h.seq), at: h.at, event: h.event, actorName: h.actor_name, runId: h.run_id, record: JSON.parse(h.record) as Record<string, unknown> })),
    can: {
      answer: may(ctx.actor, 'findings.answer') && f.status === 'open',
      verify: may(ctx.actor, 'findings.verify') && (f.status === 'answered' || (f.status === 'open' && Number(f.seen_in_last_run) === 0)),
      accountability: may(ctx.actor, 'accountability.read'),
      recordAccountability: may(ctx.actor, 'accountability.record'),
    },
  };
}
