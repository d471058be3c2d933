import { AppError } from '../../kernel/errors.ts';
import type { Determination } from '../../rules/common/result.ts';

/**
 * The county proposes and approves only what the policy engine finds eligible for a benefit above zero; otherwise
 * the case is to be refused, with the engine's reasons.
 */
export function requireEngineEligible(d: Determination): void {
  if (d.eligible && d.amount.fen > 0) return;
  throw new AppError(
    'ENGINE_NOT_ELIGIBLE',
    { zh: '按现行政策计算，该申请不符合条件，请作出不予批准的决定', en: 'Under the rules in force this application is not eligible; refuse it instead' },
    { status: 409, details: { reasons: d.reasons.map((r) => r.code), amountFen: d.amount.fen } },
  );
}
