import { AppError } from '../../kernel/errors.ts';
import type { Refusal } from '../../workflow/refusals.ts';

/** A workflow refusal as the error a user meets: wrong state → 409, wrong person → 403, incomplete record → 400. */
export function refusalError(r: Refusal): AppError {
  const status = r.kind === 'state' ? 409 : r.kind === 'role' ? 403 : 400;
  return new AppError(r.code, r.message, { status, ...(r.field ? { field: r.field } : {}) });
}
