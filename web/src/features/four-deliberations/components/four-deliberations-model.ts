import type { FourDeliberationsView, MEETING_KEYS, RESOLUTION_MEETING_VALUES } from '#contracts/four-deliberations.ts';
import { leastMeeting, meetsShare } from '#kernel/share.ts';

/**
 * The view model of the 四议两公开 form, tested without a browser (ADR 0022): which rules a stage's meeting follows,
 * and what the attendance and the votes typed so far give — the same integer arithmetic the server checks with.
 */
export type Stage = FourDeliberationsView['stages'][number]['stage'];
export type Meeting = (typeof RESOLUTION_MEETING_VALUES)[number];
export type MeetingKey = (typeof MEETING_KEYS)[number];

export function meetingKeyOf(stage: Stage, meeting: Meeting | null | undefined): MeetingKey {
  if (stage === 'proposal') return 'proposal';
  if (stage === 'consultation') return 'consultation';
  if (stage === 'party_meeting') return 'partyMeeting';
  return meeting === 'villagers' ? 'villagers' : meeting === 'household_delegates' ? 'householdDelegates' : 'representatives';
}

export const votes = (stage: Stage) => stage === 'party_meeting' || stage === 'resolution';

export interface Tally {
  /** Nothing to judge yet (the numbers are not all typed). */
  empty: boolean;
  overEntitled: boolean;
  quorumNeeded: number;
  quorumMet: boolean;
  /** Voting meetings: the votes needed and whether they are there (null before the votes are typed). */
  votesNeeded: number | null;
  overPresent: boolean;
  passed: boolean | null;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : null);

export function tally(rules: FourDeliberationsView['rules'][MeetingKey], a: { present?: unknown; entitled?: unknown; inFavour?: unknown }): Tally {
  const present = num(a.present);
  const entitled = num(a.entitled);
  const inFavour = num(a.inFavour);
  const quorumNeeded = entitled && entitled > 0 ? leastMeeting(rules.quorum.rule, entitled) : 0;
  const empty = present === null || entitled === null || entitled === 0;
  const overEntitled = !empty && (present as number) > (entitled as number);
  const quorumMet = !empty && !overEntitled && meetsShare(rules.quorum.rule, present as number, entitled as number);
  if (!rules.pass) return { empty, overEntitled, quorumNeeded, quorumMet, votesNeeded: null, overPresent: false, passed: null };
  const whole = rules.pass.of === 'present' ? present : entitled;
  const votesNeeded = whole && whole > 0 ? leastMeeting(rules.pass.rule, whole) : null;
  const overPresent = inFavour !== null && present !== null && inFavour > present;
  const passed = inFavour === null || whole === null || whole === 0 ? null : !overPresent && meetsShare(rules.pass.rule, inFavour, whole);
  return { empty, overEntitled, quorumNeeded, quorumMet, votesNeeded, overPresent, passed };
}

/** The outcome the form sends: for the voting meetings the votes decide it; otherwise the user's choice. */
export function outcomeOf(stage: Stage, t: Tally, chosen: 'agreed' | 'not_agreed' | undefined): 'agreed' | 'not_agreed' | undefined {
  if (!votes(stage)) return chosen;
  return t.passed === null ? undefined : t.passed ? 'agreed' : 'not_agreed';
}
