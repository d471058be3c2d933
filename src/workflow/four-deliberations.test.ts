import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PlainDate } from '../kernel/plain-date.ts';
import { loadDefaultPolicy } from '../policy/loader.ts';
import {
  checkDisclosure,
  checkStage,
  currentStages,
  DELIBERATION_STAGES,
  fourDeliberationsMissing,
  meetingOf,
  meetingRules,
  type StageFact,
  type StageInput,
  tally,
} from './four-deliberations.ts';

const ps = loadDefaultPolicy();
const TODAY = '2024-05-20' as PlainDate;
const APPLIED = '2024-04-01' as PlainDate;
const rulesFor = (i: Pick<StageInput, 'stage' | 'meeting'>, day: PlainDate = TODAY) => meetingRules(ps, '211221', day, meetingOf(i.stage, i.meeting));
const d = (s: string) => s as PlainDate;
const agreed = (stage: StageFact['stage'], heldOn: string): StageFact => ({ stage, heldOn: d(heldOn), outcome: 'agreed' });
const ALL: StageFact[] = [agreed('proposal', '2024-05-01'), agreed('consultation', '2024-05-03'), agreed('party_meeting', '2024-05-06'), agreed('resolution', '2024-05-08')];
const input = (over: Partial<StageInput> = {}): StageInput => ({ stage: 'proposal', meeting: null, heldOn: d('2024-05-01'), present: 5, entitled: 7, inFavour: null, outcome: 'agreed', ...over });
const check = (i: StageInput, recorded: readonly StageFact[] = []) => checkStage(i, { today: TODAY, appliedOn: APPLIED, rules: rulesFor(i), recorded });

describe('四议两公开: the rules in force', () => {
  it('reads each meeting’s share rules with their citations', () => {
    expect(rulesFor({ stage: 'party_meeting', meeting: null })).toMatchObject({
      quorum: { rule: 'at_least_half', citation: expect.stringContaining('支部工作条例') },
      pass: { rule: 'more_than_half', of: 'entitled', citation: expect.stringContaining('第十一条') },
    });
    expect(rulesFor({ stage: 'resolution', meeting: 'representatives' })).toMatchObject({
      quorum: { rule: 'at_least_two_thirds', citation: expect.stringContaining('第二十六条') },
      pass: { rule: 'more_than_half', of: 'present' },
    });
    expect(rulesFor({ stage: 'resolution', meeting: 'villagers' }).quorum).toMatchObject({ rule: 'more_than_half', citation: expect.stringContaining('第二十二条') });
    expect(rulesFor({ stage: 'resolution', meeting: 'household_delegates' }).quorum.rule).toBe('at_least_two_thirds');
    expect(rulesFor({ stage: 'consultation', meeting: null }).pass).toBeNull();
  });

  it('a county override of a rule applies from its date', () => {
    const over = ps.withOverrides([
      { name: 'procedure.fourDeliberations.consultation.quorum', area: '211221', effectiveFrom: '2024-01-01', value: ['at_least_two_thirds'], citation: '县区规定', author: 't' },
    ]);
    expect(meetingRules(over, '211221', d('2023-12-31'), 'consultation').quorum.rule).toBe('more_than_half');
    expect(meetingRules(over, '211221', d('2024-01-01'), 'consultation').quorum).toEqual({ rule: 'at_least_two_thirds', citation: '县区规定' });
    expect(meetingRules(over, '211224', d('2024-01-01'), 'consultation').quorum.rule).toBe('more_than_half');
  });
});

