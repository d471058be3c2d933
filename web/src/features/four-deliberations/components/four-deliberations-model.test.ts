import { describe, expect, it } from 'vitest';
import type { FourDeliberationsView } from '#contracts/four-deliberations.ts';
import { meetingKeyOf, outcomeOf, tally } from './four-deliberations-model.ts';

const rules: FourDeliberationsView['rules'] = {
  proposal: { quorum: { rule: 'at_least_half', citation: 'a' }, pass: null },
  consultation: { quorum: { rule: 'more_than_half', citation: 'b' }, pass: null },
  partyMeeting: { quorum: { rule: 'at_least_half', citation: 'c' }, pass: { rule: 'more_than_half', of: 'entitled', citation: 'c' } },
  representatives: { quorum: { rule: 'at_least_two_thirds', citation: 'd' }, pass: { rule: 'more_than_half', of: 'present', citation: 'd' } },
  villagers: { quorum: { rule: 'more_than_half', citation: 'e' }, pass: { rule: 'more_than_half', of: 'present', citation: 'e' } },
  householdDelegates: { quorum: { rule: 'at_least_two_thirds', citation: 'f' }, pass: { rule: 'more_than_half', of: 'present', citation: 'e' } },
};

describe('四议两公开 form model', () => {
  it('picks the meeting’s rules', () => {
    expect(meetingKeyOf('party_meeting', null)).toBe('partyMeeting');
    expect(meetingKeyOf('resolution', 'villagers')).toBe('villagers');
    expect(meetingKeyOf('resolution', undefined)).toBe('representatives');
  });

  it('shows the quorum while typing', () => {
    expect(tally(rules.representatives, {})).toMatchObject({ empty: true, quorumMet: false });
    expect(tally(rules.representatives, { present: 20, entitled: 30 })).toMatchObject({ quorumNeeded: 20, quorumMet: true, votesNeeded: 11, passed: null });
    expect(tally(rules.representatives, { present: 19, entitled: 30 })).toMatchObject({ quorumMet: false });
    expect(tally(rules.consultation, { present: 5, entitled: 10 })).toMatchObject({ quorumNeeded: 6, quorumMet: false });
    expect(tally(rules.proposal, { present: 6, entitled: 5 })).toMatchObject({ overEntitled: true, quorumMet: false });
  });

  it('decides a voting meeting’s outcome from the votes', () => {
    const pm = tally(rules.partyMeeting, { present: 12, entitled: 20, inFavour: 10 });
    expect(pm).toMatchObject({ votesNeeded: 11, passed: false });
    expect(outcomeOf('party_meeting', pm, 'agreed')).toBe('not_agreed');
    expect(outcomeOf('resolution', tally(rules.representatives, { present: 25, entitled: 30, inFavour: 13 }), undefined)).toBe('agreed');
    expect(tally(rules.representatives, { present: 25, entitled: 30, inFavour: 26 })).toMatchObject({ overPresent: true, passed: false });
    expect(outcomeOf('consultation', tally(rules.consultation, { present: 6, entitled: 9 }), 'not_agreed')).toBe('not_agreed');
  });
});
