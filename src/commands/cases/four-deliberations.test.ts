import { describe, expect, it } from 'vitest';
import type { FourDeliberationRows } from '../../db/four-deliberations-repo.ts';
import type { CaseDeliberationStageTable } from '../../db/schema.ts';
import type { PlainDate } from '../../kernel/plain-date.ts';
import { loadDefaultPolicy } from '../../policy/loader.ts';
import { checkStep, type StepFacts } from '../../workflow/transitions.ts';
import { fourDeliberationFacts, presentFourDeliberations } from './four-deliberations.ts';

const row = { county_code: '211221', area_code: '211221101200', state: 'deliberated', origin: 'screening' as string | null };
const stage = (seq: number, s: CaseDeliberationStageTable['stage'], heldOn: string, outcome: 'agreed' | 'not_agreed' = 'agreed'): CaseDeliberationStageTable => ({
  county_code: '211221', id: `s${seq}`, case_id: 'c1', seq, stage: s, meeting: s === 'resolution' ? 'representatives' : null, held_on: heldOn, present: 6, entitled: 8,
  in_favour: s === 'party_meeting' || s === 'resolution' ? 5 : null, outcome, quorum_rule: 'at_least_half', pass_rule: null, note: '', recorded_by: 'u', recorded_by_name: '甲', created_at: 'x',
});
const full: FourDeliberationRows = {
  stages: [stage(1, 'proposal', '2019-07-01'), stage(2, 'consultation', '2019-07-02'), stage(3, 'party_meeting', '2019-07-03'), stage(4, 'resolution', '2019-07-04')],
  disclosures: [{ county_code: '211221', id: 'd1', case_id: 'c1', seq: 1, kind: 'resolution', posted_on: '2019-07-05', place: '公开栏', note: '', recorded_by: 'u', recorded_by_name: '甲', created_at: 'x' }],
};
const facts = (fromScreening: boolean, rows: FourDeliberationRows): StepFacts => ({
  today: '2019-07-08' as PlainDate,
  actor: { userId: 'rv', role: 'township_reviewer' },
  noticeEndsOn: null,
  spotCheck: null,
  staffRelative: false,
  contested: false,
  townshipReviewers: [],
  registeredPoor: true,
  fromScreening,
  ...((f) => ({ deliberationStages: f.stages, disclosures: f.disclosures }))(fourDeliberationFacts(rows)),
});

describe('township review of a case from the screening', () => {
  it('is refused until the four stages agree and the resolution is published; other cases are not affected', () => {
    const none = { stages: [], disclosures: [] };
    for (const kind of ['dibao_household', 'dibao_individual', 'tekun'] as const) {
      expect(checkStep(kind, 'deliberated', 'township_review', facts(true, none))).toMatchObject({ ok: false, refusal: { code: 'FOUR_DELIBERATIONS_INCOMPLETE', kind: 'state' } });
      expect(checkStep(kind, 'deliberated', 'township_review', facts(false, none)).ok).toBe(true);
      expect(checkStep(kind, 'deliberated', 'township_review', facts(true, full)).ok).toBe(true);
    }
    expect(checkStep('dibao_household', 'deliberated', 'township_review', facts(true, { ...full, disclosures: [] }))).toMatchObject({ ok: false, refusal: { code: 'RESOLUTION_NOT_DISCLOSED' } });
    // The latest record of a stage counts: a resolution corrected to "not agreed" blocks again.
    const corrected = { ...full, stages: [...full.stages, stage(5, 'resolution', '2019-07-04', 'not_agreed')] };
    const r = checkStep('dibao_household', 'deliberated', 'township_review', facts(true, corrected));
    expect(r).toMatchObject({ ok: false, refusal: { code: 'FOUR_DELIBERATIONS_INCOMPLETE' } });
    expect(r.ok ? '' : r.refusal.message.zh).toContain('“村民代表会议或村民会议决议”未同意');
  });
});

describe('the case page’s 四议两公开', () => {
  const ps = loadDefaultPolicy();
  it('presents the latest record of each stage, the rules in force and what is missing', () => {
    const v = presentFourDeliberations(row, { ...full, stages: [...full.stages, stage(5, 'proposal', '2019-07-01')], disclosures: [] }, ps, '2019-07-08' as PlainDate);
    expect(v.stages.map((s) => [s.stage, s.id, s.earlier])).toEqual([['proposal', 's5', 1], ['consultation', 's2', 0], ['party_meeting', 's3', 0], ['resolution', 's4', 0]]);
    expect(v).toMatchObject({ required: true, canRecordStages: true, canRecordResult: false, missing: { code: 'RESOLUTION_NOT_DISCLOSED' } });
    expect(v.rules.partyMeeting).toMatchObject({ quorum: { rule: 'at_least_half' }, pass: { rule: 'more_than_half', of: 'entitled' } });
    expect(presentFourDeliberations({ ...row, origin: null }, full, ps, '2019-07-08' as PlainDate)).toMatchObject({ required: false, missing: null });
  });

  it('still opens with a malformed county override or on a day before the rules', () => {
    const bad = ps.withOverrides([{ name: 'procedure.fourDeliberations.partyMeeting.pass', area: '211221', effectiveFrom: '2019-01-01', value: ['more_than_half'], citation: '误设', author: 't' }]);
    expect(presentFourDeliberations(row, full, bad, '2019-07-08' as PlainDate).rules.partyMeeting.pass).toMatchObject({ rule: 'more_than_half', of: 'entitled' });
    expect(presentFourDeliberations(row, full, ps, '2016-01-01' as PlainDate).rules.representatives.quorum.rule).toBe('at_least_two_thirds');
  });
});
