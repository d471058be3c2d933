import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, firstDayOf, fromYmd, type PlainDate, type PlainMonth, ymd } from '../../kernel/plain-date.ts';
import { loadDefaultPolicy } from '../../policy/loader.ts';
import type { Determination } from '../common/result.ts';
import { determine } from '../engine.ts';
import { DISABILITY_KINDS, INCOME_KINDS, type Income, type Member, type Situation } from '../situation.ts';
import { INEXACT } from './arithmetic.ts';
import { determineDibaoWith } from './determine.ts';
import { dibaoParams, scaled } from './params.ts';

/**
 * The equivalence property (ADR 0020): the one dibao rule gives the same determination — eligibility, amount, reasons
 * and every trace step with its parameters — in fixed-point integers as in exact decimals (the reference), and so
 * does `determine`, which picks the integers and falls back to decimals. The generator sets every parameter the rule
 * reads, puts members on the birthdays that move them between groups, and puts income and assets on their limits;
 * the last test checks that the runs reached every outcome, so a divergence anywhere in the rule fails here.
 */
const ps = loadDefaultPolicy();
const COUNTIES = ['211202', '211204', '211221', '211223', '211224', '211281', '211282'];
const MONTHS = ['2019-06', '2019-07', '2019-08', '2021-06', '2021-07'] as PlainMonth[];
const yuan = (maxFen: number) => fc.integer({ min: 0, max: maxFen }).map((f) => f / 100);

/** Every parameter the rule reads, left at its shipped value or set to an awkward one within its bounds and precision. */
const everyParameter = fc.record(
  {
    'dibao.standard.rural': fc.constantFrom(4770, 4771.5, 4350.01, 3999.99, 99999.99),
    'dibao.standard.urban': fc.constantFrom(592, 593.33, 100.01),
    'dibao.assets.financialMultiple': fc.constantFrom(0, 2, 1.5, 0.25, 0.333333, 20),
    'dibao.assets.maxVehicles': fc.constantFrom(0, 1, 2),
    'dibao.uplift.elderly': fc.constantFrom(0, 0.1, 0.125, 1),
    'dibao.uplift.minor': fc.constantFrom(0, 0.2, 0.3333),
    'dibao.uplift.severeDisability': fc.constantFrom(0, 0.3, 0.05, 0.000001),
    'dibao.uplift.seriousIllness': fc.constantFrom(0, 0.15, 0.999999),
    'person.age.elderly': fc.constantFrom(60, 65),
    'person.age.adult': fc.constantFrom(18, 16),
    'person.disability.severeMaxGrade': fc.constantFrom(1, 2, 4),
    'dibao.income.excludedKinds': fc.subarray(INCOME_KINDS.filter((k) => k !== 'wage')),
  },
  { requiredKeys: [] },
);

/** A birth date: any day up to the month's end, or the day (± 1) a member turns an age that moves a group. */
const birth = fc.oneof(
  fc.record({ daysBefore: fc.integer({ min: -27, max: 95 * 366 }) }),
  fc.record({ turns: fc.constantFrom(16, 18, 60, 65), shift: fc.integer({ min: -1, max: 1 }) }),
);

const memberSpec = fc.record({
  birth,
  seriousIllness: fc.boolean(),
  status: fc.constantFrom('resident', 'resident', 'resident', 'imprisoned', 'clergy') as fc.Arbitrary<Member['status']>,
  disability: fc.option(fc.record({ kind: fc.constantFrom(...DISABILITY_KINDS), grade: fc.integer({ min: 1, max: 4 }) }), { nil: undefined }),
  laborCapacity: fc.option(fc.constantFrom('full', 'partial', 'none') as fc.Arbitrary<'full'>, { nil: undefined }),
});

const spec = fc.record({
  month: fc.constantFrom(...MONTHS),
  county: fc.constantFrom(...COUNTIES),
  unit: fc.constantFrom('household', 'household', 'individual') as fc.Arbitrary<Situation['unit']>,
  applicant: fc.nat(7),
  hukou: fc.constantFrom('rural', 'rural', 'urban') as fc.Arbitrary<'rural' | 'urban'>,
  registeredPoor: fc.boolean(),
  members: fc.array(memberSpec, { minLength: 1, maxLength: 8 }),
  incomes: fc.array(fc.record({ kind: fc.constantFrom(...INCOME_KINDS), annual: yuan(2_000_000), member: fc.nat(7) }), { maxLength: 4 }),
  /** Total income put on the line (standard × members) plus this many fen, instead of the incomes above. */
  incomeOnLimit: fc.option(fc.integer({ min: -1, max: 1 }), { nil: undefined, freq: 3 }),
  deductions: fc.array(fc.record({ kind: fc.constantFrom('illness', 'disability', 'work') as fc.Arbitrary<'work'>, annual: yuan(300_000) }), { maxLength: 2 }),
  /** Financial assets: any amount, or on the limit (× members) −1, 0 or +1 fen. */
  financial: fc.oneof(fc.record({ amount: yuan(5_000_000) }), fc.record({ onLimit: fc.integer({ min: -1, max: 1 }) })),
  vehicles: fc.constantFrom(0, 0, 0, 1, 2),
  parameters: fc.option(everyParameter, { nil: undefined, freq: 2 }),
});
type Spec = typeof spec extends fc.Arbitrary<infer T> ? T : never;

