import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../contracts/roles.ts';
import type { PlainDate } from '../kernel/plain-date.ts';
import { CASE_KINDS, CASE_STATES, type CaseState, type FromState, FINAL_STATES, NEW, STEPS, type Step } from './case-types.ts';
import { checkStep, pendingSteps, type StepFacts, TRANSITIONS, worklistStates } from './transitions.ts';

const facts = (over: Partial<StepFacts> = {}): StepFacts => ({
  today: '2019-10-20' as PlainDate,
  actor: { userId: 'u1', role: 'township_caseworker' },
  noticeEndsOn: '2019-10-10' as PlainDate,
  spotCheck: 'visited',
  staffRelative: false,
  contested: false,
  townshipReviewers: [],
  registeredPoor: true,
  fromScreening: false,
  deliberationStages: [],
  disclosures: [],
  ...over,
});
const as = (role: Role, over: Partial<StepFacts> = {}) => facts({ actor: { userId: `user-${role}`, role }, ...over });

/** The main road of a dibao case and who takes each step (POLICY.md §5), written out independently of the table. */
const ROAD: [Step, Role, CaseState][] = [
  ['apply', 'village_assistant', 'applied'],
  ['accept', 'township_caseworker', 'accepted'],
  ['investigate', 'township_caseworker', 'investigated'],
  ['deliberate', 'village_assistant', 'deliberated'],
  ['township_review', 'township_reviewer', 'village_notice'],
  ['close_village_notice', 'township_caseworker', 'county_review'],
  ['county_opinion', 'county_approver', 'county_notice'],
  ['approve', 'county_approver', 'approved'],
];

/** The states each kind's procedure uses: temporary aid has no deliberation, notices or spot check, and starts paid first when an emergency. */
const MONTHLY_KINDS = CASE_KINDS.filter((k) => !k.startsWith('temporary_'));
const TEMPORARY_STATES: CaseState[] = ['applied', 'incomplete', 'accepted', 'investigated', 'county_review', 'approved', 'refused', 'closed_ineligible', 'withdrawn'];
const STATES_OF: Record<(typeof CASE_KINDS)[number], CaseState[]> = {
  dibao_household: CASE_STATES.filter((s) => s !== 'paid_first'),
  dibao_individual: CASE_STATES.filter((s) => s !== 'paid_first'),
  tekun: CASE_STATES.filter((s) => s !== 'paid_first'),
  temporary_emergency: [...TEMPORARY_STATES, 'paid_first'],
  temporary_expenditure: TEMPORARY_STATES,
};

