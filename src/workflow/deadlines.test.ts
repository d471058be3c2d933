import { describe, expect, it } from 'vitest';
import { officialCalendar } from '../kernel/official-calendar.ts';
import type { PlainDate } from '../kernel/plain-date.ts';
import { type ClockFacts, dueDate, isOverdue, noticeEnd } from './deadlines.ts';
import { NAT_2012, NAT_2016, NAT_2021_DIBAO, procedureRulesById, procedureRulesFor } from './procedure-rules.ts';

const cal = officialCalendar();
const d = (s: string) => s as PlainDate;
const facts = (over: Partial<ClockFacts>): ClockFacts => ({
  state: 'accepted',
  rules: NAT_2012,
  stateSince: d('2019-09-30'),
  acceptedOn: d('2019-09-30'),
  noticeEndsOn: null,
  countyReviewSince: null,
  countyObjectionOn: null,
  ...over,
});

/**
 * 2019 National Day: 1–7 October off; Sunday 29 September and Saturday 12 October were make-up working days. The
 * expected dates below are counted by hand on that calendar.
 */
describe('procedure deadlines on the official calendar', () => {
  it('picks the rule set in force on the filing day: nat-2012 / nat-2016 before 2021-07-01, nat-2021 from then', () => {
    expect(procedureRulesFor('dibao', d('2019-09-30')).id).toBe('nat-2012');
    expect(procedureRulesFor('tekun', d('2019-09-30')).id).toBe('nat-2016');
    expect(procedureRulesFor('dibao', d('2021-06-30')).id).toBe('nat-2012');
    expect(procedureRulesFor('dibao', d('2021-07-01')).id).toBe('nat-2021');
    expect(procedureRulesFor('tekun', d('2021-07-01')).totalWd).toBe(30);
    expect(procedureRulesById('tekun', 'nat-2021').investigationWd).toBe(20);
    expect(() => procedureRulesFor('tekun', d('2015-01-01'))).toThrow(/PROCEDURE_NOT_IN_FORCE/);
  });

  it('investigation: 10 WD for dibao, 20 WD for tekun, skipping the holiday and counting the make-up Saturday', () => {
    expect(dueDate(facts({}), cal)).toBe('2019-10-18');
    expect(dueDate(facts({ rules: NAT_2016 }), cal)).toBe('2019-11-01');
  });

  it('deliberation: 5 WD, counting the make-up Sunday before the holiday', () => {
    expect(dueDate(facts({ state: 'investigated', stateSince: d('2019-09-27') }), cal)).toBe('2019-10-10');
  });

  it('notices run 7 calendar days, holidays included; the decision follows 3 WD after the county notice', () => {
    const ends = noticeEnd(d('2019-09-28'), NAT_2012);
    expect(ends).toBe('2019-10-05');
    expect(dueDate(facts({ state: 'village_notice', noticeEndsOn: ends }), cal)).toBe('2019-10-05');
    expect(dueDate(facts({ state: 'county_notice', noticeEndsOn: ends, countyReviewSince: d('2019-09-20') }), cal)).toBe('2019-10-10');
  });

  it('county opinion within 5 WD; tekun: the county decides within 20 WD of receiving the case', () => {
    expect(dueDate(facts({ state: 'county_review', stateSince: d('2019-09-30'), countyReviewSince: d('2019-09-30') }), cal)).toBe('2019-10-12');
    const tekun = facts({ rules: NAT_2016, state: 'county_notice', stateSince: d('2019-10-09'), countyReviewSince: d('2019-09-30'), noticeEndsOn: d('2019-10-16') });
    expect(dueDate(tekun, cal)).toBe('2019-11-01');
  });

  it('after an objection to the county notice, everything must be decided within 20 WD of it', () => {
    // Re-investigation would be due 18 Oct; 10 Sep + 20 WD (13 Sep Mid-Autumn off, 29 Sep and 12 Oct worked) is 14 Oct.
    const contested = facts({ state: 'accepted', stateSince: d('2019-09-30'), countyObjectionOn: d('2019-09-10') });
    expect(dueDate(contested, cal)).toBe('2019-10-14');
    // The decision would be due 3 WD after the notice (23 Oct); 16 Sep + 20 WD is 17 Oct.
    const early = facts({ state: 'county_notice', noticeEndsOn: d('2019-10-20'), countyObjectionOn: d('2019-09-16') });
    expect(dueDate(early, cal)).toBe('2019-10-17');
    expect(dueDate({ ...early, countyObjectionOn: null }, cal)).toBe('2019-10-23');
  });

  it('nat-2021: no step may end later than 30 WD after acceptance', () => {
    const f = facts({ rules: NAT_2021_DIBAO, state: 'county_notice', acceptedOn: d('2021-07-01'), noticeEndsOn: d('2021-09-01') });
    // 1 Jul + 30 WD (no holiday in July–August 2021): 12 August.
    expect(dueDate(f, cal)).toBe('2021-08-12');
    expect(dueDate({ ...f, state: 'deliberated' }, cal)).toBe('2021-08-12');
    expect(dueDate({ ...f, state: 'accepted', stateSince: d('2021-07-01') }, cal)).toBe('2021-07-15');
  });

  it('sets no deadline where our sources give none, nor for a closed case', () => {
    for (const state of ['applied', 'incomplete', 'deliberated', 'approved', 'refused', 'withdrawn', 'closed_ineligible'] as const) {
      expect(dueDate(facts({ state }), cal), state).toBeNull();
    }
  });

  it('calls a step overdue only after its due day', () => {
    expect(isOverdue(d('2019-10-18'), d('2019-10-18'))).toBe(false);
    expect(isOverdue(d('2019-10-18'), d('2019-10-19'))).toBe(true);
    expect(isOverdue(null, d('2030-01-01'))).toBe(false);
  });
});
