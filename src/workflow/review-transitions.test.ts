import { describe, expect, it } from 'vitest';
import type { Role } from '../contracts/roles.ts';
import type { PlainDate } from '../kernel/plain-date.ts';
import { WorkingCalendar } from '../kernel/working-days.ts';
import { checkReviewStep, pendingReviewSteps, REVIEW_TRANSITIONS, reviewClockFor, reviewDueDate } from './review-transitions.ts';
import { REVIEW_STATES, REVIEW_STEPS, type ReviewFromState } from './review-types.ts';

const facts = (role: Role, userId = 'u1', townshipReviewers: string[] = []) => ({ actor: { userId, role }, townshipReviewers });

describe('review case transitions', () => {
  it('runs investigation → township review → county decision with the roles of the procedure', () => {
    const path: [ReviewFromState, (typeof REVIEW_STEPS)[number], Role, string][] = [
      ['new', 'open', 'village_assistant', 'opened'],
      ['opened', 'investigate', 'township_caseworker', 'investigated'],
      ['investigated', 'township_review', 'township_reviewer', 'township_reviewed'],
      ['township_reviewed', 'decide', 'county_approver', 'decided'],
    ];
    for (const [from, step, role, to] of path) expect(checkReviewStep(from, step, facts(role))).toMatchObject({ ok: true, to });
  });

  it('refuses wrong roles, wrong states, closed reviews, and a township reviewer deciding at the county', () => {
    expect(checkReviewStep('opened', 'investigate', facts('village_assistant'))).toMatchObject({ ok: false, refusal: { code: 'ROLE_NOT_ALLOWED_FOR_STEP', kind: 'role' } });
    expect(checkReviewStep('opened', 'decide', facts('county_approver'))).toMatchObject({ ok: false, refusal: { code: 'ILLEGAL_TRANSITION', kind: 'state' } });
    expect(checkReviewStep('decided', 'cancel', facts('county_approver'))).toMatchObject({ ok: false, refusal: { code: 'REVIEW_CLOSED' } });
    expect(checkReviewStep('township_reviewed', 'decide', facts('county_approver', 'same', ['same']))).toMatchObject({ ok: false, refusal: { code: 'SAME_USER_REVIEW_APPROVE' } });
    expect(checkReviewStep('township_reviewed', 'decide', facts('county_approver', 'other', ['same']))).toMatchObject({ ok: true });
  });

  it('every step leads to a known state, and every open state has a way on', () => {
    for (const s of REVIEW_STEPS) expect(REVIEW_STATES).toContain(REVIEW_TRANSITIONS[s].to);
    expect(pendingReviewSteps('opened')).toEqual(['investigate']);
    expect(pendingReviewSteps('investigated')).toEqual(['township_review', 'return_for_investigation']);
    expect(pendingReviewSteps('township_reviewed')).toEqual(['county_return', 'decide']);
    expect(pendingReviewSteps('decided')).toEqual([]);
  });

  it('deadlines count working days on the official calendar (2019 National Day week)', () => {
    const cal = new WorkingCalendar(
      [
        ...['2019-10-01', '2019-10-02', '2019-10-03', '2019-10-04', '2019-10-07'].map((date) => ({ date: date as PlainDate, kind: 'holiday' as const, name: '国庆节' })),
        { date: '2019-09-29' as PlainDate, kind: 'workday' as const, name: '调休' },
        { date: '2019-10-12' as PlainDate, kind: 'workday' as const, name: '调休' },
      ],
      [2019],
    );
    const clock = reviewClockFor('2019-09-27' as PlainDate);
    // 10 WD from Fri 27 Sep: Sun 29 (make-up), Mon 30, then 8–11 Oct, Sat 12 (make-up), 14–16 Oct.
    expect(reviewDueDate('opened', '2019-09-27' as PlainDate, clock, cal)).toBe('2019-10-16');
    expect(reviewDueDate('investigated', '2019-09-27' as PlainDate, clock, cal)).toBe('2019-10-10');
    expect(reviewDueDate('decided', '2019-09-27' as PlainDate, clock, cal)).toBeNull();
  });
});
