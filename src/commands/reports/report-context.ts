import { type QuarterlyFigures, parseQuarter, quarterLastDay } from '../../contracts/report.ts';
import type { QuarterlyReportTable } from '../../db/schema.ts';
import { QuarterlyReportRepo } from '../../db/quarterly-report-repo.ts';
import { scopeOf } from '../../db/scope.ts';
import { AppError, type BilingualMessage } from '../../kernel/errors.ts';
import type { PlainDate } from '../../kernel/plain-date.ts';
import type { WorkingCalendar } from '../../kernel/working-days.ts';
import type { ParameterSet } from '../../policy/parameter-set.ts';
import { type CommandContext, CITY_AREA } from '../context.ts';

/** The parameter of the deadline: working days after the quarter's last day (a demo default, ADR 0045). */
export const DEADLINE_PARAM = 'reports.quarterly.deadlineWorkingDays';
/** The city's code as bulletins are keyed. */
export const CITY = CITY_AREA.slice(0, 6);

export function reportError(code: string, m: BilingualMessage, field?: string, status = 400, details?: unknown): AppError {
  return new AppError(code, m, { field, status, details });
}

export function reportsRepo(ctx: CommandContext, db = ctx.db.kysely): QuarterlyReportRepo {
  return new QuarterlyReportRepo(db, scopeOf(ctx.actor.areaCode));
}

/** Whether the actor's area is the whole city (the comparison of counties, receipts, bulletins' drafts are the city's). */
export function isCityScope(ctx: CommandContext): boolean {
  return scopeOf(ctx.actor.areaCode).prefix.length <= 4;
}

/** A county and quarter as asked: the shapes checked, the quarter not in the future (its first day has come). */
export function reportKey(input: unknown, today: PlainDate): { county: string; quarter: string } {
  const o = (input ?? {}) as { county?: unknown; quarter?: unknown };
  const county = String(o.county ?? '').trim();
  const quarter = String(o.quarter ?? '').trim().toUpperCase();
  if (!/^\d{6}$/.test(county) || county.endsWith('00')) {
    throw reportError('REPORT_COUNTY', { zh: '县区代码应为 6 位县区代码，如 211221', en: 'A county is its 6-digit code, such as 211221' }, 'county');
  }
  const p = parseQuarter(quarter);
  if (!p || p.year < 2000) throw reportError('QUARTER_FORMAT', { zh: '季度应写作年份加季度，如 2019Q3', en: 'A quarter is written as its year and number, e.g. 2019Q3' }, 'quarter');
  if (`${quarter.slice(0, 4)}-${String((p.q - 1) * 3 + 1).padStart(2, '0')}-01` > today) {
    throw reportError('REPORT_QUARTER_FUTURE', { zh: `${quarter} 尚未开始，不能报告`, en: `${quarter} has not begun: it cannot be reported` }, 'quarter');
  }
  return { county, quarter };
}

/**
 * What a submitted report freezes: the figures (contracts/report.ts) and the comparison's denominator as it stood
 * (persons of rural hukou registered in the county), so that a later comparison of the quarter reads what was reported.
 */
export interface ReportSnapshot {
  figures: QuarterlyFigures;
  registeredRuralPersons: number;
}

export const snapshotOf = (r: QuarterlyReportTable): ReportSnapshot | null => (r.figures ? (JSON.parse(r.figures) as ReportSnapshot) : null);

/** The day a quarter's report is due: `reports.quarterly.deadlineWorkingDays` working days after the quarter's last day. */
export function reportDeadline(ps: ParameterSet, calendar: WorkingCalendar, county: string, quarter: string): { due: PlainDate; days: number; citation: string; illustrative: boolean } {
  const end = quarterLastDay(quarter) as PlainDate;
  const p = ps.number(DEADLINE_PARAM, county, end);
  return { due: calendar.addWorkingDays(end, p.value), days: p.value, citation: p.citation, illustrative: p.illustrative === true };
}

/** One figure of a report, addressed by its group (a program, or temporary/heating/dualInclusion/screening/procedure) and its path in the group. */
export interface FigureLeaf {
  program: string;
  figure: string;
  value: number | boolean | null;
}

/** Keys that say when and of what the figures are, not figures. */
const NOT_FIGURES = new Set(['county', 'quarter', 'computedAt', 'asOf']);

/**
 * Every figure of a report as (group, path, value): numbers and flags, nulls kept ("does not apply"); texts (the poverty
 * snapshot's id and day) are not figures. Programs are the groups of `programs`; the other sections are groups of
 * their own.
 */
export function figureLeaves(f: QuarterlyFigures): FigureLeaf[] {
  const out: FigureLeaf[] = [];
  const walk = (program: string, path: string[], v: unknown) => {
    if (v === null || typeof v === 'number' || typeof v === 'boolean') out.push({ program, figure: path.join('.'), value: v });
    else if (typeof v === 'object') for (const [k, x] of Object.entries(v as Record<string, unknown>)) walk(program, [...path, k], x);
  };
  for (const [k, v] of Object.entries(f)) {
    if (NOT_FIGURES.has(k)) continue;
    if (k === 'programs') for (const [p, pv] of Object.entries(v as Record<string, unknown>)) walk(p, [], pv);
    else walk(k, [], v);
  }
  return out;
}

/** The figures of `was` whose value now (`now`) differs: a figure absent on one side counts as null there. */
export function changedFigures(was: QuarterlyFigures, now: QuarterlyFigures): { program: string; figure: string; was: FigureLeaf['value']; now: FigureLeaf['value'] }[] {
  const key = (l: FigureLeaf) => `${l.program}\u0000${l.figure}`;
  const a = new Map(figureLeaves(was).map((l) => [key(l), l]));
  const b = new Map(figureLeaves(now).map((l) => [key(l), l]));
  const out: { program: string; figure: string; was: FigureLeaf['value']; now: FigureLeaf['value'] }[] = [];
  for (const k of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(k);
    const y = b.get(k);
    const l = (x ?? y)!;
    const wv = x?.value ?? null;
    const nv = y?.value ?? null;
    if (wv !== nv) out.push({ program: l.program, figure: l.figure, was: wv, now: nv });
  }
  return out.sort((p, q) => (p.program === q.program ? p.figure.localeCompare(q.figure) : p.program.localeCompare(q.program)));
}
