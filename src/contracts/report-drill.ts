/**
 * 数字背后的名单 The list behind a figure of the quarterly report (issue 15 point 1: "every figure links to the list
 * behind it"). A figure is addressed as the report addresses it — its group (a program, or temporary / heating /
 * procedure) and its path in the group — and `drillOf` says which rows stand behind it: the same set the figure counts
 * or sums (db/report-repo.ts reads both from one definition), so the rows' number, persons or amount give the figure.
 * Figures that are no list (the standard in force is a parameter; the dual-inclusion and screening figures have lists of
 * their own pages) have no drill.
 */
import { z } from 'zod';
import { APPROVAL_LEVELS, ENROLLMENT_PROGRAMS, type EnrollmentProgram } from './report.ts';
import { TEMPORARY_CATEGORIES, type TemporaryCategory } from '../kernel/temporary-category.ts';

/**
 * The kinds of rows behind figures:
 * - `enrolled` households with an enrollment of the program in force in the quarter's last month (persons per household);
 * - `started` / `ended` enrollments whose first benefit month / ended term lies in the quarter;
 * - `paid` payment-roll lines the bank reported paid (in the quarter, or the year to its end);
 * - `regular` regular lines of the quarter's benefit months (amount and persons: the monthly benefit per person);
 * - `tempAssisted` temporary-aid cases first assisted in the quarter; `tempApproved` approved in it;
 * - `tempPaid` temporary-aid payments: paid first from the township reserve, or a stage the bank reported paid;
 * - `heatingPaid` households whose heating lines the bank reported paid (amount summed per household);
 * - `decided` application cases decided in the quarter (each with whether it was on time);
 * - `overdueCases` open cases whose step was due before the report's day; `overdueReviews` enrollments whose review was;
 * - `spotChecks` county home visits of spot checks recorded in the quarter.
 */
export const DRILL_KINDS = ['enrolled', 'started', 'ended', 'paid', 'regular', 'tempAssisted', 'tempApproved', 'tempPaid', 'heatingPaid', 'decided', 'overdueCases', 'overdueReviews', 'spotChecks'] as const;
export type DrillKind = (typeof DRILL_KINDS)[number];

/** Which rows stand behind a figure, and how they give it (`measure`: their number, their persons, their amount, or their amount per person rounded half-up). */
export interface Drill {
  kind: DrillKind;
  measure: 'rows' | 'persons' | 'amount' | 'amountPerPerson';
  /** The enrollment program (dibao, single-person dibao, tekun dispersed / concentrated) or 'temporary' / 'heating' for lines. */
  program?: EnrollmentProgram | 'temporary' | 'heating';
  /** Only registered-poor households. */
  registeredPoor?: boolean;
  /** Only gradual exits (ended after a gradual-exit term). */
  gradual?: boolean;
  /** `paid` and `tempPaid`, `heatingPaid`: the quarter, or the year to the quarter's end. */
  period?: 'quarter' | 'year';
  category?: TemporaryCategory;
  level?: (typeof APPROVAL_LEVELS)[number];
  /** Temporary aid paid first (先行救助) only. */
  assistFirst?: boolean;
  mode?: 'central' | 'dispersed';
  /** `decided`: only those decided on time. */
  onTime?: boolean;
}

const isEnrollmentProgram = (p: string): p is EnrollmentProgram => (ENROLLMENT_PROGRAMS as readonly string[]).includes(p);

/** The rows behind the figure `figure` of the group `program`, or null when the figure is no list of rows. */
export function drillOf(program: string, figure: string): Drill | null {
  if (isEnrollmentProgram(program)) {
    switch (figure) {
      case 'households':
        return { kind: 'enrolled', measure: 'rows', program };
      case 'persons':
        return { kind: 'enrolled', measure: 'persons', program };
      case 'registeredPoorHouseholds':
        return { kind: 'enrolled', measure: 'rows', program, registeredPoor: true };
      case 'registeredPoorPersons':
        return { kind: 'enrolled', measure: 'persons', program, registeredPoor: true };
      case 'newApprovals':
        return { kind: 'started', measure: 'rows', program };
      case 'exits':
        return { kind: 'ended', measure: 'rows', program };
      case 'gradualExits':
        return { kind: 'ended', measure: 'rows', program, gradual: true };
      case 'paidQuarterFen':
        return { kind: 'paid', measure: 'amount', program, period: 'quarter' };
      case 'paidYearFen':
        return { kind: 'paid', measure: 'amount', program, period: 'year' };
      case 'averageMonthlyBenefitPerPersonFen':
        return { kind: 'regular', measure: 'amountPerPerson', program };
      default:
        return null;
    }
  }
  if (program === 'temporary') return temporaryDrill(figure);
  if (program === 'heating') {
    if (figure === 'paidQuarterFen') return { kind: 'heatingPaid', measure: 'amount', program: 'heating', period: 'quarter' };
    if (figure === 'paidYearFen') return { kind: 'heatingPaid', measure: 'amount', program: 'heating', period: 'year' };
    if (figure === 'households') return { kind: 'heatingPaid', measure: 'rows', period: 'quarter' };
    if (figure === 'fen') return { kind: 'heatingPaid', measure: 'amount', period: 'quarter' };
    const m = /^byMode\.(central|dispersed)\.(households|fen)$/.exec(figure);
    if (m) return { kind: 'heatingPaid', measure: m[2] === 'fen' ? 'amount' : 'rows', period: 'quarter', mode: m[1] as 'central' | 'dispersed' };
    return null;
  }
  if (program === 'procedure') {
    switch (figure) {
      case 'casesDecided':
        return { kind: 'decided', measure: 'rows' };
      case 'decidedWithinDeadline':
        return { kind: 'decided', measure: 'rows', onTime: true };
      case 'overdueCases':
        return { kind: 'overdueCases', measure: 'rows' };
      case 'overdueReviews':
        return { kind: 'overdueReviews', measure: 'rows' };
      case 'spotChecksDone':
        return { kind: 'spotChecks', measure: 'rows' };
      default:
        return null;
    }
  }
  return null;
}