describe('case transition tables', () => {
  it('take a dibao case along the main road, each step by its own role', () => {
    for (const kind of MONTHLY_KINDS) {
      let state: FromState = NEW;
      for (const [step, role, to] of ROAD) {
        const r = checkStep(kind, state, step, as(role));
        expect(r, `${kind} ${step}`).toEqual(expect.objectContaining({ ok: true, to }));
        state = to;
      }
    }
  });

  it('refuse a step from the wrong state with ILLEGAL_TRANSITION and a message in both languages', () => {
    const r = checkStep('dibao_household', 'applied', 'approve', as('county_approver'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.refusal.code).toBe('ILLEGAL_TRANSITION');
    expect(r.refusal.message.zh).toContain('批准');
    expect(r.refusal.message.en).toMatch(/approve/);
    expect(checkStep('tekun', 'investigated', 'township_review', as('township_reviewer'))).toMatchObject({ ok: false, refusal: { code: 'ILLEGAL_TRANSITION' } });
  });

  it('refuse a step to a role that may not take it', () => {
    expect(checkStep('dibao_household', 'applied', 'accept', as('village_assistant'))).toMatchObject({ ok: false, refusal: { code: 'ROLE_NOT_ALLOWED_FOR_STEP', kind: 'role' } });
    expect(checkStep('dibao_household', 'county_notice', 'approve', as('township_reviewer'))).toMatchObject({ ok: false, refusal: { code: 'ROLE_NOT_ALLOWED_FOR_STEP' } });
    expect(checkStep('dibao_household', 'deliberated', 'township_review', as('county_admin'))).toMatchObject({ ok: false, refusal: { code: 'ROLE_NOT_ALLOWED_FOR_STEP' } });
  });

  it('never let the township reviewer of a case give its county opinion, approve or refuse it', () => {
    const reviewer = { userId: 'same-person', role: 'county_approver' as Role };
    for (const [state, step] of [['county_review', 'county_opinion'], ['county_notice', 'approve'], ['county_review', 'refuse']] as const) {
      expect(checkStep('dibao_household', state, step, facts({ actor: reviewer, townshipReviewers: ['same-person'] }))).toMatchObject({
        ok: false,
        refusal: { code: 'SAME_USER_REVIEW_APPROVE' },
      });
      expect(checkStep('dibao_household', state, step, facts({ actor: reviewer, townshipReviewers: ['someone-else'] })).ok).toBe(true);
    }
  });

  it('wait for the notice to run its course before closing it or deciding', () => {
    const running = { noticeEndsOn: '2019-10-21' as PlainDate, today: '2019-10-20' as PlainDate };
    expect(checkStep('dibao_household', 'village_notice', 'close_village_notice', as('township_caseworker', running))).toMatchObject({ ok: false, refusal: { code: 'NOTICE_RUNNING' } });
    expect(checkStep('dibao_household', 'county_notice', 'approve', as('county_approver', running))).toMatchObject({ ok: false, refusal: { code: 'NOTICE_RUNNING' } });
    expect(checkStep('dibao_household', 'village_notice', 'close_village_notice', as('township_caseworker', { ...running, today: '2019-10-21' as PlainDate })).ok).toBe(true);
  });

  it('hold the county opinion until the spot check is drawn, and until the visit when the case needs one', () => {
    const opinion = (over: Partial<StepFacts>) => checkStep('dibao_household', 'county_review', 'county_opinion', as('county_approver', over));
    expect(opinion({ spotCheck: null })).toMatchObject({ ok: false, refusal: { code: 'SPOT_CHECK_NOT_DRAWN' } });
    expect(opinion({ spotCheck: 'sampled' })).toMatchObject({ ok: false, refusal: { code: 'SPOT_CHECK_VISIT_MISSING' } });
    expect(opinion({ spotCheck: 'not_sampled' }).ok).toBe(true);
    expect(opinion({ spotCheck: 'not_sampled', staffRelative: true })).toMatchObject({ ok: false, refusal: { code: 'SPOT_CHECK_VISIT_MISSING' } });
    expect(opinion({ spotCheck: 'not_sampled', contested: true })).toMatchObject({ ok: false, refusal: { code: 'SPOT_CHECK_VISIT_MISSING' } });
    expect(opinion({ spotCheck: 'visited', staffRelative: true, contested: true }).ok).toBe(true);
  });

  it('send a case with an objection back to investigation, from either notice', () => {
    expect(checkStep('dibao_household', 'village_notice', 'object_village', as('township_caseworker'))).toMatchObject({ ok: true, to: 'accepted' });
    expect(checkStep('tekun', 'county_notice', 'object_county', as('county_approver'))).toMatchObject({ ok: true, to: 'accepted' });
  });

  it('take temporary aid along its roads: paid first then the paperwork, and approved at the level of its amount (分级审批)', () => {
    const county = { approvalLevel: 'county' as const };
    const road: [Step, Role, CaseState, Partial<StepFacts>][] = [
      ['assist_first', 'township_caseworker', 'paid_first', {}],
      ['accept', 'township_caseworker', 'accepted', {}],
      ['investigate', 'township_caseworker', 'investigated', {}],
      ['township_review', 'township_reviewer', 'county_review', county],
      ['approve', 'county_approver', 'approved', county],
    ];
    let state: FromState = NEW;
    for (const [step, role, to, over] of road) {
      expect(checkStep('temporary_emergency', state, step, as(role, over)), step).toEqual(expect.objectContaining({ ok: true, to }));
      state = to;
    }
    // The township approves what is within its ceiling itself, and may neither approve above it nor send its own to the county.
    expect(checkStep('temporary_expenditure', 'investigated', 'approve', as('township_reviewer', { approvalLevel: 'township' })).ok).toBe(true);
    expect(checkStep('temporary_expenditure', 'investigated', 'township_review', as('township_reviewer', { approvalLevel: 'township' }))).toMatchObject({ ok: false, refusal: { code: 'TEMPORARY_TOWNSHIP_DECIDES' } });
    expect(checkStep('temporary_expenditure', 'investigated', 'approve', as('township_reviewer', county))).toMatchObject({ ok: false, refusal: { code: 'TEMPORARY_LEVEL_ABOVE_TOWNSHIP', kind: 'role' } });
    // Above the maximum: 一事一议 first.
    const collective = { approvalLevel: 'collective' as const };
    expect(checkStep('temporary_expenditure', 'county_review', 'approve', as('county_approver', collective))).toMatchObject({ ok: false, refusal: { code: 'TEMPORARY_COLLECTIVE_DECISION_MISSING' } });
    expect(checkStep('temporary_expenditure', 'county_review', 'collective_decision', as('county_approver', collective)).ok).toBe(true);
    expect(checkStep('temporary_expenditure', 'county_review', 'collective_decision', as('county_approver', county))).toMatchObject({ ok: false, refusal: { code: 'TEMPORARY_COLLECTIVE_NOT_NEEDED' } });
    expect(checkStep('temporary_expenditure', 'county_review', 'approve', as('county_approver', { ...collective, collectiveDecided: true })).ok).toBe(true);
    // No amount assessed, no approval; an emergency is paid first only by the township caseworker; dibao is never paid first.
    expect(checkStep('temporary_expenditure', 'county_review', 'approve', as('county_approver'))).toMatchObject({ ok: false, refusal: { code: 'TEMPORARY_AMOUNT_MISSING' } });
    expect(checkStep('temporary_emergency', NEW, 'assist_first', as('village_assistant')).ok).toBe(false);
    expect(checkStep('dibao_household', NEW, 'assist_first', as('township_caseworker')).ok).toBe(false);
    expect(checkStep('temporary_expenditure', NEW, 'assist_first', as('township_caseworker')).ok).toBe(false);
  });

  it('allow withdrawal from every open state and nothing at all from a closed one', () => {
    for (const kind of CASE_KINDS) {
      for (const state of STATES_OF[kind]) {
        const r = checkStep(kind, state, 'withdraw', as('township_caseworker'));
        expect(r.ok, `${kind} ${state}`).toBe(!FINAL_STATES.has(state));
        if (FINAL_STATES.has(state)) {
          for (const step of STEPS) {
            for (const role of ROLES) expect(checkStep(kind, state, step, as(role))).toMatchObject({ ok: false, refusal: { code: 'CASE_CLOSED' } });
          }
        }
      }
    }
  });

  it('admit 单人保 only for a registered-poor household', () => {
    expect(checkStep('dibao_individual', NEW, 'apply', as('township_caseworker', { registeredPoor: false }))).toMatchObject({ ok: false, refusal: { code: 'INDIVIDUAL_NOT_REGISTERED_POOR' } });
    expect(checkStep('dibao_household', NEW, 'apply', as('township_caseworker', { registeredPoor: false })).ok).toBe(true);
  });

  it('leave every open state by some step and reach every state from a new case', () => {
    for (const kind of CASE_KINDS) {
      const reached = new Set<FromState>([NEW]);
      let grew = true;
      while (grew) {
        grew = false;
        for (const step of STEPS) {
          const def = TRANSITIONS[kind][step];
          if (def.from.some((f) => reached.has(f)) && !reached.has(def.to)) {
            reached.add(def.to);
            grew = true;
          }
        }
      }
      expect([...reached].filter((s) => s !== NEW).sort(), kind).toEqual([...STATES_OF[kind]].sort());
      for (const s of STATES_OF[kind]) if (!FINAL_STATES.has(s)) expect(pendingSteps(kind, s).length, `${kind} ${s}`).toBeGreaterThan(0);
    }
  });

  it('put on a role’s worklist exactly the states where it has a step to take', () => {
    expect(worklistStates('dibao_household', 'county_approver').sort()).toEqual(['county_notice', 'county_review']);
    expect(worklistStates('dibao_household', 'township_reviewer')).toEqual(['deliberated']);
    expect(worklistStates('dibao_household', 'village_assistant').sort()).toEqual(['incomplete', 'investigated']);
    expect(worklistStates('dibao_household', 'city_supervisor')).toEqual([]);
  });

  it('never reach an undeclared state, whatever random steps anyone tries (property)', () => {
    const declared = new Set<string>(CASE_STATES);
    fc.assert(
      fc.property(
        fc.constantFrom(...CASE_KINDS),
        fc.array(
          fc.record({
            step: fc.constantFrom(...STEPS),
            role: fc.constantFrom(...ROLES),
            spot: fc.constantFrom(null, 'not_sampled', 'sampled', 'visited' as const),
            reviewerActs: fc.boolean(),
            noticeOver: fc.boolean(),
            poor: fc.boolean(),
          }),
          { maxLength: 60 },
        ),
        (kind, tries) => {
          let state: FromState = NEW;
          for (const t of tries) {
            const before = state;
            const r = checkStep(kind, state, t.step, {
              ...as(t.role),
              spotCheck: t.spot,
              townshipReviewers: t.reviewerActs ? [`user-${t.role}`] : [],
              noticeEndsOn: (t.noticeOver ? '2019-10-01' : '2019-12-31') as PlainDate,
              registeredPoor: t.poor,
            });
            if (!r.ok) {
              expect(r.refusal.code).toMatch(/^[A-Z_]+$/);
              expect(r.refusal.message.zh.length).toBeGreaterThan(0);
              continue;
            }
            expect(declared.has(r.to)).toBe(true);
            expect(TRANSITIONS[kind][t.step].roles).toContain(t.role);
            if (before !== NEW) expect(FINAL_STATES.has(before)).toBe(false);
            state = r.to;
          }
          return state === NEW || declared.has(state);
        },
      ),
      { numRuns: 500 },
    );
  });
});
