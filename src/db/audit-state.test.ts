import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newKeyRing, seal } from '../kernel/sealing.ts';
import { canonicalJson } from './audit.ts';
import { LATER_STATE_COLUMNS, STATE_COLUMNS, stateRow, stateRowJson } from './audit-state.ts';

const keys = newKeyRing();
const value = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.boolean(),
  fc.bigInt({ min: 0n, max: 1_000_000n }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

describe('stateRowJson', () => {
  it.each(['payroll_line', 'household', 'payroll_roll', 'enrollment'] as const)('writes exactly canonicalJson(stateRow(…)) for %s rows (fast-check)', (table) => {
    const columns = [...STATE_COLUMNS[table], ...(LATER_STATE_COLUMNS[table] ?? [])];
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...columns), value), fc.option(fc.string({ minLength: 1, maxLength: 20 }), { nil: null }), (row, account) => {
        const r: Record<string, unknown> = { ...row };
        // Sealed columns as they are stored, or (the demo generator's rows) in clear under their plain names.
        if ('bank_account_sealed' in r) r.bank_account_sealed = account === null ? null : seal(keys, 'bank_account', account);
        // Lines of every program, heating's among them (their account by its keyed hash).
        if (table === 'payroll_line' && typeof r.kind === 'string') r.program = r.kind.length % 2 === 0 ? 'heating' : 'dibao';
        expect(stateRowJson(keys, table, r)).toBe(canonicalJson(stateRow(keys, table, r)));
      }),
      { numRuns: 300 },
    );
  });
});

describe('the account in a line’s state', () => {
  const line = { county_code: '211221', roll_id: 'r', seq: 1, kind: 'regular', bank_account_hash: 'h1', amount_fen: 20000 };
  it('is the opened account for the older programs, so re-sealing changes nothing', () => {
    const a = stateRow(keys, 'payroll_line', { ...line, program: 'dibao', bank_account_sealed: seal(keys, 'bank_account', '6230000000000001') });
    const b = stateRow(keys, 'payroll_line', { ...line, program: 'dibao', bank_account_sealed: seal(keys, 'bank_account', '6230000000000001') });
    expect(a).toEqual(b);
    expect(a.bank_account).toBe('6230000000000001');
  });
  it('is the keyed hash for heating lines: nothing opened, and another account is another state', () => {
    const a = stateRow(keys, 'payroll_line', { ...line, program: 'heating', bank_account_sealed: 'not opened' });
    expect(a.bank_account_hash).toBe('h1');
    expect(a).not.toHaveProperty('bank_account');
    expect(stateRowJson(keys, 'payroll_line', { ...line, program: 'heating', bank_account_hash: 'h2' })).not.toBe(stateRowJson(keys, 'payroll_line', { ...line, program: 'heating' }));
  });
});
