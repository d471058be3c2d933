/**
 * Policy DTOs shared by the API and the web app: parameters (政策参数) with their dated, cited values,
 * administrators' overrides, calculations (测算) and the compliance check (合规检查) of the plan's floors.
 */
import { z } from 'zod';
import type { TemporaryCategory } from '../kernel/temporary-category.ts';
import type { YuanInput } from './money.ts';

const Bilingual = z.object({ zh: z.string(), en: z.string() });

/** A calendar day `YYYY-MM-DD`; the command checks that it is a real date. */
export const DateText = z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/);

export const PROGRAMS = ['dibao', 'tekun', 'heating', 'temporary'] as const;
export type Program = (typeof PROGRAMS)[number];

/** A parameter value: a number (yuan, ratio, count…) or a list of codes. */
export const ParamValueView = z.union([z.number(), z.array(z.string())]);
export type ParamValueView = z.infer<typeof ParamValueView>;

export const AreaView = z.object({ code: z.string(), name: Bilingual });
export type AreaView = z.infer<typeof AreaView>;

/** The value of a parameter in force for one county on the day asked about (null: none). */
export const ValueInForce = z.object({
  county: z.string(),
  value: ParamValueView,
  /** The value as a reader is shown it: with its unit in words, list codes as their names (收入种类…). */
  valueText: Bilingual,
  effectiveFrom: z.string(),
  citation: z.string(),
  /** The citation as a reader is shown it: the real documents, a demo default said to be one. */
  citationText: Bilingual,
  /** The area whose value applies: the county itself or the city default. */
  area: z.string(),
  source: z.enum(['file', 'override']),
  illustrative: z.boolean(),
  author: z.string().optional(),
  note: z.string().optional(),
});
export type ValueInForce = z.infer<typeof ValueInForce>;

export const ParameterSummary = z.object({
  name: z.string(),
  /** The first segment of the name: dibao, tekun, heating, temporary, exit, person, plan. */
  group: z.string(),
  description: Bilingual,
  unit: z.string(),
  /** The unit in words (元/人/月, 倍低保标准…), never its code. */
  unitLabel: Bilingual,
  kind: z.enum(['number', 'list']),
  /** Numbers: the range an override may take (the parameter file's `bounds`); lists: the codes allowed. */
  bounds: z.object({ min: z.number(), max: z.number() }).optional(),
  allowed: z.array(z.string()).optional(),
  /** The allowed codes' names, in the same order. */
  allowedLabels: z.array(Bilingual).optional(),
  /** One entry per county, in the jurisdiction's order; null where no value is in force that day. */
  values: z.array(ValueInForce.nullable()),
});
export type ParameterSummary = z.infer<typeof ParameterSummary>;

export const ParameterListQuery = z.object({ at: DateText.optional() });
export type ParameterListQuery = z.infer<typeof ParameterListQuery>;

export const ParameterList = z.object({
  at: z.string(),
  city: AreaView,
  counties: z.array(AreaView),
  parameters: z.array(ParameterSummary),
});
export type ParameterList = z.infer<typeof ParameterList>;

