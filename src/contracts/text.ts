import { z } from 'zod';
import { TEXT_CODES, textProblem } from '../kernel/text.ts';

/**
 * A name or an address as a contract field: trimmed, NFC-normalised, min (1 unless given)..max characters, and refused (with a
 * `TEXT_…` code that src/api/errors.ts words, naming the field) when it holds a bidi control, a zero-width
 * character, an unpaired surrogate or a control character (src/kernel/text.ts).
 */
export const safeText = (max: number, min = 1) =>
  z
    .string()
    .trim()
    .normalize('NFC')
    .min(min)
    .max(max)
    .superRefine((v, ctx) => {
      const problem = textProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', message: TEXT_CODES[problem] });
    });
