import { describe, expect, it } from 'vitest';
import { FieldVisitSync, ReviewVisitSync, ScreeningVisitMeta, SpotVisitSync } from '#contracts/field-visits.ts';
import { RowFill } from '#contracts/screening.ts';
import { CaseFileUploadQuery, OWNER_DOCUMENT_TYPES, OwnerFileUploadQuery, STEP_DOCUMENT_TYPES } from '#contracts/case-files.ts';
import type { AssignedReviewVisit, AssignedScreeningVisit, AssignedSpotVisit, AssignedVisit } from '#contracts/field-visits.ts';
import { initialReviewValues } from '../../enrollments/components/review-step-model.ts';
import { initialStepValues } from '../../cases/components/step-form-model.ts';
import { afterSync, fileUpload, findingsOf, formPath, investigatorNames, targetKey, visitDayOf, newVisit, officePath, rebase, sameTarget, shouldSync, syncRequest, targetOf, unsynced, visitBody } from './visit-model.ts';

const task: AssignedVisit = {
  kind: 'investigation',
  countyCode: '211221',
  caseId: 'case-1',
  caseKind: 'dibao_household',
  base: { version: 3, state: 'accepted' },
  appliedOn: '2026-12-01',
  dueDate: '2026-12-15',
  applicantName: '李桂芝',
  areaCode: '211221101200',
  areaName: '新台子村',
  household: { id: 'h-1', address: '三组5号', headName: '李桂芝', members: [] },
};
const filled = { ...initialStepValues('investigate', '2026-12-05'), investigators: [{ name: '王调查' }, { name: '赵调查' }], findings: '家中两人务农' };
const record = () => {
  const b = visitBody('investigation', filled, task.base);
  if (!b.ok) throw new Error(JSON.stringify(b.issues));
  return newVisit(task, b, [{ id: '2b0c6a4e-8f6a-4b8e-9a51-0c7f4e1d2a33-photo-0', kind: 'photo', name: '照片1.jpg', mediaType: 'image/jpeg' }], { visitId: '2b0c6a4e-8f6a-4b8e-9a51-0c7f4e1d2a33', now: new Date('2026-12-05T03:00:00Z') });
};

