import type { RollView } from '#contracts/payroll.ts';
import { formatYuanGrouped } from '#kernel/money.ts';

/** One notice on a roll's page: its kind, its message key under `payroll.notice`, and what fills the key in. */
export interface RollNotice {
  type: 'warning' | 'info';
  key: 'stale' | 'notLatest' | 'accountsEntered' | 'held';
  values: Record<string, string | number>;
}

/**
 * What a roll's page says above its totals (issue 11), most urgent first: a roll awaiting approval that the
 * enrollments have moved on from (stale: cannot be approved until refreshed); one that a later roll settles; held
 * lines whose household has an account now (a refresh pays them here); and the payments held for a missing account.
 */
export function rollNotices(r: RollView): RollNotice[] {
  const out: RollNotice[] = [];
  const f = r.freshness;
  if (f?.stale) out.push({ type: 'warning', key: 'stale', values: { count: f.changedEnrollments } });
  if (f && !f.latest) out.push({ type: 'info', key: 'notLatest', values: {} });
  if (f && f.accountsEntered > 0) out.push({ type: 'info', key: 'accountsEntered', values: { count: f.accountsEntered } });
  if (r.totals.held > 0) out.push({ type: r.status === 'built' ? 'info' : 'warning', key: 'held', values: { count: r.totals.held, yuan: formatYuanGrouped(r.totals.heldFen) } });
  return out;
}