describe('四议两公开: a stage’s record', () => {
  it('accepts the first stage with its quorum', () => {
    expect(check(input())).toBeNull();
    // 党支部提议: 半数以上委员 — exactly half counts.
    expect(check(input({ present: 2, entitled: 4 }))).toBeNull();
    expect(check(input({ present: 1, entitled: 4 }))).toMatchObject({ code: 'QUORUM_NOT_MET', field: 'present', message: { zh: expect.stringContaining('半数以上') } });
  });

  it('refuses dates in the future or before the application', () => {
    expect(check(input({ heldOn: d('2024-05-21') }))).toMatchObject({ code: 'DATE_IN_FUTURE', field: 'heldOn' });
    expect(check(input({ heldOn: d('2024-03-31') }))).toMatchObject({ code: 'DATE_BEFORE_APPLICATION', field: 'heldOn' });
  });

  it('keeps the order: the stage before recorded and agreed, no earlier than it, no later than a recorded later stage', () => {
    expect(check(input({ stage: 'consultation', heldOn: d('2024-05-02') }))).toMatchObject({ code: 'PREVIOUS_STAGE_MISSING', field: 'stage' });
    expect(check(input({ stage: 'consultation', heldOn: d('2024-05-02') }), [{ ...ALL[0], outcome: 'not_agreed' }])).toMatchObject({ code: 'PREVIOUS_STAGE_NOT_AGREED' });
    expect(check(input({ stage: 'consultation', heldOn: d('2024-04-30') }), ALL.slice(0, 1))).toMatchObject({ code: 'STAGE_ORDER', field: 'heldOn' });
    expect(check(input({ stage: 'consultation', heldOn: d('2024-05-01') }), ALL.slice(0, 1))).toBeNull();
    // Correcting the proposal's date to after the recorded consultation is refused.
    expect(check(input({ stage: 'proposal', heldOn: d('2024-05-04') }), ALL.slice(0, 2))).toMatchObject({ code: 'STAGE_ORDER' });
  });

  it('refuses attendance above the entitled, and votes above those present', () => {
    expect(check(input({ present: 8, entitled: 7 }))).toMatchObject({ code: 'ATTENDANCE_EXCEEDS_ENTITLED', field: 'present' });
    const pm = input({ stage: 'party_meeting', heldOn: d('2024-05-06'), present: 10, entitled: 20, inFavour: 11 });
    expect(check({ ...pm, inFavour: null }, ALL.slice(0, 2))).toMatchObject({ code: 'VOTES_REQUIRED', field: 'inFavour' });
    expect(check(pm, ALL.slice(0, 2))).toMatchObject({ code: 'VOTES_EXCEED_PRESENT', field: 'inFavour' });
  });

  it('party members’ meeting: half present, and more than half of the entitled in favour', () => {
    const pm = (present: number, inFavour: number, outcome: 'agreed' | 'not_agreed' = 'agreed') =>
      check(input({ stage: 'party_meeting', heldOn: d('2024-05-06'), present, entitled: 20, inFavour, outcome }), ALL.slice(0, 2));
    expect(pm(10, 10)).toMatchObject({ code: 'OUTCOME_DISAGREES_WITH_VOTES', field: 'outcome' }); // 10 of 20 entitled is not more than half
    expect(pm(10, 10, 'not_agreed')).toBeNull();
    expect(pm(12, 11)).toBeNull();
    expect(pm(9, 9)).toMatchObject({ code: 'QUORUM_NOT_MET' });
  });

  it('villager representatives’ meeting: two thirds present, more than half of those present in favour', () => {
    const res = (over: Partial<StageInput>) => check(input({ stage: 'resolution', meeting: 'representatives', heldOn: d('2024-05-08'), entitled: 30, ...over }), ALL.slice(0, 3));
    expect(res({ present: 20, inFavour: 11 })).toBeNull();
    expect(res({ present: 19, inFavour: 19 })).toMatchObject({ code: 'QUORUM_NOT_MET', message: { zh: expect.stringContaining('村民委员会组织法') } });
    expect(res({ present: 20, inFavour: 10 })).toMatchObject({ code: 'OUTCOME_DISAGREES_WITH_VOTES' });
    expect(res({ meeting: null, present: 20, inFavour: 11 })).toMatchObject({ code: 'MEETING_KIND_REQUIRED', field: 'meeting' });
    // 村民会议: more than half of the adult villagers.
    expect(res({ meeting: 'villagers', entitled: 400, present: 200, inFavour: 150 })).toMatchObject({ code: 'QUORUM_NOT_MET' });
    expect(res({ meeting: 'villagers', entitled: 400, present: 201, inFavour: 101 })).toBeNull();
  });

  it('the check agrees with the live tally for any attendance (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...DELIBERATION_STAGES),
        fc.constantFrom('representatives', 'villagers', 'household_delegates' as const),
        fc.integer({ min: 1, max: 2000 }),
        fc.nat(),
        fc.nat(),
        (stage, meeting, entitled, p, f) => {
          const present = p % (entitled + 1);
          const inFavour = f % (present + 1);
          const i = input({ stage, meeting: stage === 'resolution' ? meeting : null, heldOn: d('2024-05-10'), present, entitled, inFavour: stage === 'party_meeting' || stage === 'resolution' ? inFavour : null });
          const rules = rulesFor(i);
          const t = tally(rules, i);
          const outcome = t.passed === false ? 'not_agreed' : 'agreed';
          const r = checkStage({ ...i, outcome }, { today: TODAY, appliedOn: APPLIED, rules, recorded: ALL.filter((s) => DELIBERATION_STAGES.indexOf(s.stage) < DELIBERATION_STAGES.indexOf(stage)) });
          expect(r === null).toBe(t.quorumMet);
          if (r) expect(r.code).toBe('QUORUM_NOT_MET');
        },
      ),
    );
  });

  it('the latest record of a stage counts', () => {
    const rows = [
      { stage: 'proposal' as const, n: 1 },
      { stage: 'consultation' as const, n: 2 },
      { stage: 'proposal' as const, n: 3 },
    ];
    expect(currentStages(rows).map((r) => r.n)).toEqual([3, 2]);
  });
});

