import { SeasonExceptionsQuery, type SeasonExceptionPage, SeasonKey, type SeasonListItem, type SeasonTownshipFigures, type SeasonView } from '../../contracts/heating.ts';
import { divisionNames } from '../../db/division-repo.ts';
import { seasonExceptions, seasonFigures, seasonRef, seasonRolls } from '../../db/heating-ledger.ts';
import type { HeatingSeasonTable } from '../../db/schema.ts';
import { scopeOf } from '../../db/scope.ts';
import { chinaDateOf, monthOf } from '../../kernel/plain-date.ts';
import { type CommandContext, requirePermission } from '../context.ts';
import { loadParameterSet } from '../policy/parameters.ts';
import { areaNames, countyNames, presentRoll } from '../payroll/present.ts';
import { paramsOf, presentParams, requireSeason, seasonError } from './season-context.ts';

function keyOf(input: unknown): SeasonKey {
  const r = SeasonKey.safeParse(input);
  if (r.success) return r.data;
  const field = r.error.issues[0]?.path.map(String).join('.') || 'season';
  throw seasonError('HEATING_SEASON_FORMAT', '请给出县区代码（6 位）和采暖季（如 2019-2020）', 'Give the county (6 digits) and the season (e.g. 2019-2020)', field);
}

const yuanText = (micro: number) => (micro / 100_000).toFixed(2);
const areaText = (dm2: number) => (dm2 / 100).toFixed(2).replace(/\.00$/, '');

/**
 * 采暖季 A county's season as its page shows it: dates, the parameters it fixed (with citations), its rolls, and the
 * figures — households and amounts on its rolls by mode and township, paid, and the exceptions by kind.
 */
export async function getSeason(ctx: CommandContext, input: unknown): Promise<SeasonView> {
  requirePermission(ctx.actor, 'payroll.read');
  const key = keyOf(input);
  const s = await requireSeason(ctx, key.county, key.season);
  const p = paramsOf(s);
  const [ps, rolls, figures, names] = [await loadParameterSet(ctx.db), await seasonRolls(ctx.db.kysely, s), await seasonFigures(ctx.db.kysely, s), await countyNames(ctx.db.kysely, [s.county_code])];
  const ex = await seasonExceptions(ctx.db.kysely, seasonRef(s), p.amounts, { nowMonth: monthOf(chinaDateOf(ctx.clock())), limit: 0, offset: 0 });
  const townshipNames = await divisionNames(ctx.db.kysely, [...new Set(figures.map((f) => `${f.township}000`))]);
  const byTownship = new Map<string, SeasonTownshipFigures>();
  const total = { households: 0, fen: 0, central: 0, centralFen: 0, dispersed: 0, dispersedFen: 0, paid: 0, paidFen: 0 };
  for (const f of figures) {
    let t = byTownship.get(f.township);
    if (!t) {
      t = { township: f.township, townshipName: townshipNames.get(`${f.township}000`) ?? f.township, households: 0, fen: 0, central: 0, centralFen: 0, dispersed: 0, dispersedFen: 0, paid: 0, paidFen: 0 };
      byTownship.set(f.township, t);
    }
    for (const x of [t, total]) {
      x.households += f.households;
      x.fen += f.fen;
      x.paid += f.paid;
      x.paidFen += f.paidFen;
      if (f.mode === 'central') {
        x.central += f.households;
        x.centralFen += f.fen;
      } else {
        x.dispersed += f.households;
        x.dispersedFen += f.fen;
      }
    }
  }
  const countyName = names.get(s.county_code) ?? s.county_code;
  return {
    county: s.county_code, countyName, season: s.id, firstMonth: s.first_month, lastMonth: s.last_month, referenceDay: s.reference_day, status: s.status,
    openedByName: s.opened_by_name, openedAt: s.opened_at, params: presentParams(ps, p),
    amounts: { dispersedFen: p.amounts.dispersedFen, centralRate: yuanText(p.amounts.centralRateMicro), maxArea: areaText(p.amounts.maxAreaDm2), supplementary: p.amounts.supplementary, concentrated: p.amounts.concentrated },
    rolls: rolls.map((r) => presentRoll(r, ctx.actor, countyName)),
    figures: { ...total, exceptions: ex.counts, townships: [...byTownship.values()] },
  };
}

