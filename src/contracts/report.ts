/**
 * 季度报告 The county's quarterly report figures (issue 15 point 1; POLICY.md §10): what `computeQuarterlyFigures`
 * returns and what a submitted report freezes. Every figure is a plain integer (money in fen), computed from the data
 * of the quarter — never typed in. A figure that does not apply to a program is `null`. The MCA statistics quarterly
 * (民政统计季报) items are the model: 低保户数、人数、累计支出、平均保障标准、月人均补助水平; 特困供养人数 集中/分散;
 * 临时救助人次、支出.
 */
import { z } from 'zod';
import { TEMPORARY_CATEGORIES } from '../kernel/temporary-category.ts';

// ——— Quarter ———

/** '2019Q3': the year and the quarter (1–4). */
export const Quarter = z
  .string()
  .trim()
  .regex(/^\d{4}Q[1-4]$/, { message: 'QUARTER_FORMAT' });
export type Quarter = z.infer<typeof Quarter>;

export interface QuarterParts {
  year: number;
  /** 1–4 */
  q: number;
}

/** The year and quarter of '2019Q3', or null when the text is not a quarter. */
export function parseQuarter(text: string): QuarterParts | null {
  const m = /^(\d{4})Q([1-4])$/.exec(text.trim());
  if (!m) return null;
  return { year: Number(m[1]), q: Number(m[2]) };
}

export function formatQuarter(p: QuarterParts): Quarter {
  return `${String(p.year).padStart(4, '0')}Q${p.q}`;
}

function partsOf(quarter: string): QuarterParts {
  const p = parseQuarter(quarter);
  if (!p) throw new Error(`not a quarter: ${quarter}`);
  return p;
}

/** The quarter's three months, 'YYYY-MM', in order. */
export function quarterMonths(quarter: string): [string, string, string] {
  const { year, q } = partsOf(quarter);
  const m = (k: number) => `${year}-${String((q - 1) * 3 + k).padStart(2, '0')}`;
  return [m(1), m(2), m(3)];
}

/** The quarter's first day, 'YYYY-MM-DD'. */
export function quarterFirstDay(quarter: string): string {
  return `${quarterMonths(quarter)[0]}-01`;
}

/** The quarter's last day, 'YYYY-MM-DD' (30 June, 30 September, 31 March, 31 December). */
export function quarterLastDay(quarter: string): string {
  const { q } = partsOf(quarter);
  const last = quarterMonths(quarter)[2];
  return `${last}-${q === 1 || q === 4 ? '31' : '30'}`;
}

/** The quarter before (2019Q1 → 2018Q4). */
export function previousQuarter(quarter: string): Quarter {
  const { year, q } = partsOf(quarter);
  return q === 1 ? formatQuarter({ year: year - 1, q: 4 }) : formatQuarter({ year, q: q - 1 });
}

/** The quarter a day ('YYYY-MM-DD') or month ('YYYY-MM') lies in. */
export function quarterOf(day: string): Quarter {
  return formatQuarter({ year: Number(day.slice(0, 4)), q: Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1 });
}

// ——— Programs ———

/**
 * The report's programs: 低保 dibao (household units), 单人保 dibaoSingle (dibao one-person units: `enrollment.unit`
 * 'individual'), 特困分散供养 tekunDispersed and 特困集中供养 tekunConcentrated (by the placement in force: the tekun care
 * record of the quarter's last month; an enrollment without a record counts as dispersed, supported at home), 临时救助
 * temporary, 取暖救助 heating.
 */
export const REPORT_PROGRAMS = ['dibao', 'dibaoSingle', 'tekunDispersed', 'tekunConcentrated', 'temporary', 'heating'] as const;
export type ReportProgram = (typeof REPORT_PROGRAMS)[number];
/** The programs paid monthly by enrollment (dibao and tekun): every figure of `ProgramFigures` applies to them. */
export const ENROLLMENT_PROGRAMS = ['dibao', 'dibaoSingle', 'tekunDispersed', 'tekunConcentrated'] as const;
export type EnrollmentProgram = (typeof ENROLLMENT_PROGRAMS)[number];

