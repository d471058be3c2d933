import {
  APPROVAL_LEVELS,
  ENROLLMENT_PROGRAMS,
  type DualInclusionFigures,
  type HeatingFigures,
  type ProcedureFigures,
  type ProgramFigures,
  type QuarterlyFigures,
  QuarterlyFiguresQuery,
  quarterFirstDay,
  quarterLastDay,
  quarterMonths,
  REPORT_PROGRAMS,
  type ReportProgram,
  SCREENING_CONCLUSIONS,
  type ScreeningFigures,
  type TemporaryFigures,
} from '../../contracts/report.ts';
import { DualInclusionRepo } from '../../db/dual-inclusion-repo.ts';
import { type DecidedGroup, type ReportPeriod, ReportRepo } from '../../db/report-repo.ts';
import { type AreaScope, narrowScope, outOfArea, scopeOf } from '../../db/scope.ts';
import { AppError } from '../../kernel/errors.ts';
import { Dec, yuanToFen } from '../../kernel/money.ts';
import { addDays, chinaDateOf, type PlainDate } from '../../kernel/plain-date.ts';
import { TEMPORARY_CATEGORIES } from '../../kernel/temporary-category.ts';
import type { WorkingCalendar } from '../../kernel/working-days.ts';
import type { CaseState } from '../../workflow/case-types.ts';
import { dueDate } from '../../workflow/deadlines.ts';
import { procedureRulesById, type RuleSetId } from '../../workflow/procedure-rules.ts';
import { type CommandContext, CITY_AREA, requirePermission } from '../context.ts';
import { loadParameterSet } from '../policy/parameters.ts';
import { loadWorkingCalendar } from '../shared/working-calendar.ts';

