/**
 * 取暖救助采暖季 Heating-season DTOs (issue 14, ADR 0043) shared by the API, the CLI and the web app. Shapes and sizes
 * only: the season's dates, who is eligible and the amounts are the commands' (commands/heating/*).
 */
import { z } from 'zod';
import { parsePlainDate } from '../kernel/plain-date.ts';
import type { RollView } from './payroll.ts';

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

/** A parameter the season fixed, with its citation (the document, number and clause). */
export interface SeasonParamView {
  name: string;
  label: { zh: string; en: string };
  value: string;
  effectiveFrom: string;
  citation: string;
  illustrative: boolean;
}

/** `doudi heating season build --json` prints this: the roll, its county and season, its lines, households and total. */
export interface SeasonBuildResult {
  rollId: string;
  county: string;
  season: string;
  round: number;
  lines: number;
  households: number;
  totalFen: number;
  held: number;
  heldFen: number;
}

export interface SeasonTownshipFigures {
  township: string;
  townshipName: string;
  households: number;
  fen: number;
  central: number;
  centralFen: number;
  dispersed: number;
  dispersedFen: number;
  paid: number;
  paidFen: number;
}

export interface SeasonView {
  county: string;
  countyName: string;
  season: string;
  firstMonth: string;
  lastMonth: string;
  referenceDay: string;
  status: 'open' | 'closed';
  openedByName: string;
  openedAt: string;
  params: SeasonParamView[];
  /** The amounts the season pays, in words for the page: dispersed per household, central per m² up to the cap. */
  amounts: { dispersedFen: number; centralRate: string; maxArea: string; supplementary: 'full' | 'prorated'; concentrated: 'institution' | 'person' };
  rolls: RollView[];
  figures: {
    /** Households on the season's rolls (one regular line each), by mode; paid: the bank said paid (or a re-issue did). */
    households: number;
    fen: number;
    central: number;
    centralFen: number;
    dispersed: number;
    dispersedFen: number;
    paid: number;
    paidFen: number;
    exceptions: Record<HeatingExceptionKind, number>;
    townships: SeasonTownshipFigures[];
  };
}

export interface SeasonExceptionView {
  kind: HeatingExceptionKind;
  householdId: string;
  areaCode: string;
  areaName: string;
  headName: string;
  members: number;
  program: 'dibao' | 'tekun';
  enrollmentId: string;
  statusNow: string | null;
  sinceMonth: string | null;
}

export interface SeasonListItem {
  county: string;
  countyName: string;
  season: string;
  firstMonth: string;
  lastMonth: string;
  referenceDay: string;
  status: 'open' | 'closed';
  rolls: number;
  households: number;
  fen: number;
}