/** One dated value of one area, as held in a policy file or entered as a database override. */
export const HistoryEntry = z.object({
  effectiveFrom: z.string(),
  /** The last day before the area's next value, or null while it is the latest. */
  until: z.string().nullable(),
  /** Replaced by a later entry of the same area and day (an override of a file value): never in force. */
  superseded: z.boolean(),
  /** null ends the area's own value: its parent area's value applies again. */
  value: ParamValueView.nullable(),
  /** The value in words (null: the area's own value ended). */
  valueText: Bilingual.nullable(),
  citation: z.string(),
  citationText: Bilingual,
  note: z.string().optional(),
  illustrative: z.boolean(),
  source: z.enum(['file', 'override']),
  /** `policy/tieling/<file>:<line>` for a file value. */
  file: z.string().optional(),
  line: z.number().optional(),
  /** Who entered a database override. */
  author: z.string().optional(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

export const ParameterDetail = z.object({
  name: z.string(),
  group: z.string(),
  description: Bilingual,
  unit: z.string(),
  unitLabel: Bilingual,
  kind: z.enum(['number', 'list']),
  file: z.string().optional(),
  /** Every area with values of its own (the city first, then counties), oldest value first. */
  areas: z.array(z.object({ area: AreaView, entries: z.array(HistoryEntry) })),
});
export type ParameterDetail = z.infer<typeof ParameterDetail>;

/**
 * 参数调整 A dated override of one parameter in the city or one county, proposed by the signed-in administrator; it
 * takes effect once a city supervisor other than its author confirms it (ADR 0017).
 */
export const OverrideCreate = z.object({
  name: z.string().trim().min(1).max(100),
  area: z.string().trim().regex(/^\d{6}$/),
  effectiveFrom: DateText,
  /** A number, a list of codes, or null to end a county's own value. */
  value: ParamValueView.nullable(),
  citation: z.string().trim().min(1).max(500),
  /** Required to date the value before the last approved roll of a county it applies to: the difference is paid as back-pay. */
  backPay: z.boolean().default(false),
});
export type OverrideCreate = z.input<typeof OverrideCreate>;

export const OVERRIDE_STATUSES = ['pending', 'confirmed', 'withdrawn'] as const;
export type OverrideStatus = (typeof OVERRIDE_STATUSES)[number];

const Person = z.object({ username: z.string(), displayName: z.string() });

/** A proposed override and what became of it: who proposed, confirmed or withdrew it, and when. */
export const OverrideView = z.object({
  id: z.string(),
  name: z.string(),
  description: Bilingual,
  unit: z.string(),
  unitLabel: Bilingual,
  area: AreaView,
  effectiveFrom: z.string(),
  value: ParamValueView.nullable(),
  valueText: Bilingual.nullable(),
  citation: z.string(),
  backPay: z.boolean(),
  status: z.enum(OVERRIDE_STATUSES),
  proposedBy: Person,
  proposedAt: z.string(),
  /** Absent for overrides in force before the two-person rule (ADR 0017). */
  confirmedBy: Person.nullable(),
  confirmedAt: z.string().nullable(),
  withdrawnBy: Person.nullable(),
  withdrawnAt: z.string().nullable(),
  withdrawReason: z.string().nullable(),
  version: z.number().int(),
  /** What the signed-in user may do with it now. */
  can: z.object({ confirm: z.boolean(), withdraw: z.boolean() }),
});
export type OverrideView = z.infer<typeof OverrideView>;

export const OverrideListQuery = z.object({ status: z.enum(OVERRIDE_STATUSES).optional(), name: z.string().trim().max(100).optional() });
export type OverrideListQuery = z.infer<typeof OverrideListQuery>;

export const OverrideList = z.object({ items: z.array(OverrideView) });
export type OverrideList = z.infer<typeof OverrideList>;

export const OverrideRef = z.object({ id: z.string().min(1).max(64) });

export const OverrideConfirm = z.object({ version: z.number().int().min(1) });
export type OverrideConfirm = z.infer<typeof OverrideConfirm>;

export const OverrideWithdraw = z.object({ version: z.number().int().min(1), reason: z.string().trim().min(1).max(500) });
export type OverrideWithdraw = z.infer<typeof OverrideWithdraw>;

/**
 * The policy engine's explanation of an amount as people read it (src/rules/explain/explain.ts, the one presenter of
 * traces: the calculator, enrollment terms, decision cards, the CLI). Every label is given in both languages; every
 * value both exact (`value`, as the engine computed it, never rounded) and as shown (`shown`: yuan to the fen, 是/否,
 * 符合/不符合, a document instead of a rule version). Citations name real documents; a demo default says it is one.
 */
export const ExplainedParamView = z.object({
  /** The parameter's name (dibao.standard.rural), for auditors; `label` is what people read. */
  name: z.string(),
  label: Bilingual,
  value: ParamValueView,
  shown: Bilingual,
  effectiveFrom: z.string(),
  area: z.string(),
  areaName: Bilingual,
  source: z.enum(['file', 'override']),
  /** A demo default (示例值) the county must set: `citation` says so in words. */
  illustrative: z.boolean(),
  citation: Bilingual,
});
export type ExplainedParamView = z.infer<typeof ExplainedParamView>;

export const ExplainedStepView = z.object({
  step: z.string(),
  /** Readable name of the step (zh/en). */
  label: Bilingual,
  /** The exact, unrounded value the engine recorded. */
  value: z.string(),
  /** The value as shown: to the fen, 是/否, 符合/不符合, a document. */
  shown: Bilingual,
  /** Whether `shown` rounds `value` (the exact value is then worth a look). */
  rounded: z.boolean(),
  /** How the step was computed, in words. */
  note: Bilingual.optional(),
  params: z.array(ExplainedParamView),
});
export type ExplainedStepView = z.infer<typeof ExplainedStepView>;

/** A reason: the engine's (with its code) or one written by a person (code null, no citation). */
export const ExplainedReasonView = z.object({ code: z.string().nullable(), message: Bilingual, citation: Bilingual.nullable() });
export type ExplainedReasonView = z.infer<typeof ExplainedReasonView>;

export const ExplainedDetailView = z.object({ key: z.string(), label: Bilingual, shown: Bilingual });
export type ExplainedDetailView = z.infer<typeof ExplainedDetailView>;

/** The engine's determination explained: decision, amount in fen and yuan, reasons with citations, each step. */
export const DeterminationView = z.object({
  program: z.enum(PROGRAMS),
  month: z.string(),
  county: AreaView,
  eligible: z.boolean(),
  amount: z.object({ fen: z.number().int(), yuan: z.string(), per: z.enum(['month', 'season', 'case']) }),
  approvalLevel: z.enum(['township', 'county', 'collective']).optional(),
  reasons: z.array(ExplainedReasonView),
  trace: z.array(ExplainedStepView),
  details: z.array(ExplainedDetailView),
});
export type DeterminationView = z.infer<typeof DeterminationView>;

/**
 * A situation as in docs/situation.schema.json. Validated by the policy engine itself (so the API, `doudi calc`
 * and outside tools share one set of rules); a fault comes back as 400 SITUATION_INVALID naming the field.
 */
export const CalculateRequest = z
  .record(z.string(), z.unknown())
  .describe('A situation (docs/situation.schema.json): program, month, county, unit, applicant, household, heating, temporary, parameters');

/** The shape the web calculator sends (the JSON Schema in docs/ is the full definition); money as src/contracts/money.ts takes it. */
export interface SituationBody {
  program: Program;
  month: string;
  county: string;
  unit?: 'household' | 'individual';
  applicant?: number;
  household: {
    hukou: 'rural' | 'urban';
    registeredPoor?: boolean;
    members: {
      id?: string;
      birthDate?: string;
      relation?: string;
      disability?: { kind: string; grade: number };
      seriousIllness?: boolean;
      laborCapacity?: 'full' | 'partial' | 'none';
      selfCareFailed?: number;
      supporter?: string;
      status?: 'resident' | 'imprisoned' | 'clergy';
    }[];
    incomes?: { kind: string; annual: YuanInput; member?: number }[];
    deductions?: { kind: 'illness' | 'disability' | 'work'; annual: YuanInput }[];
    assets?: { financial?: YuanInput; vehicles?: number };
  };
  heating?: { mode: 'central' | 'dispersed'; area?: number };
  /** The category (src/kernel/temporary-category.ts) gives the standard; without it, the normal maximum. */
  temporary?: { type: 'emergency' | 'expenditure'; category?: TemporaryCategory; need: YuanInput };
  parameters?: Record<string, number | string[]>;
}

export const COMPLIANCE_CHECKS = [
  'TEKUN_FLOOR',
  'HEATING_DISPERSED_FLOOR',
  'HEATING_CENTRAL_FLOOR',
  'CITY_AVERAGE_FLOOR',
  'TEMPORARY_CEILING',
  'TEMPORARY_STANDARDS',
  'TEMPORARY_CATEGORIES',
  'TEMPORARY_PAPERWORK',
] as const;

export const ComplianceFindingView = z.object({
  check: z.enum(COMPLIANCE_CHECKS),
  ok: z.boolean(),
  area: z.string(),
  message: Bilingual,
  citation: z.string(),
  /** The figures compared, as exact decimal strings. */
  values: z.record(z.string(), z.string()),
  missing: z.array(z.string()).optional(),
  /** The parameters whose values make the check fail (temporary aid: the band or amount at fault). */
  parameters: z.array(z.string()).optional(),
});
export type ComplianceFindingView = z.infer<typeof ComplianceFindingView>;

export const ComplianceQuery = z.object({ at: DateText.optional() });
export type ComplianceQuery = z.infer<typeof ComplianceQuery>;

/**
 * A problem of the parameters in force over their whole timeline (ADR 0017): a county without a value of a parameter
 * from a day (`gap`), or a floor of the plan failing (`floor`), from `from` until the first day it no longer holds
 * (`until`, null: from then on).
 */
export const TimelineProblemView = z.object({
  kind: z.enum(['gap', 'floor']),
  /** The county without a value, the county whose floor fails, or the city for the city average. */
  area: AreaView,
  from: z.string(),
  until: z.string().nullable(),
  /** gap: the parameter without a value. */
  parameter: z.object({ name: z.string(), description: Bilingual }).optional(),
  /** floor: the failing finding (on the period's first day). */
  finding: ComplianceFindingView.optional(),
  message: Bilingual,
});
export type TimelineProblemView = z.infer<typeof TimelineProblemView>;

export const ComplianceReportView = z.object({
  day: z.string(),
  /** Every floor holds on the day, and the timeline has no problem. */
  ok: z.boolean(),
  city: AreaView,
  counties: z.array(z.object({ county: AreaView, ok: z.boolean(), findings: z.array(ComplianceFindingView) })),
  cityFindings: z.array(ComplianceFindingView),
  /** Gaps and failing floors on any day of the timeline, not only on `day` (what the data already holds). */
  timeline: z.array(TimelineProblemView),
});
export type ComplianceReportView = z.infer<typeof ComplianceReportView>;