/** The first instant of a Beijing day as an ISO instant (UTC): 2019-07-01 → 2019-06-30T16:00:00.000Z. */
export function beijingDayStart(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00.000+08:00`)).toISOString();
}

/** A period of days (both included) with its instants [first day's start, the day after the last day's start). */
export function periodOf(firstDay: string, lastDay: string): ReportPeriod {
  return { firstDay, lastDay, fromInstant: beijingDayStart(firstDay), toInstant: beijingDayStart(addDays(lastDay as PlainDate, 1)) };
}

/**
 * 季度报告数据 The county's quarterly figures (issue 15 point 1), computed now from the data of the quarter: every
 * figure as contracts/report.ts defines it. Permission `reports.read`; a county's users see their county, the city's
 * any county (a user whose area is narrower than the county — none holds the permission today — is refused). Reads
 * only, in one statement per group of figures (db/report-repo.ts); the procedure's deadlines are the workflow's rule
 * on the working-day calendar, applied to the decided cases grouped by the dates it depends on.
 */
export async function computeQuarterlyFigures(ctx: CommandContext, input: { county: string; quarter: string }): Promise<QuarterlyFigures> {
  requirePermission(ctx.actor, 'reports.read');
  const parsed = QuarterlyFiguresQuery.safeParse(input);
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? 'quarter');
    throw new AppError(
      'REPORT_QUERY',
      { zh: '县（6位区划代码）或季度（如 2019Q3）格式不正确', en: 'The county (6-digit code) or the quarter (e.g. 2019Q3) is not valid' },
      { field },
    );
  }
  const { county, quarter } = parsed.data;
  const mine = scopeOf(ctx.actor.areaCode);
  const narrowed = narrowScope(mine, county);
  if (narrowed.prefix !== county) throw outOfArea('county');
  const computedAt = ctx.clock();
  return figuresOf(ctx, scopeOf(`${county}000000`), quarter, computedAt);
}

/** The figures of a county scope and quarter (permission and area already checked). */
async function figuresOf(ctx: CommandContext, scope: AreaScope, quarter: string, computedAt: Date): Promise<QuarterlyFigures> {
  const county = scope.areaCode.slice(0, 6);
  const [m1, , m3] = quarterMonths(quarter);
  const year = Number(quarter.slice(0, 4));
  const period = periodOf(quarterFirstDay(quarter), quarterLastDay(quarter));
  const yearFirstDay = `${year}-01-01`;
  const yearFrom = beijingDayStart(yearFirstDay);
  const today = chinaDateOf(computedAt);
  // The earlier of the two days ('YYYY-MM-DD' sorts as it reads).
  const asOf = [today, period.lastDay].sort()[0];

  const db = ctx.db.kysely;
  const repo = new ReportRepo(db, scope);
  const stock = await repo.stock(m3);
  const flows = await repo.flows(m1, m3);
  const lines = await repo.lines(period, yearFrom, m1, m3);
  const temporaryRows = await repo.temporary(period, yearFirstDay, yearFrom);
  const heatingRows = await repo.heating(period);
  const decided = await repo.decided(period);
  const work = await repo.procedure(asOf, period);
  const screeningRows = await repo.screening(year, period.lastDay, CITY_AREA);
  const dual = new DualInclusionRepo(db, scope, m3);
  const latest = await repo.snapshotsFor(period.lastDay, CITY_AREA);
  const dualCounts = latest.length > 0 ? await dual.figures(latest, 0) : [];
  const ps = await loadParameterSet(ctx.db);
  const calendar = await loadWorkingCalendar(ctx.db);

  // Standards in force on the quarter's last day, per person per month (fen, half-up once).
  const annual = ps.number('dibao.standard.rural', county, period.lastDay as PlainDate).value;
  const ratio = ps.number('tekun.basic.ratio', county, period.lastDay as PlainDate).value;
  const dibaoStandardFen = yuanToFen(new Dec(annual).div(12));
  const tekunStandardFen = yuanToFen(new Dec(ratio).times(annual).div(12));

  const programs = {} as Record<ReportProgram, ProgramFigures>;
  for (const p of ENROLLMENT_PROGRAMS) {
    const s = stock.find((x) => x.program === p);
    const f = flows.find((x) => x.program === p);
    const l = lines.find((x) => x.program === p);
    const dibao = p === 'dibao' || p === 'dibaoSingle';
    programs[p] = {
      households: s?.households ?? 0,
      persons: s?.persons ?? 0,
      registeredPoorHouseholds: s?.registeredPoorHouseholds ?? 0,
      registeredPoorPersons: s?.registeredPoorPersons ?? 0,
      newApprovals: f?.newApprovals ?? 0,
      exits: f?.exits ?? 0,
      gradualExits: dibao ? (f?.gradualExits ?? 0) : null,
      paidQuarterFen: l?.paidPeriodFen ?? 0,
      paidYearFen: l?.paidYearFen ?? 0,
      averageStandardFen: dibao ? dibaoStandardFen : tekunStandardFen,
      averageMonthlyBenefitPerPersonFen: l && l.regularPersons > 0 ? divideHalfUp(l.regularFen, l.regularPersons) : null,
    };
  }

  const temporary = temporaryFigures(temporaryRows);
  programs.temporary = {
    ...NONE,
    newApprovals: temporaryRows.reduce((s, r) => s + r.approvals, 0),
    paidQuarterFen: temporary.fen,
    // Paid first from the reserve (temporaryRows) + bank-paid stage lines: the same lines `lines` read.
    paidYearFen: temporaryRows.reduce((s, r) => s + r.yearFen, 0),
  };
  const heating = heatingFigures(heatingRows);
  const hl = lines.find((x) => x.program === 'heating');
  programs.heating = { ...NONE, paidQuarterFen: hl?.paidPeriodFen ?? 0, paidYearFen: hl?.paidYearFen ?? 0 };

  return {
    county,
    quarter,
    computedAt: computedAt.toISOString(),
    asOf,
    programs: Object.fromEntries(REPORT_PROGRAMS.map((p) => [p, programs[p]])) as Record<ReportProgram, ProgramFigures>,
    temporary,
    heating,
    dualInclusion: dualInclusionFigures(latest[0], dualCounts[0]),
    screening: screeningFigures(screeningRows),
    procedure: procedureFigures(decided, work, calendar),
  };
}

const NONE: ProgramFigures = {
  households: null,
  persons: null,
  registeredPoorHouseholds: null,
  registeredPoorPersons: null,
  newApprovals: null,
  exits: null,
  gradualExits: null,
  paidQuarterFen: null,
  paidYearFen: null,
  averageStandardFen: null,
  averageMonthlyBenefitPerPersonFen: null,
};

/** a / b rounded half-up to an integer (a ≥ 0, b > 0), exactly. */
export function divideHalfUp(a: number, b: number): number {
  return new Dec(a).div(b).toDecimalPlaces(0, Dec.ROUND_HALF_UP).toNumber();
}

function temporaryFigures(rows: Awaited<ReturnType<ReportRepo['temporary']>>): TemporaryFigures {
  const zero = () => ({ cases: 0, personTimes: 0, fen: 0 });
  const byCategory = Object.fromEntries(TEMPORARY_CATEGORIES.map((c) => [c, zero()])) as TemporaryFigures['byCategory'];
  const byApprovalLevel = Object.fromEntries(APPROVAL_LEVELS.map((c) => [c, zero()])) as TemporaryFigures['byApprovalLevel'];
  const out: TemporaryFigures = { cases: 0, personTimes: 0, fen: 0, registeredPoorCases: 0, byCategory, byApprovalLevel, assistFirst: { cases: 0, fen: 0 } };
  for (const r of rows) {
    out.cases += r.cases;
    out.personTimes += r.personTimes;
    out.fen += r.fen;
    out.registeredPoorCases += r.registeredPoorCases;
    out.assistFirst.cases += r.firstCases;
    out.assistFirst.fen += r.firstFen;
    for (const g of [byCategory[r.category as keyof typeof byCategory], byApprovalLevel[r.level]]) {
      if (!g) continue;
      g.cases += r.cases;
      g.personTimes += r.personTimes;
      g.fen += r.fen;
    }
  }
  return out;
}

function heatingFigures(rows: Awaited<ReturnType<ReportRepo['heating']>>): HeatingFigures {
  const byMode = { central: { households: 0, fen: 0 }, dispersed: { households: 0, fen: 0 } };
  for (const r of rows) if (r.mode in byMode) byMode[r.mode] = { households: r.households, fen: r.fen };
  // A household paid in both modes within one quarter (a change of mode between a season roll and its supplement) counts in each mode, once in all.
  return { households: rows.reduce((s, r) => s + r.households, 0), fen: rows.reduce((s, r) => s + r.fen, 0), byMode };
}

function dualInclusionFigures(
  latest: { snapshotId: string; asOf: string } | undefined,
  counts: { registeredPoor: number; covered: number; referral: number; discrepancies: number } | undefined,
): DualInclusionFigures {
  if (!latest) return { available: false };
  return {
    available: true,
    snapshotId: latest.snapshotId,
    asOf: latest.asOf,
    registeredPoorHouseholds: counts?.registeredPoor ?? 0,
    covered: counts?.covered ?? 0,
    referral: counts?.referral ?? 0,
    discrepancies: counts?.discrepancies ?? 0,
  };
}

function screeningFigures(rows: Awaited<ReturnType<ReportRepo['screening']>>): ScreeningFigures {
  if (rows.length === 0) return { available: false };
  const byConclusion = Object.fromEntries(SCREENING_CONCLUSIONS.map((c) => [c, 0])) as Record<(typeof SCREENING_CONCLUSIONS)[number], number>;
  for (const r of rows) if (r.conclusion && r.conclusion in byConclusion) byConclusion[r.conclusion as keyof typeof byConclusion] += r.n;
  return { available: true, campaigns: rows[0].campaigns, rows: rows[0].rows, concluded: rows[0].concluded, byConclusion };
}

/**
 * Cases decided on or before the due day of the decision's step: the workflow's `dueDate` for the state the decision
 * was taken from, with the case's dates (the county notice's end, arrival at the county, acceptance, the last
 * objection). A step without a statutory deadline is on time.
 */
export function decidedOnTime(g: DecidedGroup, calendar: WorkingCalendar): boolean {
  const rules = procedureRulesById(g.program, g.rule_set as RuleSetId);
  const state = (g.from_state ?? 'county_review') as CaseState;
  const due = dueDate(
    {
      state,
      rules,
      stateSince: (g.county_review_since ?? g.decided_on) as PlainDate,
      acceptedOn: g.accepted_on as PlainDate | null,
      noticeEndsOn: g.notice_ends_on as PlainDate | null,
      countyReviewSince: g.county_review_since as PlainDate | null,
      countyObjectionOn: g.county_objection_on as PlainDate | null,
    },
    calendar,
  );
  return due === null || g.decided_on <= due;
}

function procedureFigures(decided: readonly DecidedGroup[], work: { overdueCases: number; overdueReviews: number; spotChecksDone: number }, calendar: WorkingCalendar): ProcedureFigures {
  let casesDecided = 0;
  let decidedWithinDeadline = 0;
  for (const g of decided) {
    casesDecided += g.cases;
    if (decidedOnTime(g, calendar)) decidedWithinDeadline += g.cases;
  }
  return { casesDecided, decidedWithinDeadline, ...work };
}
