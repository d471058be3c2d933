/**
 * 取暖救助采暖季 Heating-season DTOs (issue 14, ADR 0043) shared by the API, the CLI and the web app. Shapes and sizes
 * only: the season's dates, who is eligible and the amounts are the commands' (commands/heating/*).
 */
import { z } from 'zod';
import { parsePlainDate } from '../kernel/plain-date.ts';
import { RollView } from './payroll.ts';

const County = z.string().trim().regex(/^\d{6}$/, { message: 'DIVISION_CODE_FORMAT' });
/** '2019-2020': the season that starts in the first year and ends in the next. */
export const SeasonId = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{4}$/, { message: 'HEATING_SEASON_FORMAT' })
  .refine((s) => Number(s.slice(5)) === Number(s.slice(0, 4)) + 1, { message: 'HEATING_SEASON_FORMAT' });
const DateText = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((s) => parsePlainDate(s) !== null, { message: 'not a calendar date (YYYY-MM-DD) 不是有效日期' });

/** 开启采暖季 A county opens a season: its dates come from the parameters; the reference day may be set within the season. */
export const SeasonOpen = z.object({ county: County, season: SeasonId, referenceDay: DateText.optional() });
export type SeasonOpen = z.infer<typeof SeasonOpen>;

export const SeasonKey = z.object({ county: County, season: SeasonId });
export type SeasonKey = z.infer<typeof SeasonKey>;

/** 生成花名册 The season roll, or (supplementary) the next supplementary roll. */
export const SeasonBuild = SeasonKey.extend({ supplementary: z.boolean().default(false) });
export type SeasonBuild = z.infer<typeof SeasonBuild>;

export const HEATING_EXCEPTION_KINDS = ['missing', 'none', 'institution', 'changed'] as const;
export type HeatingExceptionKind = (typeof HEATING_EXCEPTION_KINDS)[number];

export const SeasonExceptionsQuery = SeasonKey.extend({
  kind: z.enum(HEATING_EXCEPTION_KINDS).optional(),
  /** A township or village of the county (9 or 12 digits). */
  area: z.string().trim().regex(/^\d{9}(\d{3})?$/).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export type SeasonExceptionsQuery = z.infer<typeof SeasonExceptionsQuery>;

const Bilingual = z.object({ zh: z.string(), en: z.string() });

/** A parameter the season fixed, with its citation (the document, number and clause). */
export const SeasonParamView = z.object({
  name: z.string(),
  label: Bilingual,
  value: z.string(),
  effectiveFrom: z.string(),
  citation: z.string(),
  illustrative: z.boolean(),
});
export type SeasonParamView = z.infer<typeof SeasonParamView>;

/** `doudi heating season build --json` prints this: the roll, its county and season, its lines, households and total. */
export const SeasonBuildResult = z.object({
  rollId: z.string(),
  county: z.string(),
  season: z.string(),
  /** 0: the season roll; 1, 2 …: supplementary rolls. */
  round: z.number().int(),
  lines: z.number().int(),
  households: z.number().int(),
  totalFen: z.number().int(),
  held: z.number().int(),
  heldFen: z.number().int(),
});
export type SeasonBuildResult = z.infer<typeof SeasonBuildResult>;

const Counts = {
  households: z.number().int(),
  fen: z.number().int(),
  central: z.number().int(),
  centralFen: z.number().int(),
  dispersed: z.number().int(),
  dispersedFen: z.number().int(),
  /** Paid: the bank said paid (or a re-issue of it did). */
  paid: z.number().int(),
  paidFen: z.number().int(),
};

export const SeasonTownshipFigures = z.object({ township: z.string(), townshipName: z.string(), ...Counts });
export type SeasonTownshipFigures = z.infer<typeof SeasonTownshipFigures>;

export const ExceptionCounts = z.object({ missing: z.number().int(), none: z.number().int(), institution: z.number().int(), changed: z.number().int() });

/** The season's page: dates, parameters, amounts, its rolls and figures (households on its rolls by mode and township, exceptions by kind). */
export const SeasonView = z.object({
  county: z.string(),
  countyName: z.string(),
  season: z.string(),
  firstMonth: z.string(),
  lastMonth: z.string(),
  referenceDay: z.string(),
  status: z.enum(['open', 'closed']),
  openedByName: z.string(),
  openedAt: z.string(),
  params: z.array(SeasonParamView),
  /** In words for the page: dispersed per household (fen), central per m² (yuan, 2 decimals) up to the cap (m²). */
  amounts: z.object({
    dispersedFen: z.number().int(),
    centralRate: z.string(),
    maxArea: z.string(),
    supplementary: z.enum(['full', 'prorated']),
    concentrated: z.enum(['institution', 'person']),
  }),
  rolls: z.array(RollView),
  figures: z.object({ ...Counts, exceptions: ExceptionCounts, townships: z.array(SeasonTownshipFigures) }),
});
export type SeasonView = z.infer<typeof SeasonView>;

/**
 * An exception: missing (heating not recorded), none (no heating recorded), institution (a tekun person in concentrated
 * care whose institution covers heating), changed (paid, but the enrollment ended or was suspended since the reference day).
 */
export const SeasonExceptionView = z.object({
  kind: z.enum(HEATING_EXCEPTION_KINDS),
  householdId: z.string(),
  areaCode: z.string(),
  areaName: z.string(),
  headName: z.string(),
  members: z.number().int(),
  program: z.enum(['dibao', 'tekun']),
  enrollmentId: z.string(),
  statusNow: z.string().nullable(),
  sinceMonth: z.string().nullable(),
});
export type SeasonExceptionView = z.infer<typeof SeasonExceptionView>;

export const SeasonExceptionPage = z.object({ rows: z.array(SeasonExceptionView), total: z.number().int(), counts: ExceptionCounts });
export type SeasonExceptionPage = z.infer<typeof SeasonExceptionPage>;

/** A season in the list (and the figures for reports: households and amounts per season, mode and county). */
export const SeasonListItem = z.object({
  county: z.string(),
  countyName: z.string(),
  season: z.string(),
  firstMonth: z.string(),
  lastMonth: z.string(),
  referenceDay: z.string(),
  status: z.enum(['open', 'closed']),
  rolls: z.number().int(),
  ...Counts,
});
export type SeasonListItem = z.infer<typeof SeasonListItem>;