const Count = z.number().int().min(0);
const Fen = z.number().int();

/**
 * One program's figures. "In force in a month": the enrollment's term for that month (the latest `enrollment_term`
 * with `from_month` ≤ the month) is `active` or `gradual_exit` (a suspended or ended term is not). Money "paid": a
 * payment-roll line the bank reported paid (`bank_status` 'paid', re-issues counted when they are paid, so a failed
 * line paid again counts once; held and failed lines and recovery lines, which the bank never sees, do not); "paid in"
 * a period: the bank's result recorded (`bank_at`) within the period's days in Beijing time.
 */
export const ProgramFigures = z.object({
  /** Households (enrollments' households, each once) with an enrollment of the program in force in the quarter's last month. */
  households: Count.nullable(),
  /** Persons covered by those enrollments in the quarter's last month: the household's members for a household unit, 1 for a one-person unit. */
  persons: Count.nullable(),
  /** Of `households`: those the registry marks registered poor (建档立卡, `household.registered_poor`). */
  registeredPoorHouseholds: Count.nullable(),
  /** Of `persons`: those of registered-poor households. */
  registeredPoorPersons: Count.nullable(),
  /**
   * New approvals: enrollments whose first benefit month (`start_month`) lies in the quarter. Temporary aid: cases
   * approved (decision dated) in the quarter.
   */
  newApprovals: Count.nullable(),
  /** Exits: enrollments whose `ended` term starts in a month of the quarter (the first month without the benefit). */
  exits: Count.nullable(),
  /** Of `exits`: those whose last term before the end was a gradual exit (渐退期满退出). Dibao only. */
  gradualExits: Count.nullable(),
  /** Paid in the quarter (fen): the program's lines the bank reported paid in the quarter (temporary aid: plus what was paid first from the township reserve on a day of the quarter). */
  paidQuarterFen: Fen.nullable(),
  /** Paid in the year to the quarter's end (fen), as `paidQuarterFen` from 1 January. */
  paidYearFen: Fen.nullable(),
  /**
   * 平均保障标准 in fen per person per month, in force for the county on the quarter's last day: dibao the rural dibao
   * standard / 12; tekun the basic living standard (ratio × dibao standard) / 12; each rounded half-up to the fen once.
   */
  averageStandardFen: Fen.nullable(),
  /**
   * 月人均补助水平 in fen: the regular lines of the quarter's benefit months on the program's rolls (what the terms
   * put on the roll, paid or not; back-pay, re-issues and recovery excluded) — their sum / their persons, half-up.
   * Null when no such line exists.
   */
  averageMonthlyBenefitPerPersonFen: Fen.nullable(),
});
export type ProgramFigures = z.infer<typeof ProgramFigures>;

const CountFen = z.object({ cases: Count, personTimes: Count, fen: Fen });
export const APPROVAL_LEVELS = ['township', 'county', 'collective', 'none'] as const;

/**
 * 临时救助 in the quarter. A case is "assisted in the quarter" when its first help falls in it: the day paid first
 * (先行救助) for a case assisted first, else the day of its approval. `cases` 户次 counts them, `personTimes` 人次 sums
 * their households' members (as the registry has them now). `fen` is what was paid in the quarter whatever the case's
 * quarter: paid first from the reserve on a day of the quarter + stage lines the bank reported paid in the quarter.
 */
export const TemporaryFigures = z.object({
  cases: Count,
  personTimes: Count,
  fen: Fen,
  /** Of `cases`: the households marked registered poor on the aid. */
  registeredPoorCases: Count,
  /** By the aid's category (each of `TEMPORARY_CATEGORIES`, zero when none): cases and person-times assisted, fen paid. */
  byCategory: z.record(z.enum(TEMPORARY_CATEGORIES), CountFen),
  /** By approval level (township, county, collective 一事一议; none: not yet decided, e.g. assisted first only). */
  byApprovalLevel: z.record(z.enum(APPROVAL_LEVELS), CountFen),
  /** 先行救助: cases paid first on a day of the quarter and the amount paid first. */
  assistFirst: z.object({ cases: Count, fen: Fen }),
});
export type TemporaryFigures = z.infer<typeof TemporaryFigures>;