/** 例外清单 The season's exceptions, one kind or all, in a township or village of the county, a page at a time. */
export async function listSeasonExceptions(ctx: CommandContext, input: unknown): Promise<SeasonExceptionPage> {
  requirePermission(ctx.actor, 'payroll.read');
  const parsed = SeasonExceptionsQuery.safeParse(input);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.map(String).join('.') || 'season';
    throw seasonError('HEATING_EXCEPTIONS_QUERY', '查询条件无效（采暖季如 2019-2020，区划为 9 位乡镇或 12 位村代码）', 'Invalid query (a season such as 2019-2020, a 9-digit township or 12-digit village)', field);
  }
  const q = parsed.data;
  const s = await requireSeason(ctx, q.county, q.season);
  if (q.area && !q.area.startsWith(q.county)) throw seasonError('HEATING_EXCEPTIONS_QUERY', '区划不在该县区内', 'The area is not in the county', 'area');
  const r = await seasonExceptions(ctx.db.kysely, seasonRef(s), paramsOf(s).amounts, {
    kind: q.kind, areaPrefix: q.area, nowMonth: monthOf(chinaDateOf(ctx.clock())), limit: q.pageSize, offset: (q.page - 1) * q.pageSize,
  });
  const names = await areaNames(ctx.db.kysely, r.rows.map((x) => x.area_code));
  const total = q.kind ? r.counts[q.kind] : Object.values(r.counts).reduce((a, b) => a + b, 0);
  return {
    rows: r.rows.map((x) => ({
      kind: x.kind, householdId: x.household_id, areaCode: x.area_code, areaName: names.get(x.area_code) ?? x.area_code, headName: x.head_name, members: x.member_count,
      program: x.program, enrollmentId: x.enrollment_id, statusNow: x.status_now, sinceMonth: x.since_month,
    })),
    total,
    counts: r.counts,
  };
}

/** 采暖季列表 The seasons of the counties in the user's area, newest first, with their rolls' households and amounts. */
export async function listSeasons(ctx: CommandContext): Promise<SeasonListItem[]> {
  requirePermission(ctx.actor, 'payroll.read');
  const scope = scopeOf(ctx.actor.areaCode);
  if (scope.prefix.length > 6) return [];
  let q = ctx.db.kysely.selectFrom('heating_season').selectAll();
  if (scope.prefix.length > 0) q = q.where('county_code', 'like', `${scope.prefix}%`);
  const seasons: HeatingSeasonTable[] = await q.orderBy('id', 'desc').orderBy('county_code').execute();
  const names = await countyNames(ctx.db.kysely, seasons.map((s) => s.county_code));
  const out: SeasonListItem[] = [];
  for (const s of seasons) {
    const figures = await seasonFigures(ctx.db.kysely, s);
    const sum = (f: (x: (typeof figures)[number]) => number) => figures.reduce((a, x) => a + f(x), 0);
    const central = figures.filter((f) => f.mode === 'central');
    const dispersed = figures.filter((f) => f.mode === 'dispersed');
    out.push({
      county: s.county_code, countyName: names.get(s.county_code) ?? s.county_code, season: s.id, firstMonth: s.first_month, lastMonth: s.last_month,
      referenceDay: s.reference_day, status: s.status, rolls: (await seasonRolls(ctx.db.kysely, s)).length,
      households: sum((f) => f.households), fen: sum((f) => f.fen), paid: sum((f) => f.paid), paidFen: sum((f) => f.paidFen),
      central: central.reduce((a, f) => a + f.households, 0), centralFen: central.reduce((a, f) => a + f.fen, 0),
      dispersed: dispersed.reduce((a, f) => a + f.households, 0), dispersedFen: dispersed.reduce((a, f) => a + f.fen, 0),
    });
  }
  return out;
}

/** The roll of a season by round (0: the season roll) — its county and id, for approval and the bank file. */
export async function seasonRoll(ctx: CommandContext, input: { county: unknown; season: unknown; round?: number }): Promise<{ county: string; id: string; round: number }> {
  requirePermission(ctx.actor, 'payroll.read');
  const key = keyOf(input);
  const round = input.round ?? 0;
  const s = await requireSeason(ctx, key.county, key.season);
  const roll = (await seasonRolls(ctx.db.kysely, s)).find((r) => Number(r.round) === round);
  if (!roll) {
    throw seasonError('NOT_FOUND', `${key.season} 采暖季没有第 ${round} 批花名册（先生成）`, `The ${key.season} season has no roll of round ${round} (build it first)`, 'round', 404);
  }
  return { county: roll.county_code, id: roll.id, round };
}
