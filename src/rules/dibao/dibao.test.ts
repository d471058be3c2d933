import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PlainDate, PlainMonth } from '../../kernel/plain-date.ts';
import { loadDefaultPolicy } from '../../policy/loader.ts';
import { determine } from '../engine.ts';
import { INCOME_KINDS, type Situation } from '../situation.ts';

const ps = loadDefaultPolicy();
const COUNTIES = ['211202', '211204', '211221', '211223', '211224', '211281', '211282'];
const yuan = (maxFen: number) => fc.integer({ min: 0, max: maxFen }).map((f) => f / 100);

const member = fc.record({
  birthDate: fc.date({ min: new Date('1925-01-01T00:00:00Z'), max: new Date('2019-05-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10) as PlainDate),
  relation: fc.constant('other'),
  seriousIllness: fc.boolean(),
  status: fc.constantFrom('resident', 'resident', 'resident', 'resident', 'imprisoned') as fc.Arbitrary<'resident' | 'imprisoned'>,
  disability: fc.option(fc.record({ kind: fc.constantFrom('physical', 'visual', 'mental') as fc.Arbitrary<'physical'>, grade: fc.integer({ min: 1, max: 4 }) }), { nil: undefined }),
}).map(({ disability, ...m }) => (disability ? { ...m, disability } : m));

/** Parameters a situation may set: standards and fractions with awkward decimals, to exercise exactness. */
const parameters = fc.option(
  fc.record(
    {
      'dibao.standard.rural': fc.constantFrom(4770, 4771.5, 4350.01, 3999.99),
      'dibao.standard.urban': fc.constantFrom(592, 593.33),
      'dibao.assets.financialMultiple': fc.constantFrom(2, 1.5, 0.25),
      'dibao.uplift.elderly': fc.constantFrom(0, 0.1, 0.125),
      'dibao.uplift.minor': fc.constantFrom(0, 0.2, 0.3333),
      'dibao.uplift.severeDisability': fc.constantFrom(0, 0.3, 0.05),
      'dibao.uplift.seriousIllness': fc.constantFrom(0, 0.15),
    },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);

const household = fc.record({
  program: fc.constant('dibao' as const),
  month: fc.constantFrom('2019-06', '2019-07', '2019-08', '2021-06', '2021-07') as fc.Arbitrary<PlainMonth>,
  county: fc.constantFrom(...COUNTIES),
  unit: fc.constant('household' as const),
  household: fc.record({
    hukou: fc.constantFrom('rural', 'rural', 'urban') as fc.Arbitrary<'rural' | 'urban'>,
    registeredPoor: fc.boolean(),
    members: fc.array(member, { minLength: 1, maxLength: 8 }),
    incomes: fc.array(fc.record({ kind: fc.constantFrom(...INCOME_KINDS), annual: yuan(2_000_000) }), { maxLength: 4 }),
    deductions: fc.array(fc.record({ kind: fc.constantFrom('illness', 'work') as fc.Arbitrary<'illness'>, annual: yuan(300_000) }), { maxLength: 2 }),
    assets: fc.record({ financial: yuan(5_000_000), vehicles: fc.constantFrom(0, 0, 0, 1) }),
  }),
  parameters,
}).map(({ parameters: p, ...s }) => (p && Object.keys(p).length > 0 ? { ...s, parameters: p } : s) as Situation);

describe('dibao: properties of the benefit', () => {
  it('is never negative, and positive exactly when eligible', () => {
    fc.assert(fc.property(household, (s) => {
      const r = determine(s, ps);
      expect(r.amount.fen).toBeGreaterThanOrEqual(0);
      expect(r.eligible).toBe(r.amount.fen > 0);
    }), { numRuns: 1000 });
  });

  it('never rises when income rises', () => {
    fc.assert(fc.property(household, yuan(1_000_000), fc.constantFrom(...INCOME_KINDS), (s, extra, kind) => {
      const more = { ...s, household: { ...s.household, incomes: [...s.household.incomes, { kind, annual: extra }] } };
      expect(determine(more, ps).amount.fen).toBeLessThanOrEqual(determine(s, ps).amount.fen);
    }), { numRuns: 1000 });
  });

  it('equals the gap × members, rounded half-up once, when no uplift applies', () => {
    const plain = household.map(({ parameters: _p, ...s }) => ({ ...s, household: { ...s.household, hukou: 'rural' as const, deductions: [] } }));
    fc.assert(fc.property(plain, (s) => {
      const r = determine(s, ps);
      if (!r.eligible) return;
      const n = BigInt(s.household.members.filter((m) => m.status === 'resident').length);
      const standardFen = BigInt(s.month < '2019-07' ? 435000 : 477000);
      const excluded = new Set(['special_care', 'family_planning_award', 'scholarship', 'heroism_award', ...(s.month >= '2021-07' ? ['assistance'] : [])]);
      const incomeFen = s.household.incomes.filter((i) => !excluded.has(i.kind)).reduce((a, i) => a + BigInt(Math.round(i.annual * 100)), 0n);
      // monthly gap × members = (annual standard × n − annual income) / 12, in fen; half-up: ⌊(2x + 12) / 24⌋
      const twelfths = standardFen * n - incomeFen;
      expect(BigInt(r.amount.fen)).toBe((2n * twelfths + 12n) / 24n);
    }), { numRuns: 1000 });
  });

  it('is eligible exactly when income per person per month is strictly below the monthly standard (assets aside)', () => {
    const modest = household.map(({ parameters: _p, ...s }) => ({ ...s, household: { ...s.household, assets: { financial: 0, vehicles: 0 } } }));
    fc.assert(fc.property(modest, (s) => {
      const r = determine(s, ps, { trace: true });
      const codes = r.reasons.map((x) => x.code);
      if (codes.includes('NO_MEMBERS_IN_UNIT')) return;
      const below = r.trace.find((t) => t.step === 'test.income')?.value === 'true';
      expect(r.eligible || codes.includes('BENEFIT_ROUNDS_TO_ZERO')).toBe(below);
      expect(codes.includes('INCOME_BELOW_STANDARD')).toBe(below);
    }), { numRuns: 500 });
  });
});
