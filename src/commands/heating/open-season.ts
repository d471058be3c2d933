import { SeasonOpen } from '../../contracts/heating.ts';
import { appendAudit } from '../../db/audit.ts';
import type { HeatingSeasonTable } from '../../db/schema.ts';
import { AppError } from '../../kernel/errors.ts';
import { addMonths, chinaDateOf, monthOf } from '../../kernel/plain-date.ts';
import { type CommandContext, actorName, auditActor, requirePermission } from '../context.ts';
import { loadParameterSet } from '../policy/parameters.ts';
import { knownCounty, payrollRepo } from '../payroll/payroll-context.ts';
import { seasonDates, seasonError, seasonParams } from './season-context.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';

/**
 * 开启采暖季 A county opens a heating season ('2019-2020'): its months from the parameters (辽宁 November to March),
 * its reference day (基准日, the parameter's unless given, within the season) and the parameters in force that day,
 * fixed on the season with their citations so that every roll of the season pays by the same rules. One row and its
 * audit event in one transaction; a season is opened once (HEATING_SEASON_EXISTS).
 */
export async function openSeason(ctx: CommandContext, input: unknown): Promise<HeatingSeasonTable> {
  requirePermission(ctx.actor, 'payroll.build');
  const parsed = SeasonOpen.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.map(String).join('.') || 'season';
    if (field === 'season') throw seasonError('HEATING_SEASON_FORMAT', '采暖季应写作起止年份，如 2019-2020', 'A season is written as its two years, e.g. 2019-2020', 'season');
    if (field === 'county') throw seasonError('PAYROLL_COUNTY_UNKNOWN', '县区代码不存在（应为 6 位县区代码，如 211221）', 'Unknown county (a 6-digit county code such as 211221)', 'county');
    throw seasonError('HEATING_REFERENCE_DAY', '基准日应为 YYYY-MM-DD 格式的日期', 'The reference day is a YYYY-MM-DD date', field);
  }
  const o = parsed.data;
  const county = await knownCounty(ctx, o.county);
  payrollRepo(ctx).assertCounty(county);
  const ps = await loadParameterSet(ctx.db);
  const dates = seasonDates(ps, county, o.season, o.referenceDay);
  const latest = addMonths(monthOf(chinaDateOf(ctx.clock())), 12);
  if (dates.first > latest) {
    throw seasonError('HEATING_SEASON_FUTURE', `最多只能提前一年开启采暖季（${o.season} 自 ${dates.first} 开始）`, `A season is opened at most a year ahead (${o.season} starts in ${dates.first})`, 'season');
  }
  const params = seasonParams(ps, county, dates.reference);
  const at = ctx.clock().toISOString();
  const row: HeatingSeasonTable = {
    county_code: county, id: o.season, first_month: dates.first, last_month: dates.last, reference_day: dates.reference, status: 'open',
    params: JSON.stringify(params), opened_by: ctx.actor.userId, opened_by_name: actorName(ctx.actor), opened_at: at, closed_by_name: null, closed_at: null, version: 1,
  };
  try {
    await ctx.db.kysely.transaction().execute(async (trx) => {
      await trx.insertInto('heating_season').values(row).execute();
      await appendAudit(trx, auditActor(ctx.actor), {
        chain: county,
        action: 'heating.season.open',
        entityType: 'heating_season',
        entityId: o.season,
        after: { ...row, params },
        detail: { season: o.season, firstMonth: dates.first, lastMonth: dates.last, referenceDay: dates.reference },
      }, at);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('HEATING_SEASON_EXISTS', { zh: `本县区已开启 ${o.season} 采暖季`, en: `The county has opened the ${o.season} season already` }, { field: 'season', status: 409 });
    throw e;
  }
  return row;
}