describe('the offline visit model', () => {
  it('validates with the office form’s model and the contract: blank investigator names are dropped, an empty form is refused', () => {
    const empty = visitBody('investigation', initialStepValues('investigate', '2026-12-05'), task.base);
    expect(empty.ok).toBe(false);
    if (!empty.ok) expect(empty.issues.map((i) => i.path)).toContain('investigators');
    const one = visitBody('investigation', { ...filled, investigators: [{ name: ' 王调查 ' }, { name: '' }] }, task.base);
    expect(one.ok && one.kind === 'investigation' && one.body.investigators).toEqual([{ name: '王调查' }]);
    const bad = visitBody('investigation', { ...filled, investigatedOn: '2026-02-30' }, task.base);
    expect(bad.ok).toBe(false);
  });

  it('sends what the sync route’s schema accepts: the body at the base version, the visit id, the time recorded, the base state', () => {
    const r = record();
    const sent = syncRequest(r);
    if (sent.kind !== 'investigation') throw new Error(sent.kind);
    const req = sent.body;
    expect(FieldVisitSync.safeParse(req).success).toBe(true);
    expect(req).toMatchObject({ version: 3, baseState: 'accepted', recordedAt: '2026-12-05T03:00:00.000Z', visitId: r.visitId });
    expect(req.attachments).toContain('照片1.jpg');
  });

  it('keeps a record through a conflict or a refusal, leaves it pending when offline, and ends it only when synced', () => {
    const r = record();
    expect(shouldSync(r)).toBe(true);
    const offline = afterSync(r, { kind: 'offline' });
    expect(offline.status).toBe('pending');
    const server = { version: 4, state: 'investigated', stateLabel: { zh: '已调查', en: 'investigated' }, investigation: null };
    const conflict = afterSync(r, { kind: 'conflict', message: { zh: '案件已变化', en: 'changed' }, server });
    expect(conflict).toMatchObject({ status: 'conflict', body: r.body, files: r.files, base: r.base, server });
    expect(shouldSync(conflict)).toBe(false);
    expect(afterSync(conflict, { kind: 'offline' }).status).toBe('conflict');
    const refused = afterSync(r, { kind: 'refused', message: { zh: '调查人员不足', en: 'too few' } });
    expect(refused).toMatchObject({ status: 'refused', body: r.body });
    expect(unsynced([r, conflict, refused])).toBe(3);
    const synced = afterSync(r, { kind: 'synced', receivedAt: '2026-12-05T05:00:00.000Z' });
    expect(synced).toMatchObject({ status: 'synced', receivedAt: '2026-12-05T05:00:00.000Z' });
    expect(unsynced([synced])).toBe(0);
    expect(afterSync(synced, { kind: 'offline' }).status).toBe('synced');
  });

  /** Whether the owner the upload goes to offers its document type (the server refuses it otherwise, 422 CASE_FILE_TYPE). */
  const offered = (path: string, q: Record<string, string>) =>
    (q.step ? CaseFileUploadQuery : OwnerFileUploadQuery).safeParse(q).success &&
    (q.step ? (STEP_DOCUMENT_TYPES[q.step] ?? []).includes(q.type as never) : path.startsWith('/api/households/') ? OWNER_DOCUMENT_TYPES.household.includes(q.type as never) : OWNER_DOCUMENT_TYPES.ledger_row.includes(q.type as never));

  it('files a case investigation’s photos and signatures as case files of its investigate step, each type offered there', () => {
    const r = record();
    expect(r.files).toHaveLength(1);
    const photo = fileUpload(r.target, { id: 'dev-file-photo-1', kind: 'photo', name: '照片1.jpg' });
    expect(photo).toEqual({ path: '/api/cases/211221/case-1/files', query: { step: 'investigate', type: 'photo', name: '照片1.jpg', clientKey: 'dev-file-photo-1' } });
    const sig = fileUpload(r.target, { id: 'dev-file-signature-applicant', kind: 'signature', name: '申请人签名.png' });
    expect(sig?.query).toMatchObject({ step: 'investigate', type: 'signature' });
    for (const u of [photo, sig]) expect(u && offered(u.path, u.query)).toBe(true);
  });

  it('re-bases a conflicted record only where the investigation is due again, at the case’s new version', () => {
    const conflict = afterSync(record(), { kind: 'conflict', message: { zh: '变', en: 'c' } });
    expect(rebase(conflict, { version: 6, state: 'investigated' })).toBeNull();
    const again = rebase(conflict, { version: 6, state: 'accepted' });
    expect(again).toMatchObject({ status: 'pending', base: { version: 6, state: 'accepted' }, body: { version: 6 } });
    expect(again?.message).toBeUndefined();
    expect(rebase(record(), { version: 6, state: 'accepted' })).toBeNull();
  });

  describe('a periodic review’s visit, the same model over another kind', () => {
    const review: AssignedReviewVisit = {
      kind: 'review',
      countyCode: '211221',
      reviewId: 'rev-1',
      enrollmentId: 'e-1',
      program: 'tekun',
      trigger: 'reported_change',
      reportedChange: '儿子外出务工',
      base: { version: 2, state: 'opened' },
      openedOn: '2026-12-01',
      dueDate: '2026-12-16',
      areaCode: '211221101200',
      areaName: '新台子村',
      household: { id: 'h-9', address: '一组3号', headName: '刘玉芬', members: [] },
    };
    const reviewValues = { ...initialReviewValues('2026-12-05'), investigators: '王调查\n赵调查\n', findings: '儿子每月寄回 300 元' };
    const reviewRecord = () => {
      const b = visitBody('review', reviewValues, review.base);
      if (!b.ok) throw new Error(JSON.stringify(b.issues));
      return newVisit(review, b, [{ id: '7d1f2b9c-3a4e-4c5d-8e6f-1a2b3c4d5e6f-photo-0', kind: 'photo', name: '照片1.jpg', mediaType: 'image/jpeg' }], { visitId: '7d1f2b9c-3a4e-4c5d-8e6f-1a2b3c4d5e6f', now: new Date('2026-12-05T04:00:00Z') });
    };

    it('validates with the review drawer’s model and schema: names one a line, an empty findings refused', () => {
      const r = reviewRecord();
      expect(r).toMatchObject({ kind: 'review', target: { kind: 'review', countyCode: '211221', id: 'rev-1' }, title: '刘玉芬', base: { version: 2, state: 'opened' } });
      expect(investigatorNames(r)).toEqual(['王调查', '赵调查']);
      // Its photos and signatures are kept to be sent (filed on the reviewed household).
      expect(r.files.map((f) => f.id)).toEqual(['7d1f2b9c-3a4e-4c5d-8e6f-1a2b3c4d5e6f-photo-0']);
      const empty = visitBody('review', { ...reviewValues, findings: ' ' }, review.base);
      expect(empty.ok).toBe(false);
      if (!empty.ok) expect(empty.issues.map((i) => i.path)).toContain('findings');
      expect(() => newVisit(task, visitBody('review', reviewValues, review.base) as never, [], { visitId: 'x', now: new Date() })).toThrow();
    });

    it('files its photos and signatures on the reviewed household (the household’s route, types it offers); an earlier record’s household read from the review', () => {
      const r = reviewRecord();
      expect(r.target.householdId).toBe('h-9');
      const photo = fileUpload(r.target, r.files[0]);
      expect(photo).toEqual({ path: '/api/households/211221/h-9/files', query: { type: 'photo', name: '照片1.jpg', clientKey: r.files[0].id } });
      const sig = fileUpload(r.target, { id: 'dev-file-signature-investigator1', kind: 'signature', name: '调查人一签名.png' });
      expect(sig).toEqual({ path: '/api/households/211221/h-9/files', query: { type: 'signature', name: '调查人一签名.png', clientKey: 'dev-file-signature-investigator1' } });
      for (const u of [photo, sig]) expect(u && offered(u.path, u.query)).toBe(true);
      // A record stored before the household was kept on it: the household the sync read from the review, or nothing yet.
      const { householdId: _h, ...older } = r.target;
      expect(fileUpload(older, r.files[0])).toBeNull();
      expect(fileUpload(older, r.files[0], 'h-9')?.path).toBe('/api/households/211221/h-9/files');
      // The household does not change the task's key.
      expect(targetKey(r.target)).toBe(targetKey(older));
    });

    it('sends what the review sync route’s schema accepts, and a case’s request is not one', () => {
      const sent = syncRequest(reviewRecord());
      expect(sent.kind).toBe('review');
      expect(ReviewVisitSync.safeParse(sent.body).success).toBe(true);
      expect(sent.body).toMatchObject({ version: 2, baseState: 'opened', recordedAt: '2026-12-05T04:00:00.000Z', investigators: ['王调查', '赵调查'] });
      expect(ReviewVisitSync.safeParse(syncRequest(record()).body).success).toBe(false);
    });

    it('targets its own pages and never matches a case with the same id; conflict and re-base as for a case', () => {
      const r = reviewRecord();
      expect(formPath(r.target)).toBe('/field-visits/review/211221/rev-1');
      expect(officePath(r.target)).toBe('/reviews');
      expect(formPath(targetOf(task))).toBe('/field-visits/211221/case-1');
      expect(sameTarget(r.target, { kind: 'investigation', countyCode: '211221', id: 'rev-1' })).toBe(false);
      const conflict = afterSync(r, { kind: 'conflict', message: { zh: '复核已变化', en: 'changed' } });
      expect(conflict).toMatchObject({ status: 'conflict', kind: 'review', body: r.body });
      expect(rebase(conflict, { version: 3, state: 'investigated' })).toBeNull();
      expect(rebase(conflict, { version: 4, state: 'opened' })).toMatchObject({ status: 'pending', kind: 'review', base: { version: 4 }, body: { version: 4 } });
    });
  });

  describe('a screening ledger row’s verification visit, the same model over a third kind', () => {
    const row: AssignedScreeningVisit = {
      kind: 'screening',
      countyCode: '211221',
      campaignId: 'camp-1',
      hhNo: 'P001',
      headName: '孙德胜',
      attribute: 'general',
      status: 'out',
      base: { version: 1, state: 'open' },
      dueDate: '2026-12-20',
      areaCode: '211221101200',
      areaName: '新台子村',
      members: [{ personKey: 'k1', name: '孙德胜', relation: '户主', birthDate: '1956-03-01', sex: 'M', health: 'serious', disabilityGrade: null, laborCapacity: '无劳动力' }],
    };
    const values = {
      methods: [{ method: 'home_visit', date: '2026-12-05', staff: '王核查、赵核查' }],
      income: '2400',
      assets: '0',
      vehicles: 0,
      note: '独居，患大病',
      members: [{ personKey: 'k1', laborCapacity: 'none', grade: 0, kind: 'multiple', seriousIllness: true, ownIncome: '' }],
    };
    const rowRecord = () => {
      const b = visitBody('screening', values, row.base);
      if (!b.ok) throw new Error(JSON.stringify(b.issues));
      return newVisit(row, b, [{ id: '0f4c2d1e-5b6a-4c7d-9e8f-112233445566-signature-applicant', kind: 'signature', role: 'applicant', name: '申请人签名.png', mediaType: 'image/png' }], { visitId: '0f4c2d1e-5b6a-4c7d-9e8f-112233445566', now: new Date('2026-12-05T05:00:00Z') });
    };

    it('validates with the row drawer’s model and the ledger’s schema; a home visit among the methods is required', () => {
      const r = rowRecord();
      expect(r).toMatchObject({ kind: 'screening', target: { kind: 'screening', countyCode: '211221', id: 'P001', campaignId: 'camp-1' }, title: '孙德胜', address: '新台子村' });
      expect(investigatorNames(r)).toEqual(['王核查', '赵核查']);
      expect([visitDayOf(r), findingsOf(r)]).toEqual(['2026-12-05', '独居，患大病']);
      const noVisit = visitBody('screening', { ...values, methods: [{ method: 'data_comparison', date: '2026-12-05', staff: '王核查' }] }, row.base);
      expect(noVisit.ok).toBe(false);
      if (!noVisit.ok) expect(noVisit.issues[0].message).toBe('HOME_VISIT_MISSING');
      const noStaff = visitBody('screening', { ...values, methods: [{ method: 'home_visit', date: '2026-12-05', staff: '' }] }, row.base);
      expect(noStaff.ok).toBe(false);
    });

    it('sends the fill as typed (the server reads the yuan), with the visit id, time and base state its route checks', () => {
      const sent = syncRequest(rowRecord());
      if (sent.kind !== 'screening') throw new Error(sent.kind);
      expect(RowFill.safeParse(sent.body).success).toBe(true);
      expect(ScreeningVisitMeta.safeParse(sent.body).success).toBe(true);
      expect(sent.body).toMatchObject({ version: 1, baseState: 'open', findings: { incomeAnnualPerCapita: '2400' }, methods: [{ staff: ['王核查', '赵核查'] }] });
    });

    it('files its photos and signatures on the ledger row (the row drawer’s files route, types the row offers)', () => {
      const r = rowRecord();
      expect(r.files.map((f) => f.kind)).toEqual(['signature']);
      const sig = fileUpload(r.target, r.files[0]);
      expect(sig).toEqual({ path: '/api/screening/campaigns/211221/camp-1/rows/211221/P001/files', query: { type: 'signature', name: '申请人签名.png', clientKey: r.files[0].id } });
      const photo = fileUpload(r.target, { id: 'dev-file-photo-2', kind: 'photo', name: '照片.jpg' });
      for (const u of [photo, sig]) expect(u && offered(u.path, u.query)).toBe(true);
    });

    it('targets its own form, is keyed apart from a case or review with the same id, and re-bases only while the check is due', () => {
      const r = rowRecord();
      expect(formPath(r.target)).toBe('/field-visits/screening/211221/camp-1/P001');
      expect(targetKey(r.target)).toBe('screening/211221/camp-1/P001');
      const conflict = afterSync(r, { kind: 'conflict', message: { zh: '台账记录已变化', en: 'changed' } });
      expect(rebase(conflict, { version: 2, state: 'verified' })).toBeNull();
      expect(rebase(conflict, { version: 3, state: 'open' })).toMatchObject({ status: 'pending', kind: 'screening', body: { version: 3 } });
    });
  });

  describe('the county’s spot visit of a sampled case, the second case body', () => {
    const spot: AssignedSpotVisit = { ...task, kind: 'spot_check', spotCheckId: 'sc-1', base: { version: 9, state: 'county_review' } };
    const spotRecord = () => {
      const b = visitBody('spot_check', { ...initialStepValues('spot_visit', '2026-12-05'), visitors: '钱抽查\n孙抽查', note: '与档案相符' }, spot.base);
      if (!b.ok) throw new Error(JSON.stringify(b.issues));
      return newVisit(spot, b, [{ id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d-photo-0', kind: 'photo', name: '照片1.jpg', mediaType: 'image/jpeg' }], { visitId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', now: new Date('2026-12-05T06:00:00Z') });
    };

    it('validates with the office step form’s model and the SpotVisit schema, and sends what its route takes', () => {
      const r = spotRecord();
      expect(r).toMatchObject({ kind: 'spot_check', target: { kind: 'spot_check', countyCode: '211221', id: 'case-1' }, title: '李桂芝' });
      expect([investigatorNames(r), visitDayOf(r), findingsOf(r)]).toEqual([['钱抽查', '孙抽查'], '2026-12-05', '与档案相符']);
      const sent = syncRequest(r);
      if (sent.kind !== 'spot_check') throw new Error(sent.kind);
      expect(SpotVisitSync.safeParse(sent.body).success).toBe(true);
      expect(sent.body).toMatchObject({ version: 9, baseState: 'county_review', finding: 'consistent' });
      expect(visitBody('spot_check', { ...initialStepValues('spot_visit', '2026-12-05'), visitors: '' }, spot.base).ok).toBe(false);
    });

    it('files its photos and signatures as case files of the sampled case’s spot_visit step, each type offered there', () => {
      const r = spotRecord();
      const photo = fileUpload(r.target, r.files[0]);
      expect(photo).toEqual({ path: '/api/cases/211221/case-1/files', query: { step: 'spot_visit', type: 'photo', name: '照片1.jpg', clientKey: r.files[0].id } });
      const sig = fileUpload(r.target, { id: 'dev-file-signature-investigator2', kind: 'signature', name: '调查人二签名.png' });
      expect(sig?.query).toEqual({ step: 'spot_visit', type: 'signature', name: '调查人二签名.png', clientKey: 'dev-file-signature-investigator2' });
      for (const u of [photo, sig]) expect(u && offered(u.path, u.query)).toBe(true);
      // The sync body names them among the attachments, as for a case investigation.
      const sent = syncRequest(r);
      if (sent.kind !== 'spot_check') throw new Error(sent.kind);
      expect(sent.body.attachments).toContain('照片1.jpg');
    });

    it('is keyed apart from the same case’s investigation and has its own form', () => {
      const r = spotRecord();
      expect(sameTarget(r.target, targetOf(task))).toBe(false);
      expect(formPath(r.target)).toBe('/field-visits/spot/211221/case-1');
      expect(officePath(r.target)).toBe('/cases/211221/case-1');
    });
  });
});
