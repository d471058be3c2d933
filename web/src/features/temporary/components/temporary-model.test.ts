import { describe, expect, it } from 'vitest';
import { CollectiveDecision, EmergencyRecord, TemporaryApplication, TemporaryApproval } from '#contracts/temporary.ts';
import { approvalBody, applicationBody, categoriesOf, collectiveBody, emergencyBody, formFieldOf, householdRef } from './temporary-model.ts';

const values = {
  household: '211221/h-1',
  applicantPersonId: 'p-1',
  category: 'fire',
  eventDate: '2019-11-08',
  eventNote: ' 住房失火 ',
  needYuan: ' 1,200.5 ',
  paidFirstYuan: '500',
  reason: '无御寒衣物',
  attachments: '现场照片.jpg\n\n 证明.pdf ',
};

describe('temporary-aid forms → request bodies (issue 13 point 8)', () => {
  it('an emergency paid first: the household picked, amounts without separators, attachments one a line; the contract takes it', () => {
    const body = emergencyBody(values);
    expect(body).toMatchObject({ household: { countyCode: '211221', id: 'h-1' }, eventNote: '住房失火', needYuan: '1200.5', paidFirstYuan: '500', attachments: ['现场照片.jpg', '证明.pdf'] });
    expect(EmergencyRecord.safeParse(body).success).toBe(true);
  });

  it('an expenditure application has no amount paid first and no reason; the contract takes it', () => {
    const body = applicationBody({ ...values, category: 'medical' });
    expect(body).not.toHaveProperty('paidFirstYuan');
    expect(TemporaryApplication.safeParse(body).success).toBe(true);
    expect(categoriesOf('emergency')).toContain('sudden_illness');
    expect(categoriesOf('expenditure')).toEqual(['medical', 'education', 'basic_living']);
  });

  it('no household picked is no household; the server’s field lands on the form field', () => {
    expect(householdRef(undefined)).toBeNull();
    expect(householdRef('21122/x')).toBeNull();
    expect(EmergencyRecord.safeParse(emergencyBody({ ...values, household: undefined })).success).toBe(false);
    expect(formFieldOf('household.id')).toBe('household');
    expect(formFieldOf('paidFirstYuan')).toBe('paidFirstYuan');
    expect(formFieldOf('amount')).toBeNull();
    expect(formFieldOf(undefined)).toBeNull();
  });

  it('the approval: blank stage rows dropped, none means one stage on the decision day', () => {
    expect(approvalBody(3, [])).toEqual({ version: 3, stages: [], attachments: [] });
    const body = approvalBody(4, [{ payOn: '2019-11-12', amountYuan: '3500' }, {}, { payOn: '2019-12-12', amountYuan: ' 3500.00 ' }]);
    expect(body.stages).toEqual([
      { payOn: '2019-11-12', amountYuan: '3500' },
      { payOn: '2019-12-12', amountYuan: '3500.00' },
    ]);
    expect(TemporaryApproval.safeParse(body).success).toBe(true);
  });

  it('一事一议: participants without a name dropped, counts as numbers; the contract takes it', () => {
    const body = collectiveBody(5, {
      decidedOn: '2019-11-12',
      participants: [{ name: ' 张局长 ', post: '局长' }, { name: '李科长', post: '科长' }, { name: '' }, { name: '王科员', post: '科员' }],
      members: 5,
      present: 3,
      inFavour: 3,
      decision: '同意救助 8000 元，分两次发放',
      amountYuan: '8000',
    });
    expect(body.participants).toEqual([
      { name: '张局长', post: '局长' },
      { name: '李科长', post: '科长' },
      { name: '王科员', post: '科员' },
    ]);
    expect(CollectiveDecision.safeParse(body).success).toBe(true);
  });
});
