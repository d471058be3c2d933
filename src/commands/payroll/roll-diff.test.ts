import { describe, expect, it } from 'vitest';
import type { LineSnapshot } from '../../db/payroll-ledger.ts';
import { diffLines } from './roll-diff.ts';

const line = (o: Partial<LineSnapshot> & { seq: number; enrollment_id: string }): LineSnapshot => ({
  kind: 'regular',
  benefit_month: '2019-08',
  household_id: `h-${o.enrollment_id}`,
  payee_name: `户主${o.enrollment_id}`,
  area_code: '211221101200',
  amount_fen: 10_000,
  hold_reason: null,
  reissue_of_roll: null,
  reissue_of_seq: null,
  ...o,
});

/** What a refresh shows (issue 11): lines added, removed and changed, matched by what they pay, not by their number. */
describe('the difference of a refresh', () => {
  it('matches a line by what it pays, not by its number: renumbered and unchanged is no difference', () => {
    const d = diffLines([line({ seq: 1, enrollment_id: 'a' })], [line({ seq: 7, enrollment_id: 'a' })]);
    expect(d).toEqual({ counts: { added: 0, removed: 0, changed: 0 }, items: [] });
  });

  it('lists added, removed and changed lines with household and both amounts', () => {
    const before = [line({ seq: 1, enrollment_id: 'a' }), line({ seq: 2, enrollment_id: 'b' }), line({ seq: 3, enrollment_id: 'c', hold_reason: 'no_account' })];
    const after = [line({ seq: 1, enrollment_id: 'a', amount_fen: 12_000 }), line({ seq: 3, enrollment_id: 'c' }), line({ seq: 4, enrollment_id: 'd' })];
    const d = diffLines(before, after);
    expect(d.counts).toEqual({ added: 1, removed: 1, changed: 2 });
    expect(d.items.map((i) => [i.householdId, i.change, i.before, i.after])).toEqual([
      ['h-a', 'changed', { amountFen: 10_000, held: false }, { amountFen: 12_000, held: false }],
      ['h-b', 'removed', { amountFen: 10_000, held: false }, null],
      ['h-c', 'changed', { amountFen: 10_000, held: true }, { amountFen: 10_000, held: false }],
      ['h-d', 'added', null, { amountFen: 10_000, held: false }],
    ]);
  });

  it('a back-pay that became a recovery for the same month is one line changed; a re-issue is matched by the payment it repeats', () => {
    const before = [line({ seq: 5, enrollment_id: 'a', kind: 'backpay', benefit_month: '2019-07', amount_fen: 3_000 })];
    const after = [
      line({ seq: 6, enrollment_id: 'a', kind: 'recovery', benefit_month: '2019-07', amount_fen: -2_000 }),
      line({ seq: 7, enrollment_id: 'a', kind: 'reissue', benefit_month: '2019-06', reissue_of_roll: 'r6', reissue_of_seq: 3 }),
    ];
    const d = diffLines(before, after);
    expect(d.items.map((i) => [i.change, i.kind, i.benefitMonth, i.before?.amountFen ?? null, i.after?.amountFen ?? null])).toEqual([
      ['added', 'reissue', '2019-06', null, 10_000],
      ['changed', 'recovery', '2019-07', 3_000, -2_000],
    ]);
  });
});
