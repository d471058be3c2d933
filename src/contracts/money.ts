import { z } from 'zod';
import type { BilingualMessage } from '../kernel/errors.ts';
import { type Fen, formatYuan, readYuan, YUAN_DIGITS } from '../kernel/money.ts';

/**
 * Money as an input field, one schema for every contract (registry bodies, the engine's situations, imports): an
 * amount of yuan given as a JSON number or as decimal text — `4769.88` or `"4769.88"` — at most two decimals, no
 * exponent, not negative, at most 12 digits before the point, read exactly into fen by the kernel (`readYuan`). A
 * refusal is a zod issue on the field with the message code `AMOUNT_FORMAT` (src/api/errors.ts words it) and the
 * kernel's own code and message in `params`.
 */
export const AMOUNT_FORMAT = 'AMOUNT_FORMAT';

const MAX_YUAN = Number(`${'9'.repeat(YUAN_DIGITS)}.99`);

// The JSON Schema of the two forms, for tools outside (docs/situation.schema.json, the OpenAPI document); the kernel decides.
const asNumber = z.number().meta({ minimum: 0, maximum: MAX_YUAN, multipleOf: 0.01 });
const asText = z.string().meta({ pattern: `^\\s*\\d{1,${YUAN_DIGITS}}(\\.\\d{1,2})?\\s*$` });

/** An amount of yuan in, fen out. */
export const YuanAmount = z
  .union([asNumber, asText], { error: AMOUNT_FORMAT })
  .transform((v, ctx): Fen => {
    const r = readYuan(v);
    if (r.ok) return r.fen;
    ctx.addIssue({ code: 'custom', message: AMOUNT_FORMAT, params: { code: r.error.code, message: r.error.message } });
    return z.NEVER;
  })
  .meta({
    description:
      'yuan: a number or decimal text with at most two decimals, no exponent (4769.88 or "4769.88") ' +
      '金额（元）：数字或数字文本，最多两位小数，不用科学计数法',
  });

/** What a sender may put in a money field: `4769.88` or `"4769.88"`. */
export type YuanInput = z.input<typeof YuanAmount>;

/** The same amount passed on as canonical yuan text ("4769.88"), for fields whose commands take text. */
export const YuanText = YuanAmount.transform(formatYuan);

/** The kernel's code and message behind an `AMOUNT_FORMAT` issue (a value neither number nor text: not a number). */
export function amountProblem(issue: { message: string; params?: Record<string, unknown> }): { code: string; message: BilingualMessage } | null {
  if (issue.message !== AMOUNT_FORMAT) return null;
  const p = issue.params as { code?: string; message?: BilingualMessage } | undefined;
  if (p?.code && p.message) return { code: p.code, message: p.message };
  const r = readYuan(undefined);
  return r.ok ? null : r.error;
}
