import type { SeasonParamView } from '../../contracts/heating.ts';
import type { HeatingAmounts } from '../../db/heating-ledger.ts';
import type { HeatingSeasonTable } from '../../db/schema.ts';
import type { AppError } from '../../kernel/errors.ts';
import { addDays, addMonths, firstDayOf, fromYmd, lastDayOf, type PlainDate, type PlainMonth } from '../../kernel/plain-date.ts';
import type { ParameterSet } from '../../policy/parameter-set.ts';
import type { LookupResult } from '../../policy/types.ts';
import { presentCitation } from '../../rules/common/citations.ts';
import type { CommandContext } from '../context.ts';
import { payrollError, payrollRepo } from '../payroll/payroll-context.ts';

/** The parameters a season fixes on its reference day, in the order the season page lists them. */
export const SEASON_PARAMS = [
  'heating.season.startMonth',
  'heating.season.months',
  'heating.season.referenceDay',
  'heating.dispersed.annual',
  'heating.central.rate',
  'heating.central.maxArea',
  'heating.supplementary.amount',
  'heating.tekun.concentrated',
] as const;

/** What `heating_season.params` holds: the amounts in integers for the SQL, and each parameter as read, with its citation. */
export interface HeatingSeasonParams {
  amounts: HeatingAmounts;
  read: { name: string; value: string; effectiveFrom: string; citation: string; illustrative: boolean }[];
}

export function seasonError(code: string, zh: string, en: string, field?: string, status = 400): AppError {
  return payrollError(code, { zh, en }, field, status);
}

/** The season's months from the parameters in force on its first day: start month of the first year, for `months` months. */
export function seasonDates(ps: ParameterSet, county: string, season: string, referenceDay?: string): { first: PlainMonth; last: PlainMonth; reference: PlainDate } {
  const year = Number(season.slice(0, 4));
  const jan = fromYmd(year, 1, 1);
  // The start month is read on 1 January of the season's first year (the season's own first day depends on it).
  const start = ps.number('heating.season.startMonth', county, jan).value;
  const first = firstDayOf(`${year}-${String(start).padStart(2, '0')}` as PlainMonth);
  const months = ps.number('heating.season.months', county, first).value;
  const firstMonth = first.slice(0, 7) as PlainMonth;
  const lastMonth = addMonths(firstMonth, months - 1);
  const reference = referenceDay ? (referenceDay as PlainDate) : addDays(first, ps.number('heating.season.referenceDay', county, first).value);
  if (reference < first || reference > lastDayOf(lastMonth)) {
    throw seasonError(
      'HEATING_REFERENCE_DAY',
      `基准日须在采暖期内（${first} 至 ${lastDayOf(lastMonth)}）`,
      `The reference day lies within the season (${first} to ${lastDayOf(lastMonth)})`,
      'referenceDay',
    );
  }
  return { first: firstMonth, last: lastMonth, reference };
}

/** The parameters in force on the reference day, as the season keeps them (integers for the SQL, citations for people). */
export function seasonParams(ps: ParameterSet, county: string, reference: PlainDate): HeatingSeasonParams {
  const read = new Map<string, LookupResult>();
  for (const name of SEASON_PARAMS) read.set(name, ps.lookup(name, county, reference));
  const value = (name: string) => read.get(name)!.value;
  const num = (name: string) => Number(value(name));
  const one = (name: string) => String((value(name) as readonly string[])[0]);
  const amounts: HeatingAmounts = {
    dispersedFen: Math.round(num('heating.dispersed.annual') * 100),
    // Two decimals at most (the unit's precision): × 100,000 is an exact integer.
    centralRateMicro: Math.round(num('heating.central.rate') * 100_000),
    maxAreaDm2: Math.round(num('heating.central.maxArea') * 100),
    seasonMonths: num('heating.season.months'),
    supplementary: one('heating.supplementary.amount') === 'prorated' ? 'prorated' : 'full',
    concentrated: one('heating.tekun.concentrated') === 'person' ? 'person' : 'institution',
  };
  return {
    amounts,
    read: [...read.values()].map((r) => ({
      name: r.name,
      value: Array.isArray(r.value) ? r.value.join(',') : String(r.value),
      effectiveFrom: r.effectiveFrom,
      citation: r.citation,
      illustrative: r.illustrative === true,
    })),
  };
}

export const paramsOf = (s: HeatingSeasonTable): HeatingSeasonParams => JSON.parse(s.params) as HeatingSeasonParams;

export function presentParams(ps: ParameterSet, p: HeatingSeasonParams): SeasonParamView[] {
  return p.read.map((r) => ({
    name: r.name,
    label: ps.describe(r.name) ?? { zh: r.name, en: r.name },
    value: r.value,
    effectiveFrom: r.effectiveFrom,
    citation: presentCitation(r.citation).zh,
    illustrative: r.illustrative,
  }));
}

/** The season of a county in the user's area (NOT_FOUND when there is none; out of area refused first). */
export async function requireSeason(ctx: CommandContext, county: string, id: string): Promise<HeatingSeasonTable> {
  payrollRepo(ctx).assertCounty(county);
  const s = await ctx.db.kysely.selectFrom('heating_season').selectAll().where('county_code', '=', county).where('id', '=', id).executeTakeFirst();
  if (!s) throw seasonError('HEATING_SEASON_NOT_OPEN', `${county} 尚未开启 ${id} 采暖季（先开启采暖季）`, `The county has not opened the ${id} season (open it first)`, 'season', 404);
  return s;
}

/** The month a build counts as "now" for a season: today's month, within the season. */
export function seasonNow(s: { first_month: string; last_month: string }, today: PlainDate): string {
  const m = today.slice(0, 7);
  if (m < s.first_month) return s.first_month;
  if (m > s.last_month) return s.last_month;
  return m;
}