describe('四议两公开: disclosures and township review', () => {
  it('决议公开 after the resolution, 实施结果公开 after the decision', () => {
    const c = { today: TODAY, recorded: ALL, decidedOn: null };
    expect(checkDisclosure('resolution', d('2024-05-08'), c)).toBeNull();
    expect(checkDisclosure('resolution', d('2024-05-07'), c)).toMatchObject({ code: 'DISCLOSURE_BEFORE_RESOLUTION', field: 'postedOn' });
    expect(checkDisclosure('resolution', d('2024-05-09'), { ...c, recorded: ALL.slice(0, 3) })).toMatchObject({ code: 'RESOLUTION_NOT_RECORDED' });
    expect(checkDisclosure('resolution', d('2024-05-21'), c)).toMatchObject({ code: 'DATE_IN_FUTURE' });
    expect(checkDisclosure('result', d('2024-05-10'), c)).toMatchObject({ code: 'DECISION_NOT_MADE' });
    expect(checkDisclosure('result', d('2024-05-10'), { ...c, decidedOn: d('2024-05-12') })).toMatchObject({ code: 'DISCLOSURE_BEFORE_DECISION' });
    expect(checkDisclosure('result', d('2024-05-12'), { ...c, decidedOn: d('2024-05-12') })).toBeNull();
  });

  it('names exactly what is missing', () => {
    expect(fourDeliberationsMissing(ALL, [{ kind: 'resolution', postedOn: d('2024-05-09') }])).toBeNull();
    expect(fourDeliberationsMissing(ALL, [])).toMatchObject({ code: 'RESOLUTION_NOT_DISCLOSED', kind: 'state', message: { zh: expect.stringContaining('决议公开') } });
    const r = fourDeliberationsMissing([ALL[0], { ...ALL[1], outcome: 'not_agreed' }], []);
    expect(r?.code).toBe('FOUR_DELIBERATIONS_INCOMPLETE');
    expect(r?.message.zh).toContain('“村“两委”商议”未同意');
    expect(r?.message.zh).toContain('缺少“党员大会审议”');
    expect(r?.message.zh).toContain('缺少“村民代表会议或村民会议决议”');
    expect(r?.message.zh).toContain('缺少“决议公开”');
    expect(r?.message.zh).not.toContain('党支部提议');
    expect(r?.message.en).toContain("party members' meeting review is missing");
  });
});
