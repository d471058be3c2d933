import { describe, expect, it } from 'vitest';
import type { RollView } from '#contracts/payroll.ts';
import { rollNotices } from './roll-notices.ts';

const totals = { lines: 3, payLines: 3, persons: 5, totalFen: 30_000, regularFen: 30_000, backpayFen: 0, reissueFen: 0, recoveryFen: 0, gradualExit: 0, skipped: 0, held: 0, heldFen: 0, bankLines: 3, bankFen: 30_000 };
const roll = (o: Partial<RollView>): RollView =>
  ({ status: 'built', totals, freshness: { latest: true, stale: false, changedEnrollments: 0, accountsEntered: 0 }, ...o }) as RollView;

/** The notices of a roll's page (issue 11), without a browser (ADR 0022). */
describe('the notices of a roll', () => {
  it('say nothing for a fresh roll with every payment going to the bank', () => {
    expect(rollNotices(roll({}))).toEqual([]);
  });

  it('put the stale roll first, with how many enrollments changed', () => {
    const n = rollNotices(roll({ freshness: { latest: true, stale: true, changedEnrollments: 3, accountsEntered: 1 }, totals: { ...totals, held: 2, heldFen: 12_345 } }));
    expect(n.map((x) => [x.type, x.key, x.values])).toEqual([
      ['warning', 'stale', { count: 3 }],
      ['info', 'accountsEntered', { count: 1 }],
      ['info', 'held', { count: 2, yuan: '123.45' }],
    ]);
  });

  it('say that a later roll settles an earlier one; after approval the held payments are a warning for the townships', () => {
    expect(rollNotices(roll({ freshness: { latest: false, stale: false, changedEnrollments: 0, accountsEntered: 0 } })).map((x) => x.key)).toEqual(['notLatest']);
    expect(rollNotices(roll({ status: 'approved', freshness: null, totals: { ...totals, held: 1, heldFen: 100 } }))).toEqual([{ type: 'warning', key: 'held', values: { count: 1, yuan: '1.00' } }]);
  });
});
