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

export const ParamFileSchema = z.strictObject({
  description: z.strictObject({ zh: text, en: text }),
  unit: text,
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
