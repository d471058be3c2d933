/**
 * 季度报告流程与通报 The quarterly report's workflow, the city's comparison and bulletin (issue 15 points 2, 3, 5; ADR
 * 0045): DTOs shared by the API, the CLI and the web app. The figures themselves are `QuarterlyFigures` (report.ts).
 */
import { z } from 'zod';
import { QuarterlyFigures } from './report.ts';

const Text = z.string().max(5000);
/** 工作进展、存在问题、下步打算 the county's own text of its report. */
export const ReportTextBody = z.object({
  progress: Text.default(''),
  problems: Text.default(''),
  nextSteps: Text.default(''),
  /** The draft's version as read (absent: the first save, which creates the draft). */
  version: z.number().int().min(1).optional(),
});
export type ReportTextBody = z.infer<typeof ReportTextBody>;

export const ReportSubmitBody = z.object({
  version: z.number().int().min(1),
  /** 更正说明: required when figures of the previous submitted quarter differ now (they are listed as corrections). */
  correctionReason: z.string().max(2000).optional(),
});
export type ReportSubmitBody = z.infer<typeof ReportSubmitBody>;

export const FigureValue = z.union([z.number(), z.boolean(), z.null()]);

/** 更正 A figure of an earlier submitted quarter that differs now: listed in the report found by, with the county's reason. */
export const CorrectionView = z.object({
  ofQuarter: z.string(),
  program: z.string(),
  figure: z.string(),
  was: FigureValue,
  now: FigureValue,
  /** Null while the report is a draft (the reason is given when submitting). */
  reason: z.string().nullable(),
});
export type CorrectionView = z.infer<typeof CorrectionView>;

const Deadline = z.object({
  /** The day the report is due (working days after the quarter's last day). */
  due: z.string(),
  workingDays: z.number().int(),
  citation: z.string(),
  illustrative: z.boolean(),
  /** Not submitted and the due day passed (today), or submitted after it. */
  overdue: z.boolean(),
});

export const ReportView = z.object({
  county: z.string(),
  countyName: z.string(),
  quarter: z.string(),
  /** none: no draft saved yet. */
  status: z.enum(['none', 'draft', 'submitted']),
  /** snapshot: the figures frozen at submit; computed: the draft's figures computed now. */
  source: z.enum(['snapshot', 'computed']),
  figures: QuarterlyFigures,
  figuresDigest: z.string().nullable(),
  /** 农村户籍登记人口 the registry's persons of rural hukou (the comparison's denominator) — frozen with the snapshot. */
  registeredRuralPersons: z.number().int(),
  text: z.object({ progress: z.string(), problems: z.string(), nextSteps: z.string() }),
  draftedBy: z.string().nullable(),
  updatedAt: z.string().nullable(),
  submittedBy: z.string().nullable(),
  submittedAt: z.string().nullable(),
  receivedBy: z.string().nullable(),
  receivedAt: z.string().nullable(),
  version: z.number().int(),
  deadline: Deadline,
  /** Submitted: the corrections listed when it was submitted; draft: those its submission would list (reason still null). */
  corrections: z.array(CorrectionView),
  /** The quarter the corrections are against (the latest submitted before this one), if any. */
  correctionsOf: z.string().nullable(),
});
export type ReportView = z.infer<typeof ReportView>;

export const ReportListItem = z.object({
  county: z.string(),
  countyName: z.string(),
  quarter: z.string(),
  status: z.enum(['draft', 'submitted']),
  submittedAt: z.string().nullable(),
  receivedAt: z.string().nullable(),
  due: z.string(),
  late: z.boolean(),
});
export type ReportListItem = z.infer<typeof ReportListItem>;

/** 逾期未报 A county's quarter not submitted by its due day. */
export const OverdueReport = z.object({
  county: z.string(),
  countyName: z.string(),
  quarter: z.string(),
  due: z.string(),
  /** Working days since the due day (today). */
  workingDaysOverdue: z.number().int(),
  status: z.enum(['none', 'draft']),
});
export type OverdueReport = z.infer<typeof OverdueReport>;

/** A rate as its parts and its value (null when the denominator is zero or the figure is not available). */
export const Rate = z.object({ numerator: z.number(), denominator: z.number(), value: z.number().nullable() });
export type Rate = z.infer<typeof Rate>;

export const COMPARISON_MEASURES = ['coverage', 'benefitVsStandard', 'spendingPerHead', 'timeliness', 'dualInclusion'] as const;
export type ComparisonMeasure = (typeof COMPARISON_MEASURES)[number];

/** One county in the comparison of a quarter. */
export const CountyComparison = z.object({
  county: z.string(),
  countyName: z.string(),
  /** snapshot: its submitted report; computed: not submitted, computed now. */
  source: z.enum(['snapshot', 'computed']),
  submittedAt: z.string().nullable(),
  onTime: z.boolean().nullable(),
  /** Persons on dibao and tekun at the quarter's end / registered persons of rural hukou. */
  coverage: Rate,
  /** Dibao's average monthly benefit per person / its average standard (both fen). */
  benefitVsStandard: Rate,
  /** Paid in the year to the quarter's end, every program (fen) / registered persons of rural hukou: fen per head. */
  spendingPerHead: Rate,
  /** Cases decided within the statutory working days / cases decided in the quarter. */
  timeliness: Rate,
  /** Registered-poor households on dibao or tekun / registered-poor households (null: no poverty snapshot yet). */
  dualInclusion: Rate,
  /** Rank among the counties per measure (1 = best; null when the measure is not available). */
  ranks: z.record(z.enum(COMPARISON_MEASURES), z.number().int().nullable()),
  persons: z.number().int(),
  paidYearFen: z.number().int(),
});
export type CountyComparison = z.infer<typeof CountyComparison>;

export const ComparisonView = z.object({
  quarter: z.string(),
  computedAt: z.string(),
  counties: z.array(CountyComparison),
  /** Each county's measures over the quarters it submitted (from their snapshots), oldest first. */
  trends: z.array(
    z.object({
      county: z.string(),
      countyName: z.string(),
      points: z.array(z.object({ quarter: z.string(), coverage: z.number().nullable(), benefitVsStandard: z.number().nullable(), spendingPerHead: z.number().nullable(), timeliness: z.number().nullable(), dualInclusion: z.number().nullable() })),
    }),
  ),
});
export type ComparisonView = z.infer<typeof ComparisonView>;

export const BulletinBody = z.object({
  title: z.string().trim().min(1).max(200),
  body: z.string().max(20_000).default(''),
  version: z.number().int().min(1).optional(),
});
export type BulletinBody = z.infer<typeof BulletinBody>;

export const BulletinIssueBody = z.object({ version: z.number().int().min(1) });

export const BulletinView = z.object({
  quarter: z.string(),
  status: z.enum(['draft', 'issued']),
  title: z.string(),
  body: z.string(),
  draftedBy: z.string(),
  updatedAt: z.string(),
  issuedBy: z.string().nullable(),
  issuedAt: z.string().nullable(),
  snapshotDigest: z.string().nullable(),
  version: z.number().int(),
  /** Issued: the comparison frozen when issued; draft: computed now (the city's preview). */
  comparison: ComparisonView,
});
export type BulletinView = z.infer<typeof BulletinView>;

export const BulletinListItem = z.object({ quarter: z.string(), status: z.enum(['draft', 'issued']), title: z.string(), issuedAt: z.string().nullable() });
export type BulletinListItem = z.infer<typeof BulletinListItem>;
