import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PlainDate } from '../kernel/plain-date.ts';
import { checkApplication, checkDeliberation, checkInvestigation, checkMissingList, countParticipants, type InvestigationRecord } from './records.ts';

const TODAY = '2019-10-20' as PlainDate;
const people = (reps: number, others: number) => [
  ...Array.from({ length: reps }, (_, i) => ({ name: `代表${i}`, category: 'villager_representative' as const })),
  ...Array.from({ length: others }, (_, i) => ({ name: `干部${i}`, category: (i % 2 ? 'party_branch' : 'village_committee') as 'party_branch' | 'village_committee' })),
];
const investigation = (over: Partial<InvestigationRecord> = {}): InvestigationRecord => ({
  investigators: [{ name: '王调查' }, { name: '李调查' }],
  investigatedOn: '2019-10-15' as PlainDate,
  homeVisitOn: '2019-10-15' as PlainDate,
  neighbourVisits: 2,
  writtenEvidence: ['村委会证明'],
  dataCheck: { result: 'eligible', checkedOn: '2019-10-14' as PlainDate, reasons: [] },
  ...over,
});

describe('step records', () => {
  it('deliberation: villager representatives at least two thirds of the participants, exactly at the boundary', () => {
    expect(checkDeliberation({ heldOn: TODAY, participants: people(6, 3), signed: true }, TODAY)).toBeNull();
    expect(checkDeliberation({ heldOn: TODAY, participants: people(5, 3), signed: true }, TODAY)).toMatchObject({
      code: 'REPRESENTATIVES_BELOW_TWO_THIRDS',
      field: 'participants',
      message: { zh: expect.stringContaining('5/8') },
    });
    expect(checkDeliberation({ heldOn: TODAY, participants: people(2, 1), signed: true }, TODAY)).toBeNull();
    expect(checkDeliberation({ heldOn: TODAY, participants: people(1, 1), signed: true }, TODAY)?.code).toBe('REPRESENTATIVES_BELOW_TWO_THIRDS');
  });

  it('deliberation: the rule holds for any make-up of the meeting (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 }), (reps, others) => {
        fc.pre(reps + others > 0);
        const ok = checkDeliberation({ heldOn: TODAY, participants: people(reps, others), signed: true }, TODAY) === null;
        expect(ok).toBe(reps / (reps + others) >= 2 / 3 - 1e-12);
      }),
    );
  });

  it('deliberation: a person listed twice counts once; an unsigned conclusion or a future date is refused', () => {
    const twice = [...people(2, 1), { name: '代表0', category: 'villager_representative' as const }];
    expect(countParticipants(twice)).toEqual({ total: 3, representatives: 2 });
    const padded = [...people(1, 1), { name: '代表0', category: 'villager_representative' as const }, { name: '代表0', category: 'villager_representative' as const }];
    expect(checkDeliberation({ heldOn: TODAY, participants: padded, signed: true }, TODAY)?.code).toBe('REPRESENTATIVES_BELOW_TWO_THIRDS');
    expect(checkDeliberation({ heldOn: TODAY, participants: people(3, 0), signed: false }, TODAY)?.code).toBe('CONCLUSION_NOT_SIGNED');
    expect(checkDeliberation({ heldOn: '2019-10-21' as PlainDate, participants: people(3, 0), signed: true }, TODAY)?.code).toBe('DATE_IN_FUTURE');
  });

  it('investigation: two different investigators, a home visit, neighbours and written evidence', () => {
    expect(checkInvestigation(investigation(), TODAY)).toBeNull();
    expect(checkInvestigation(investigation({ investigators: [{ name: '王调查' }] }), TODAY)?.code).toBe('INVESTIGATORS_TOO_FEW');
    expect(checkInvestigation(investigation({ investigators: [{ name: '王调查' }, { name: ' 王调查' }] }), TODAY)?.code).toBe('INVESTIGATORS_TOO_FEW');
    expect(checkInvestigation(investigation({ homeVisitOn: null }), TODAY)?.code).toBe('HOME_VISIT_REQUIRED');
    expect(checkInvestigation(investigation({ neighbourVisits: 0 }), TODAY)?.code).toBe('NEIGHBOUR_VISIT_REQUIRED');
    expect(checkInvestigation(investigation({ writtenEvidence: [] }), TODAY)?.code).toBe('WRITTEN_EVIDENCE_REQUIRED');
    expect(checkInvestigation(investigation({ homeVisitOn: '2019-10-21' as PlainDate }), TODAY)).toMatchObject({ code: 'DATE_IN_FUTURE', field: 'homeVisitOn' });
  });

  it('investigation: an ineligible data check may end the case before the visits, but only with reasons', () => {
    const ineligible = { result: 'ineligible' as const, checkedOn: TODAY, reasons: [] as string[] };
    expect(checkInvestigation(investigation({ homeVisitOn: null, neighbourVisits: 0, writtenEvidence: [], dataCheck: ineligible }), TODAY)?.code).toBe('DATA_CHECK_REASON_REQUIRED');
    expect(checkInvestigation(investigation({ homeVisitOn: null, dataCheck: { ...ineligible, reasons: ['名下有小汽车一辆'] } }), TODAY)).toBeNull();
  });

  it('application and one-time notice', () => {
    expect(checkApplication({ signedDeclaration: true, dataCheckAuthorised: true })).toBeNull();
    expect(checkApplication({ signedDeclaration: false, dataCheckAuthorised: true })?.code).toBe('DECLARATION_NOT_SIGNED');
    expect(checkApplication({ signedDeclaration: true, dataCheckAuthorised: false })?.code).toBe('DATA_CHECK_NOT_AUTHORISED');
    expect(checkMissingList([])?.code).toBe('MISSING_LIST_EMPTY');
    expect(checkMissingList(['户口簿复印件'])).toBeNull();
  });
});
