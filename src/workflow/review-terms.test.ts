import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonths, type PlainMonth } from '../kernel/plain-date.ts';
import { CHANGE_KINDS, type ChangeInput, planChange, type Term, termAt } from './review-terms.ts';

const m = (s: string) => s as PlainMonth;
const active = (from: string, fen: number, basis = 'decision'): Term => ({ fromMonth: m(from), status: 'active', amountFen: fen, basis });
const base = (over: Partial<ChangeInput>): ChangeInput => ({ kind: 'suspend', program: 'dibao', terms: [active('2019-03', 58750)], month: m('2019-09'), ...over });

describe('enrollment changes as new terms from the next month', () => {
  it('the term in force is the latest one starting on or before the month', () => {
    const terms = [active('2019-03', 58750), active('2019-07', 69250, 'recalculation'), { fromMonth: m('2019-10'), status: 'suspended' as const, amountFen: 0, basis: 'suspend' }];
    expect(termAt(terms, m('2019-02'))).toBeUndefined();
    expect(termAt(terms, m('2019-06'))?.amountFen).toBe(58750);
    expect(termAt(terms, m('2019-07'))?.amountFen).toBe(69250);
    expect(termAt(terms, m('2020-01'))?.status).toBe('suspended');
  });

  it('suspend, resume, stop: status terms from the month given, amount from the engine on resume', () => {
    const s = planChange(base({ kind: 'suspend' }));
    expect(s).toEqual({ ok: true, terms: [{ fromMonth: '2019-09', status: 'suspended', amountFen: 0, basis: 'suspend' }], status: 'suspended', endMonth: null });
    const suspended = [active('2019-03', 58750), { fromMonth: m('2019-09'), status: 'suspended' as const, amountFen: 0, basis: 'suspend' }];
    expect(planChange(base({ kind: 'suspend', terms: suspended, month: m('2019-10') }))).toMatchObject({ ok: false, refusal: { code: 'ENROLLMENT_STATUS' } });
    expect(planChange(base({ kind: 'resume', terms: suspended, month: m('2019-11'), engine: { eligible: true, fen: 69250 } }))).toMatchObject({
      ok: true,
      terms: [{ fromMonth: '2019-11', status: 'active', amountFen: 69250, basis: 'resume' }],
    });
    expect(planChange(base({ kind: 'resume', terms: suspended, month: m('2019-11'), engine: { eligible: false, fen: 0 } }))).toMatchObject({ ok: false, refusal: { code: 'ENGINE_NOT_ELIGIBLE' } });
    expect(planChange(base({ kind: 'stop' }))).toMatchObject({ ok: true, terms: [{ status: 'ended', amountFen: 0, basis: 'stop' }], status: 'ended', endMonth: '2019-09' });
  });

  it('increase and reduce follow the engine, in the direction asked', () => {
    expect(planChange(base({ kind: 'increase', engine: { eligible: true, fen: 60000 } }))).toMatchObject({ ok: true, terms: [{ amountFen: 60000, basis: 'increase' }] });
    expect(planChange(base({ kind: 'increase', engine: { eligible: true, fen: 50000 } }))).toMatchObject({ ok: false, refusal: { code: 'AMOUNT_NOT_HIGHER' } });
    expect(planChange(base({ kind: 'reduce', engine: { eligible: true, fen: 50000 } }))).toMatchObject({ ok: true, terms: [{ amountFen: 50000, basis: 'reduce' }] });
    expect(planChange(base({ kind: 'reduce', engine: { eligible: true, fen: 58750 } }))).toMatchObject({ ok: false, refusal: { code: 'AMOUNT_NOT_LOWER' } });
    expect(planChange(base({ kind: 'reduce', engine: { eligible: false, fen: 0 } }))).toMatchObject({ ok: false, refusal: { code: 'ENGINE_NOT_ELIGIBLE' } });
  });

  it('tekun stops only through its notice; a month already decided by a person takes no second change', () => {
    expect(planChange(base({ kind: 'stop', program: 'tekun' }))).toMatchObject({ ok: false, refusal: { code: 'TEKUN_NEEDS_NOTICE' } });
    expect(planChange(base({ kind: 'terminate', program: 'tekun' }))).toMatchObject({ ok: true, terms: [{ basis: 'termination', status: 'ended' }] });
    const decided = [active('2019-03', 58750), { fromMonth: m('2019-09'), status: 'suspended' as const, amountFen: 0, basis: 'suspend' }];
    expect(planChange(base({ kind: 'stop', terms: decided }))).toMatchObject({ ok: false, refusal: { code: 'CHANGE_ALREADY_DECIDED' } });
    // A recalculation of that month is not a decision: the person's change replaces it.
    const recalculated = [active('2019-03', 58750), active('2019-09', 69250, 'recalculation')];
    expect(planChange(base({ kind: 'stop', terms: recalculated }))).toMatchObject({ ok: true });
    expect(planChange(base({ kind: 'stop', month: m('2019-01') }))).toMatchObject({ ok: false, refusal: { code: 'ENROLLMENT_NOT_STARTED' } });
  });

  it('gradual exit: only above the standard, within the bound, then the benefit ends by itself', () => {
    const g = (months: number, maxMonths = 24, eligible = false) => planChange(base({ kind: 'gradual_exit', engine: { eligible, fen: 0 }, gradual: { months, maxMonths } }));
    expect(g(24)).toEqual({
      ok: true,
      terms: [
        { fromMonth: '2019-09', status: 'gradual_exit', amountFen: 58750, basis: 'gradual_exit' },
        { fromMonth: '2021-09', status: 'ended', amountFen: 0, basis: 'gradual_exit_end' },
      ],
      status: 'active',
      endMonth: '2021-09',
    });
    expect(g(25)).toMatchObject({ ok: false, refusal: { code: 'GRADUAL_EXIT_TOO_LONG', field: 'gradualExitMonths', kind: 'record' } });
    expect(g(0)).toMatchObject({ ok: false, refusal: { code: 'GRADUAL_EXIT_TOO_LONG' } });
    expect(g(3, 0)).toMatchObject({ ok: false, refusal: { code: 'GRADUAL_EXIT_NOT_AVAILABLE' } });
    expect(planChange(base({ kind: 'gradual_exit', engine: { eligible: true, fen: 100 }, gradual: { months: 6, maxMonths: 24 } }))).toMatchObject({
      ok: false,
      refusal: { code: 'GRADUAL_EXIT_STILL_ELIGIBLE' },
    });
  });

  it('review outcomes: keep needs the same amount, change a different one', () => {
    expect(planChange(base({ kind: 'keep', engine: { eligible: true, fen: 58750 } }))).toEqual({ ok: true, terms: [], status: 'active', endMonth: null });
    expect(planChange(base({ kind: 'keep', engine: { eligible: true, fen: 60000 } }))).toMatchObject({ ok: false, refusal: { code: 'REVIEW_AMOUNT_CHANGED' } });
    expect(planChange(base({ kind: 'change', engine: { eligible: true, fen: 60000 } }))).toMatchObject({ ok: true, terms: [{ basis: 'review', amountFen: 60000 }] });
    expect(planChange(base({ kind: 'change', engine: { eligible: true, fen: 58750 } }))).toMatchObject({ ok: false, refusal: { code: 'REVIEW_AMOUNT_UNCHANGED' } });
  });

  it('property: a change never writes before its month, never beyond the gradual-exit bound, and leaves the past as it was', () => {
    const month = fc.integer({ min: 0, max: 60 }).map((n) => addMonths(m('2019-01'), n));
    const status = fc.constantFrom('active', 'gradual_exit', 'suspended', 'ended') as fc.Arbitrary<Term['status']>;
    const term = fc.record({ fromMonth: month, status, amountFen: fc.integer({ min: 0, max: 200_000 }), basis: fc.constantFrom('decision', 'recalculation', 'suspend', 'review') });
    fc.assert(
      fc.property(
        fc.array(term, { minLength: 1, maxLength: 6 }),
        month,
        fc.constantFrom(...CHANGE_KINDS),
        fc.constantFrom('dibao', 'tekun') as fc.Arbitrary<'dibao' | 'tekun'>,
        fc.record({ eligible: fc.boolean(), fen: fc.integer({ min: 0, max: 200_000 }) }),
        fc.integer({ min: -2, max: 40 }),
        fc.integer({ min: 0, max: 24 }),
        (terms, at, kind, program, engine, months, maxMonths) => {
          const before = JSON.stringify(terms);
          const plan = planChange({ kind, program, terms, month: at, engine, gradual: { months, maxMonths } });
          expect(JSON.stringify(terms)).toBe(before);
          if (!plan.ok) return;
          for (const t of plan.terms) expect(t.fromMonth >= at).toBe(true);
          if (kind === 'gradual_exit') {
            expect(months).toBeGreaterThanOrEqual(1);
            expect(months).toBeLessThanOrEqual(maxMonths);
            expect(plan.terms[1].fromMonth).toBe(addMonths(at, months));
            expect(plan.terms[1].status).toBe('ended');
          }
          if (plan.terms.some((t) => t.status === 'ended')) expect(program === 'tekun' ? kind : 'x').not.toBe('stop');
        },
      ),
      { numRuns: 2000 },
    );
  });
});