function birthDate(b: Spec['members'][number]['birth'], month: PlainMonth): PlainDate {
  const first = firstDayOf(month);
  if ('daysBefore' in b) return addDays(first, -b.daysBefore);
  const [y, m, d] = ymd(first);
  return addDays(fromYmd(y - b.turns, m, d), b.shift);
}

/** The situation a spec describes; limits are read from the exact parameters of its county, month and registration. */
function situationOf(x: Spec): Situation {
  const members: Member[] = x.members.map((m) => ({
    birthDate: birthDate(m.birth, x.month), relation: 'other', seriousIllness: m.seriousIllness, status: m.status,
    ...(m.disability ? { disability: m.disability } : {}), ...(m.laborCapacity ? { laborCapacity: m.laborCapacity } : {}),
  }));
  const applicant = x.applicant % members.length;
  const set = x.parameters ? ps.withSituationParameters(x.parameters) : ps;
  const p = dibaoParams(set, x.county, x.month, x.hukou).exact;
  const counted = members.filter((m) => m.status === 'resident').length;
  const unitSize = x.unit === 'individual' ? 1 : counted;
  const size = x.unit === 'individual' ? Math.max(counted, 1) : counted;
  let incomes: Income[] = x.incomes.map((i) => ({ kind: i.kind, annual: i.annual, member: i.member % members.length }));
  if (x.incomeOnLimit !== undefined) {
    const line = p.annual.times(unitSize).times(100).toNumber() + x.incomeOnLimit;
    incomes = [{ kind: 'wage', annual: Math.max(0, line) / 100, member: applicant }];
  }
  let financial = 'amount' in x.financial ? x.financial.amount : 0;
  if ('onLimit' in x.financial) {
    const limit = p.financialLimit.times(size).times(100);
    financial = Math.max(0, (x.financial.onLimit > 0 ? limit.ceil().toNumber() + (limit.isInteger() ? 1 : 0) : limit.floor().toNumber() + Math.min(x.financial.onLimit, 0))) / 100;
  }
  return {
    program: 'dibao', month: x.month, county: x.county, unit: x.unit, ...(x.unit === 'individual' ? { applicant } : {}),
    household: { hukou: x.hukou, registeredPoor: x.registeredPoor, members, incomes, deductions: x.deductions, assets: { financial, vehicles: x.vehicles } },
    ...(x.parameters && Object.keys(x.parameters).length > 0 ? { parameters: x.parameters } : {}),
  };
}

const summary = (d: Determination) => ({ eligible: d.eligible, amount: d.amount, reasons: d.reasons.map((r) => r.code) });
const seen = new Set<string>();

