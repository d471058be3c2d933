import { z } from 'zod';
import { FigureRow } from './report-drill.ts';

/**
 * 领导驾驶舱 The dashboard of city and county leaders (issue 15 point 4): one month's coverage, spending, overdue work and
 * findings for an area and for each of its child divisions (city → county → township → village).
 */

const AreaCode = z.string().regex(/^\d{6}(\d{6})?$/, { message: 'DIVISION_CODE_FORMAT' });
const MonthText = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'not a month (YYYY-MM) 不是有效月份' });

export const DashboardQuery = z.object({
  area: AreaCode.optional().describe('区划代码 12 digits (or a 6-digit county); default: the user’s area'),
  month: MonthText.optional().describe('统计月份 YYYY-MM; default: the business day’s month'),
});
export type DashboardQuery = z.infer<typeof DashboardQuery>;

export const DASHBOARD_LEVELS = ['city', 'county', 'township', 'village'] as const;
export type DashboardLevel = (typeof DASHBOARD_LEVELS)[number];

export const DashboardDivision = z.object({ code: z.string(), name: z.string(), level: z.enum(DASHBOARD_LEVELS) });
export type DashboardDivision = z.infer<typeof DashboardDivision>;

/** 支出 A program's spending in the month: on the month's approved rolls, and of that what the bank reported paid. */
export const DashboardSpend = z.object({ approvedFen: z.number().int(), paidFen: z.number().int() });
export type DashboardSpend = z.infer<typeof DashboardSpend>;

export const DASHBOARD_PROGRAMS = ['dibao', 'tekun', 'temporary', 'heating'] as const;
export type DashboardProgram = (typeof DASHBOARD_PROGRAMS)[number];

export const DashboardFigures = z.object({
  /** 保障覆盖 Enrollments payable in the month (term active or gradual exit). */
  coverage: z.object({
    dibaoHouseholds: z.number().int(),
    dibaoPersons: z.number().int(),
    tekunPersons: z.number().int(),
    /** 建档立卡 persons of registered-poor households among those enrolled (dibao and tekun). */
    registeredPoorPersons: z.number().int(),
    /** Every person in the registry of the area (the share's denominator). */
    registeredPersons: z.number().int(),
  }),
  spending: z.object({ dibao: DashboardSpend, tekun: DashboardSpend, temporary: DashboardSpend, heating: DashboardSpend }),
  /** 逾期事项 As of the business day. `rollsAwaitingApproval` is a county's (rolls are county-wide): null below a county. */
  overdue: z.object({
    cases: z.number().int(),
    reviews: z.number().int(),
    paperwork: z.number().int(),
    rollsAwaitingApproval: z.number().int().nullable(),
  }),
  findings: z.object({
    /** 抽查发现问题 Spot-check visits of the month whose finding was inconsistent. */
    spotCheckProblems: z.number().int(),
    /** 排查待结论 Ledger rows of open screening campaigns without a conclusion yet. */
    screeningOpen: z.number().int(),
    /** 异常线索 Findings of the anomaly rules (issue 16, ADR 0046) in the area not yet closed (open or answered). */
    anomalies: z.number().int(),
  }),
});
export type DashboardFigures = z.infer<typeof DashboardFigures>;

export const DashboardView = z.object({
  area: DashboardDivision,
  /** From the user's own area down to this one (the breadcrumbs back up). */
  path: z.array(DashboardDivision),
  month: z.string(),
  /** The business day the overdue figures are counted on. */
  today: z.string(),
  childLevel: z.enum(DASHBOARD_LEVELS).nullable(),
  /** When these figures were counted: they are shared for a minute (the command's DASHBOARD_TTL_MS). */
  computedAt: z.string(),
  totals: DashboardFigures,
  children: z.array(z.object({ division: DashboardDivision, figures: DashboardFigures })),
});
export type DashboardView = z.infer<typeof DashboardView>;

/** Every figure the dashboard shows, each one a link to the list of its records (GET /api/dashboard/rows). */
export const DASHBOARD_FIGURE_KEYS = [
  'dibaoHouseholds',
  'dibaoPersons',
  'tekunPersons',
  'registeredPoorPersons',
  'registeredPersons',
  'spendDibao',
  'spendTekun',
  'spendTemporary',
  'spendHeating',
  'overdueCases',
  'overdueReviews',
  'overduePaperwork',
  'rollsAwaitingApproval',
  'spotCheckProblems',
  'screeningOpen',
  'anomalies',
] as const;
export type DashboardFigureKey = (typeof DASHBOARD_FIGURE_KEYS)[number];

export const DashboardRowsQuery = DashboardQuery.extend({
  figure: z.enum(DASHBOARD_FIGURE_KEYS).describe('the figure whose records are listed'),
  after: z.string().max(200).optional().describe('the last key of the page before'),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
export type DashboardRowsQuery = z.infer<typeof DashboardRowsQuery>;

/** The records behind a dashboard figure (rows as the report's lists have them: contracts/report-drill.ts FigureRow). */
export const DashboardRows = z.object({
  area: DashboardDivision,
  month: z.string(),
  today: z.string(),
  figure: z.enum(DASHBOARD_FIGURE_KEYS),
  /** How the rows give the figure: their number, their persons, or their amount (fen). */
  measure: z.enum(['rows', 'persons', 'amount']),
  total: z.object({ rows: z.number().int(), persons: z.number().int(), amountFen: z.number().int() }),
  rows: z.array(FigureRow),
  next: z.string().nullable(),
});
export type DashboardRows = z.infer<typeof DashboardRows>;
