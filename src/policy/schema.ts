import { z } from 'zod';
import { parsePlainDate } from '../kernel/plain-date.ts';

/** The shape of a parameter file (policy/<jurisdiction>/<path>.yaml); see docs/policy-engine.md. */
const text = z.string().trim().min(1, 'must not be empty 不能为空');

const AreaCode = z.string().regex(/^\d{6}$/, 'area must be a 6-digit division code 区划应为 6 位代码');

export const EntrySchema = z.strictObject({
  value: z.union([z.number().finite(), z.array(text).min(1), z.null()], {
    error: 'value must be a number, a list of codes, or null 值应为数值、代码列表或 null',
  }),
  reference: text,
  area: z.union([AreaCode, z.array(AreaCode).min(1)]).optional(),
  note: text.optional(),
  illustrative: z.boolean().optional(),
});
export type EntryInput = z.infer<typeof EntrySchema>;

const DateKey = z.string().refine((s) => parsePlainDate(s) !== null, 'effective date must be YYYY-MM-DD 生效日期应为 YYYY-MM-DD');

/**
 * The units a parameter may have, each with what a value in it may look like: whole numbers (months, counts, ages,
 * grades), or decimals to a precision (yuan to the fen; ratios and fractions to six places, what the engine represents). A unit not listed here is
 * refused by the loader, so every parameter's value can be checked before it is used.
 */
export const UNITS = {
  'CNY': { integer: false, decimals: 2 },
  'CNY/person/year': { integer: false, decimals: 2 },
  'CNY/person/month': { integer: false, decimals: 2 },
  'CNY/household/year': { integer: false, decimals: 2 },
  'CNY/m2/year': { integer: false, decimals: 2 },
  'm2': { integer: false, decimals: 2 },
  'fraction': { integer: false, decimals: 6 },
  'multiple-of-annual-standard': { integer: false, decimals: 6 },
  'multiple-of-dibao-standard': { integer: false, decimals: 6 },
  'multiple-of-monthly-standard': { integer: false, decimals: 6 },
  'count': { integer: true, decimals: 0 },
  'months': { integer: true, decimals: 0 },
  'month-of-year': { integer: true, decimals: 0 },
  'years': { integer: true, decimals: 0 },
  'grade': { integer: true, decimals: 0 },
  'working-days': { integer: true, decimals: 0 },
  'days': { integer: true, decimals: 0 },
  'list': { integer: false, decimals: 0 },
} as const;
export type Unit = keyof typeof UNITS;

const UnitSchema = z.enum(Object.keys(UNITS) as [Unit, ...Unit[]], { error: `unit must be one of ${Object.keys(UNITS).join(', ')} 单位须为已定义的单位之一` });

/** The range of a number parameter (inclusive): an override outside it is refused; the file's own values must lie inside. */
const BoundsSchema = z
  .strictObject({ min: z.number().finite(), max: z.number().finite() })
  .refine((b) => b.min <= b.max, 'bounds.min must not exceed bounds.max 下限不能大于上限');

export const ParamFileSchema = z.strictObject({
  description: z.strictObject({ zh: text, en: text }),
  unit: UnitSchema,
  /** Required for numbers (checked by the loader): the range an override may take. */
  bounds: BoundsSchema.optional(),
  /** For lists: the codes a value may hold. */
  allowed: z.array(text).min(1).optional(),
  // Entries are checked one by one afterwards so that a fault is reported at its own line.
  values: z
    .record(DateKey, z.unknown())
    .refine((v) => Object.keys(v).length > 0, 'at least one dated value 至少一个生效日期'),
});

export const JurisdictionSchema = z.strictObject({
  name: z.strictObject({ zh: text, en: text }),
  city: AreaCode,
  counties: z.array(z.strictObject({ code: AreaCode, zh: text, en: text })).min(1),
});