describe('dibao: the one rule in fixed-point integers and in exact decimals (ADR 0020)', () => {
  it('agree on eligibility, amount, reasons and every trace step, for every parameter, unit, birthday and limit', () => {
    fc.assert(
      fc.property(spec, (x) => {
        const s = situationOf(x);
        const set = s.parameters ? ps.withSituationParameters(s.parameters) : ps;
        const p = dibaoParams(set, s.county, s.month, s.household.hukou);
        expect(p.fixed, 'parameters within their precision always fit the integers').not.toBeNull();
        const fixed = p.fixed as NonNullable<typeof p.fixed>;
        const reference = determineDibaoWith(s, p.exact, true);
        expect(determineDibaoWith(s, fixed, true)).toEqual(reference);
        const quick = determineDibaoWith(s, p.exact, false);
        expect(summary(quick)).toEqual(summary(reference));
        expect(determineDibaoWith(s, fixed, false)).toEqual(quick);
        expect(determine(s, ps)).toEqual(quick);
        for (const r of reference.reasons) seen.add(r.code);
        for (const step of reference.trace) if (step.step.startsWith('uplift.member.')) seen.add('uplift.member');
        if ('onLimit' in x.financial && x.financial.onLimit === 0 && reference.reasons.some((r) => r.code === 'ASSETS_WITHIN_LIMIT')) seen.add('assets on the limit');
        if (x.incomeOnLimit === 0) seen.add(`income on the line: ${reference.reasons.find((r) => r.code.startsWith('INCOME_'))?.code}`);
      }),
      { numRuns: 4000 },
    );
    // The runs must have reached every outcome of the rule, or a divergence there could pass unseen.
    expect([...seen]).toEqual(expect.arrayContaining([
      'ASSETS_WITHIN_LIMIT', 'ASSISTANCE_INCOME_EXCLUDED', 'BENEFIT_IS_GAP', 'BENEFIT_ROUNDS_TO_ZERO', 'DEDUCTIONS_APPLIED',
      'DEDUCTIONS_NOT_APPLICABLE', 'FINANCIAL_ASSETS_ABOVE_LIMIT', 'GRADUAL_EXIT_MAY_APPLY', 'INCOME_AT_OR_ABOVE_STANDARD',
      'INCOME_BELOW_STANDARD', 'INCOME_KIND_EXCLUDED', 'INDIVIDUAL_HAS_LABOR_CAPACITY', 'INDIVIDUAL_INCLUSION',
      'INDIVIDUAL_NOT_REGISTERED_POOR', 'INDIVIDUAL_NOT_SEVERE', 'MEMBER_NOT_COUNTED', 'NO_MEMBERS_IN_UNIT', 'UPLIFT_APPLIED',
      'VEHICLE_NOT_ALLOWED', 'assets on the limit', 'income on the line: INCOME_AT_OR_ABOVE_STANDARD', 'uplift.member',
    ]));
  });

  it('falls back to exact decimals when a value leaves the safe integers, with the same result', () => {
    const s = {
      program: 'dibao', month: '2019-08', county: '211221', unit: 'household',
      household: { hukou: 'rural', registeredPoor: false, members: [{ birthDate: '1950-01-01', relation: 'head', seriousIllness: false, status: 'resident', disability: { kind: 'visual', grade: 1 } }],
        incomes: [{ kind: 'wage', annual: 999_999_999_999.99 }], deductions: [], assets: { financial: 999_999_999_999.99, vehicles: 0 } },
      parameters: { 'dibao.uplift.severeDisability': 0.000001 },
    } as unknown as Situation;
    const set = ps.withSituationParameters(s.parameters ?? {});
    const p = dibaoParams(set, s.county, s.month, 'rural');
    let thrown: unknown;
    try {
      determineDibaoWith(s, p.fixed as NonNullable<typeof p.fixed>, false);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBe(INEXACT);
    expect(determine(s, ps, { trace: true })).toEqual(determineDibaoWith(s, p.exact, true));
    expect(determine(s, ps).reasons.map((r) => r.code)).toContain('INCOME_AT_OR_ABOVE_STANDARD');
  });

  it('hands parameters past six decimals to the exact arithmetic', () => {
    expect(scaled(0.1234567)).toBeNull();
    const s = { program: 'dibao', month: '2019-08', county: '211221', unit: 'household',
      household: { hukou: 'rural', registeredPoor: false, members: [{ birthDate: '1949-01-01', relation: 'head', seriousIllness: false, status: 'resident' }],
        incomes: [], deductions: [], assets: { financial: 0, vehicles: 0 } },
      parameters: { 'dibao.uplift.elderly': 0.1234567 } } as unknown as Situation;
    const set = ps.withSituationParameters(s.parameters ?? {});
    expect(dibaoParams(set, s.county, s.month, 'rural').fixed).toBeNull();
    // 397.5 × 1.1234567 = 446.5740… → 446.57
    expect(determine(s, ps).amount.fen).toBe(44657);
  });
});

describe('dibao: a birthday on the first of the month counts that month', () => {
  it('counts a member turning 60 on the 1st as elderly that month, and one turning 60 on the 2nd from the next', () => {
    const on = (birthDate: string) => ({
      program: 'dibao', month: '2019-08', county: '211221', unit: 'household',
      household: { hukou: 'rural', registeredPoor: false, members: [{ birthDate, relation: 'head', seriousIllness: false, status: 'resident' }], incomes: [], deductions: [], assets: { financial: 0, vehicles: 0 } },
      parameters: { 'dibao.uplift.elderly': 0.1 },
    }) as unknown as Situation;
    expect(determine(on('1959-08-01'), ps).amount.fen).toBe(43725);
    expect(determine(on('1959-08-02'), ps).amount.fen).toBe(39750);
  });
});
