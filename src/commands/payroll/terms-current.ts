import type { CommandContext } from '../context.ts';
import { ensureTermsCurrent as bringTermsUpToDate } from '../enrollments/ensure-terms-current.ts';

/**
 * Before a roll is built, the county's enrollment terms are brought up to date by the enrollments module, which owns
 * that logic (recalculation when parameters changed, reviews scheduled). Idempotent and cheap when nothing changed;
 * the terms it writes for months already paid become back-pay or recovery in the roll (trigger marks, build-roll.ts).
 */
export async function ensureTermsCurrent(ctx: CommandContext, o: { county: string; month: string }): Promise<void> {
  await bringTermsUpToDate(ctx, o);
}