const ModeFigures = z.object({ households: Count, fen: Fen });
/** 取暖救助: the heating season rolls' lines the bank reported paid in the quarter — households (each once) and fen, by mode. */
export const HeatingFigures = z.object({
  households: Count,
  fen: Fen,
  byMode: z.object({ central: ModeFigures, dispersed: ModeFigures }),
});
export type HeatingFigures = z.infer<typeof HeatingFigures>;

/**
 * 双纳入 from the latest poverty-registry snapshot of the county (ADR 0034) against the enrollments in force in the
 * quarter's last month; `available: false` while no snapshot exists.
 */
export const DualInclusionFigures = z.discriminatedUnion('available', [
  z.object({ available: z.literal(false) }),
  z.object({
    available: z.literal(true),
    snapshotId: z.string(),
    /** The day the office's file stands for. */
    asOf: z.string(),
    /** Registered-poor households of the snapshot in the county. */
    registeredPoorHouseholds: Count,
    /** Of them: on dibao or tekun. */
    covered: Count,
    /** Dibao/tekun households not in the registry (to refer to the poverty office). */
    referral: Count,
    /** Mismatches of every kind. */
    discrepancies: Count,
  }),
]);
export type DualInclusionFigures = z.infer<typeof DualInclusionFigures>;

export const SCREENING_CONCLUSIONS = ['covered', 'eligible', 'single_person', 'not_eligible', 'referred'] as const;
/** 集中排查 the county's ledger rows of the screening campaigns of the quarter's year; `available: false` while none exists. */
export const ScreeningFigures = z.discriminatedUnion('available', [
  z.object({ available: z.literal(false) }),
  z.object({
    available: z.literal(true),
    campaigns: Count,
    /** Ledger rows (registered-poor households) of the county. */
    rows: Count,
    /** Of them: concluded on or before the quarter's last day. */
    concluded: Count,
    /** Concluded rows by conclusion. */
    byConclusion: z.record(z.enum(SCREENING_CONCLUSIONS), Count),
  }),
]);
export type ScreeningFigures = z.infer<typeof ScreeningFigures>;

/**
 * Procedure (办理时限): `casesDecided` dibao and tekun application cases with a decision dated in the quarter;
 * `decidedWithinDeadline` of them those decided on or before the statutory due day of the decision (the workflow's
 * deadline rule on the working-day calendar, src/workflow/deadlines.ts); `overdueCases` cases open at the "as of" day
 * (the quarter's last day, or today if earlier) whose current step was due before it; `overdueReviews` enrollments
 * not ended whose periodic review (review_schedule.next_due) fell due before that day; `spotChecksDone` county home
 * visits (spot-check items) recorded on a day of the quarter.
 */
export const ProcedureFigures = z.object({
  casesDecided: Count,
  decidedWithinDeadline: Count,
  overdueCases: Count,
  overdueReviews: Count,
  spotChecksDone: Count,
});
export type ProcedureFigures = z.infer<typeof ProcedureFigures>;

export const QuarterlyFigures = z.object({
  /** 6-digit county code. */
  county: z.string().regex(/^\d{6}$/),
  quarter: Quarter,
  /** ISO instant the figures were computed. */
  computedAt: z.string(),
  /** The day overdue work is counted at: the quarter's last day, or the day computed when earlier. */
  asOf: z.string(),
  programs: z.record(z.enum(REPORT_PROGRAMS), ProgramFigures),
  temporary: TemporaryFigures,
  heating: HeatingFigures,
  dualInclusion: DualInclusionFigures,
  screening: ScreeningFigures,
  procedure: ProcedureFigures,
});
export type QuarterlyFigures = z.infer<typeof QuarterlyFigures>;

/** What computeQuarterlyFigures takes (the CLI's and API's query). */
export const QuarterlyFiguresQuery = z.object({
  county: z.string().trim().regex(/^\d{6}$/, { message: 'DIVISION_CODE_FORMAT' }),
  quarter: Quarter,
});
export type QuarterlyFiguresQuery = z.infer<typeof QuarterlyFiguresQuery>;
