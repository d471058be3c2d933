import { describe, expect, it } from 'vitest';
import type { TownshipReserveEntryTable } from '../../db/schema.ts';
import { isTownshipCode } from '../../db/reserve-repo.ts';
import { AppError } from '../../kernel/errors.ts';
import type { Actor } from '../context.ts';
import { mayTopUp, presentEntry, reserveKey } from './reserve-context.ts';

const actor = (role: Actor['role'], areaCode: string): Actor => ({ userId: 'u1', username: 'u1', displayName: 'u1', role, areaCode });
const entry: TownshipReserveEntryTable = {
  county_code: '211221',
  township_code: '211221101000',
  seq: 3,
  at: '2026-03-02T02:00:00.000Z',
  kind: 'payment',
  amount_fen: -30_000,
  balance_after_fen: 70_000,
  case_id: 'c1',
  payee_name: '王桂兰',
  note: '火灾',
  actor_id: 'u2',
  actor_name: '李经办',
};

describe('township reserve: keys and presentation', () => {
  it('reads a township code (12 digits or the 9 significant ones) and refuses anything else', () => {
    expect(reserveKey('211221101000')).toEqual({ countyCode: '211221', townshipCode: '211221101000' });
    expect(reserveKey(' 211221101 ')).toEqual({ countyCode: '211221', townshipCode: '211221101000' });
    for (const bad of ['211221', '211221000000', '211221101200', '21122110100', '', 12, null, '000000101000']) {
      expect(() => reserveKey(bad), String(bad)).toThrow(AppError);
    }
    expect(isTownshipCode('211221101000')).toBe(true);
    expect(isTownshipCode('211221000000')).toBe(false);
  });

  it('shows the case and the payee only to a role that reads cases', () => {
    expect(presentEntry(actor('township_caseworker', '211221101000'), entry)).toMatchObject({ case: { countyCode: '211221', id: 'c1' }, payeeName: '王桂兰', amountFen: -30_000, balanceAfterFen: 70_000 });
    const masked = presentEntry(actor('poverty_liaison', '211200000000'), entry);
    expect(masked.case).toBeNull();
    expect(masked.payeeName).toBeNull();
    expect(masked.amountFen).toBe(-30_000);
  });

  it('the county approver of the township’s county may top up; nobody else', () => {
    const k = { countyCode: '211221', townshipCode: '211221101000' };
    expect(mayTopUp(actor('county_approver', '211221000000'), k)).toBe(true);
    expect(mayTopUp(actor('county_approver', '211223000000'), k)).toBe(false);
    expect(mayTopUp(actor('county_admin', '211221000000'), k)).toBe(false);
    expect(mayTopUp(actor('township_caseworker', '211221101000'), k)).toBe(false);
  });
});