/** Temporary aid: the program's row of figures and the section's cases / person-times / fen, whole or by category, level, assist-first. */
function temporaryDrill(figure: string): Drill | null {
  if (figure === 'newApprovals') return { kind: 'tempApproved', measure: 'rows' };
  if (figure === 'paidQuarterFen') return { kind: 'tempPaid', measure: 'amount', period: 'quarter' };
  if (figure === 'paidYearFen') return { kind: 'tempPaid', measure: 'amount', period: 'year' };
  const parts = figure.split('.');
  const leaf = parts.pop() ?? '';
  const filter: Pick<Drill, 'category' | 'level' | 'assistFirst'> = {};
  if (parts[0] === 'byCategory' && parts.length === 2 && (TEMPORARY_CATEGORIES as readonly string[]).includes(parts[1])) filter.category = parts[1] as TemporaryCategory;
  else if (parts[0] === 'byApprovalLevel' && parts.length === 2 && (APPROVAL_LEVELS as readonly string[]).includes(parts[1])) filter.level = parts[1] as Drill['level'];
  else if (parts[0] === 'assistFirst' && parts.length === 1) filter.assistFirst = true;
  else if (parts.length > 0) return null;
  if (leaf === 'cases') return { kind: 'tempAssisted', measure: 'rows', ...filter };
  if (leaf === 'personTimes' && !filter.assistFirst) return { kind: 'tempAssisted', measure: 'persons', ...filter };
  if (leaf === 'fen') return { kind: 'tempPaid', measure: 'amount', period: 'quarter', ...filter };
  return null;
}

/** One row behind a figure: the household, and what the kind of rows tells of it (no ID numbers: the lists' pages have them, masked). */
export const FigureRow = z.object({
  /** Unique in the list, its order. */
  key: z.string(),
  householdId: z.string().nullable(),
  headName: z.string().nullable(),
  areaCode: z.string(),
  areaName: z.string(),
  /** Persons counted (the household's members for a household unit, 1 for one person; a line's persons). */
  persons: z.number().int().nullable(),
  registeredPoor: z.boolean().nullable(),
  amountFen: z.number().int().nullable(),
  /** The row's day or month: in force / started / ended month, paid day, decided day, due day, visit day. */
  date: z.string().nullable(),
  caseId: z.string().nullable(),
  enrollmentId: z.string().nullable(),
  rollId: z.string().nullable(),
  /**
   * What kind of row within its list, a code the pages name: the report program ('dibao', 'tekunDispersed' …), a
   * temporary payment ('paidFirst' | 'stage'), a heating mode, a case state, 'onTime' | 'late', a temporary category.
   */
  detail: z.string().nullable(),
  /** `detail` in words. */
  detailLabel: z.object({ zh: z.string(), en: z.string() }).nullable(),
});
export type FigureRow = z.infer<typeof FigureRow>;

export const FigureRowsQuery = z.object({
  program: z.string().trim().min(1).max(40),
  figure: z.string().trim().min(1).max(80),
  after: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
export type FigureRowsQuery = z.infer<typeof FigureRowsQuery>;

export const FigureRows = z.object({
  county: z.string(),
  quarter: z.string(),
  program: z.string(),
  figure: z.string(),
  kind: z.enum(DRILL_KINDS),
  measure: z.enum(['rows', 'persons', 'amount', 'amountPerPerson']),
  /** The figure as the report shows it: frozen when the quarter was submitted, computed now otherwise. */
  reported: z.number().nullable(),
  /** Whether `reported` is the submitted (frozen) figure. */
  frozen: z.boolean(),
  /** The whole list's totals now: rows, persons, amount (the figure's measure of them is the figure computed now). */
  total: z.object({ rows: z.number().int(), persons: z.number().int(), amountFen: z.number().int() }),
  rows: z.array(FigureRow),
  /** Where the next page starts; null on the last page. */
  next: z.string().nullable(),
});
export type FigureRows = z.infer<typeof FigureRows>;
