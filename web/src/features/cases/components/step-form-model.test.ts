import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  CaseDeliberation,
  CaseInvestigation,
  CaseObjection,
  CaseOpinion,
  CaseReasons,
  CaseRequestMissing,
  CaseWithdraw,
  SpotVisit,
  StepBase,
} from '#contracts/cases.ts';
import { STEP_PATHS } from '../api/take-step.ts';
import { countParticipants, initialStepValues, representativesSuffice, type Step, stepBody, type Values } from './step-form-model.ts';

const TODAY = '2019-09-03';

/** The schema the server checks each step's body with (src/api/routes/cases.ts). */
const SCHEMA: Record<string, z.ZodType> = {
  accept: StepBase,
  request_missing: CaseRequestMissing,
  resubmit: StepBase,
  investigate: CaseInvestigation,
  close_ineligible: CaseInvestigation,
  deliberate: CaseDeliberation,
  township_review: CaseOpinion,
  return_for_investigation: CaseReasons,
  object_village: CaseObjection,
  object_county: CaseObjection,
  close_village_notice: StepBase,
  spot_visit: SpotVisit,
  county_opinion: CaseOpinion,
  approve: StepBase,
  refuse: CaseReasons,
  withdraw: CaseWithdraw,
};

/** What a worker types into each step's form, on top of what the form starts with. */
const TYPED: Partial<Record<Step, Values>> = {
  request_missing: { missing: '户口簿\n\n 残疾证 ' },
  investigate: { investigators: [{ name: ' 张三 ' }, { name: '' }, { name: '李四' }], writtenEvidence: '邻里证明', findings: '家庭收入低于标准' },
  close_ineligible: { investigators: [{ name: '张三' }], dataCheckReasons: '存款超过标准\n' },
  deliberate: { participants: [{ name: '王五', category: 'villager_representative' }, { name: ' ', category: 'other' }, { name: '赵六', category: 'villager_representative' }], signed: true },
  return_for_investigation: { reasons: '收入未核实' },
  object_village: { summary: '有车辆未申报' },
  object_county: { summary: '有车辆未申报', lodgedBy: 'anonymous' },
  spot_visit: { visitors: '钱七\n孙八' },
  refuse: { reasons: '收入超过标准\n不符合条件' },
};

const bodyFor = (step: Step, extra: Values = {}) => stepBody(step, { ...initialStepValues(step, TODAY), ...TYPED[step], ...extra }, 4);

describe('a case step form → its request body', () => {
  it.each(Object.keys(STEP_PATHS) as Step[])('%s: what the form starts with plus what a worker types is a body the server accepts', (step) => {
    const schema = SCHEMA[step];
    expect(schema, `no schema listed for ${step}`).toBeDefined();
    const r = schema.safeParse(bodyFor(step, { attachments: 'scan-001.pdf\n' }));
    expect(r.success, JSON.stringify(r.error?.issues)).toBe(true);
  });

  it('carries the version the user saw and the attachments typed one a line', () => {
    expect(bodyFor('accept', { attachments: ' a.pdf \n\nb.pdf' })).toEqual({ version: 4, attachments: ['a.pdf', 'b.pdf'] });
  });

  it('lists typed one a line become arrays; blank rows and names are dropped, names trimmed', () => {
    expect(bodyFor('request_missing').missing).toEqual(['户口簿', '残疾证']);
    expect(bodyFor('investigate').investigators).toEqual([{ name: '张三' }, { name: '李四' }]);
    expect(bodyFor('spot_visit').visitors).toEqual(['钱七', '孙八']);
    expect(bodyFor('refuse').reasons).toEqual(['收入超过标准', '不符合条件']);
  });

  it('an eligible investigation keeps its visits and sends no data-check reasons', () => {
    const b = bodyFor('investigate', { dataCheckReasons: 'typed, then the result set back to eligible' });
    expect(b).toMatchObject({ investigatedOn: TODAY, homeVisitOn: TODAY, neighbourVisits: 2, dataCheck: { result: 'eligible', checkedOn: TODAY, reasons: [] } });
  });

  it('an investigation that closes the case (data check ineligible) sends its reasons and no neighbour visits', () => {
    const b = bodyFor('close_ineligible');
    expect(b).toMatchObject({ neighbourVisits: 0, dataCheck: { result: 'ineligible', reasons: ['存款超过标准'] } });
    expect(bodyFor('close_ineligible', { homeVisitOn: undefined }).homeVisitOn).toBeNull();
  });

  it('a deliberation sends the named participants with their category, and the signature as a boolean', () => {
    expect(bodyFor('deliberate')).toMatchObject({
      heldOn: TODAY,
      participants: [
        { name: '王五', category: 'villager_representative' },
        { name: '赵六', category: 'villager_representative' },
      ],
      conclusion: 'agree',
      conclusionText: '',
      signed: true,
    });
  });

  it('starts every date field at the day given, and a withdrawal at the applicant’s request', () => {
    expect(initialStepValues('spot_visit', TODAY)).toEqual({ visitedOn: TODAY, finding: 'consistent' });
    expect(initialStepValues('withdraw', TODAY)).toEqual({ reason: 'applicant_request' });
    expect(initialStepValues('close_ineligible', TODAY).dataCheck).toEqual({ result: 'ineligible', checkedOn: TODAY });
    expect(initialStepValues('accept', TODAY)).toEqual({});
  });
});

describe('民主评议: villager representatives at least two thirds', () => {
  it('counts each person once by name, as the server does', () => {
    expect(
      countParticipants([
        { name: '王五', category: 'villager_representative' },
        { name: ' 王五 ', category: 'villager_representative' },
        { name: '赵六', category: 'party_branch' },
        { name: '' },
        {},
      ]),
    ).toEqual({ total: 2, reps: 1 });
    expect(countParticipants(undefined)).toEqual({ total: 0, reps: 0 });
  });

  it('holds at exactly two thirds and fails just below, and with nobody present', () => {
    expect(representativesSuffice({ total: 3, reps: 2 })).toBe(true);
    expect(representativesSuffice({ total: 6, reps: 4 })).toBe(true);
    expect(representativesSuffice({ total: 4, reps: 2 })).toBe(false);
    expect(representativesSuffice({ total: 7, reps: 4 })).toBe(false);
    expect(representativesSuffice({ total: 0, reps: 0 })).toBe(false);
  });
});
