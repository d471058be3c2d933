import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AssignedReviewVisit, AssignedScreeningVisit, AssignedSpotVisit } from '#contracts/field-visits.ts';
import { initialReviewValues } from '../../enrollments/components/review-step-model.ts';
import { initialStepValues } from '../../cases/components/step-form-model.ts';
import { newVisit, type VisitFile, type VisitRecord, visitBody } from '../model/visit-model.ts';
import { DeviceStore, type DeviceStorage, type StoreName } from '../store/device-store.ts';
import { syncAll } from './field-visits-api.ts';

/**
 * The one sync over the kinds, against a stubbed server (`fetch`): each kind's photos and signatures go to its owner's
 * route before the visit (the reviewed household, the ledger row, the sampled case's spot_visit step), and a sync cut
 * off after the uploads (the server down at the visit's POST) does not upload them again when retried (`uploadedAs`).
 */

function memoryStorage(): DeviceStorage {
  const raw = new Map<string, Map<string, unknown>>();
  const of = (s: StoreName) => raw.get(s) ?? raw.set(s, new Map()).get(s)!;
  return { get: async (s, k) => of(s).get(k), put: async (s, k, v) => void of(s).set(k, v), delete: async (s, k) => void of(s).delete(k), keys: async (s) => [...of(s).keys()], destroy: async () => raw.clear() };
}

interface Call {
  method: string;
  path: string;
  query: Record<string, string>;
}

/** A server answering by path: `routes` gives the answer (status, body) of `METHOD path`; every call recorded. */
function stubServer(routes: (c: Call, n: number) => { status: number; body: unknown }) {
  const calls: Call[] = [];
  vi.stubGlobal('fetch', async (input: string, init?: RequestInit) => {
    const u = new URL(input, 'https://doudi.test');
    const call = { method: init?.method ?? 'GET', path: u.pathname, query: Object.fromEntries(u.searchParams) };
    calls.push(call);
    const a = routes(call, calls.filter((c) => c.method === call.method && c.path === call.path).length);
    return new Response(JSON.stringify(a.body), { status: a.status, headers: { 'content-type': 'application/json' } });
  });
  return calls;
}
afterEach(() => vi.unstubAllGlobals());

const household = { id: 'h-9', address: '一组3号', headName: '刘玉芬', members: [] };
const reviewTask: AssignedReviewVisit = {
  kind: 'review',
  countyCode: '211221',
  reviewId: 'rev-1',
  enrollmentId: 'e-1',
  program: 'dibao',
  trigger: 'scheduled',
  reportedChange: null,
  base: { version: 2, state: 'opened' },
  openedOn: '2026-12-01',
  dueDate: null,
  areaCode: '211221101200',
  areaName: '新台子村',
  household,
};
const files = (visitId: string): VisitFile[] => [
  { id: `${visitId}-photo-0`, kind: 'photo', name: '照片1.jpg', mediaType: 'image/jpeg' },
  { id: `${visitId}-signature-applicant`, kind: 'signature', role: 'applicant', name: '申请人签名.png', mediaType: 'image/png' },
];

async function storeWith(r: VisitRecord): Promise<DeviceStore> {
  const store = await DeviceStore.open('u-1', memoryStorage());
  for (const f of r.files) await store.putFile(f.id, new Blob([new Uint8Array([1, 2, 3])], { type: f.mediaType }));
  await store.putVisit(r);
  return store;
}
const uploads = (calls: Call[]) => calls.filter((c) => c.path.endsWith('/files')).map((c) => `${c.path}?${new URLSearchParams(c.query)}`);
const session = { status: 200, body: { csrfToken: 'csrf-1' } };

describe('the sync of a visit’s photos and signatures', () => {
  const reviewRecord = (visitId: string) => {
    const b = visitBody('review', { ...initialReviewValues('2026-12-05'), investigators: '王调查\n赵调查', findings: '无变化' }, reviewTask.base);
    if (!b.ok) throw new Error(JSON.stringify(b.issues));
    return newVisit(reviewTask, b, files(visitId), { visitId, now: new Date('2026-12-05T03:00:00Z') });
  };
  const review = (arrived: string | null) => ({
    version: 2,
    state: 'opened',
    stateLabel: { zh: '已立案', en: 'opened' },
    householdId: 'h-9',
    timeline: arrived ? [{ step: 'investigate', visitId: arrived, at: '2026-12-05T05:00:00.000Z', record: {} }] : [],
  });

  it('a review’s go to the reviewed household before the visit; retried after the visit’s POST failed, they are not sent again', async () => {
    const visitId = '11111111-2222-4333-8444-555555555555';
    const store = await storeWith(reviewRecord(visitId));
    let n = 0;
    const calls = stubServer((c, k) => {
      if (c.path === '/api/session') return session;
      if (c.path === '/api/reviews/211221/rev-1') return { status: 200, body: review(null) };
      if (c.path.endsWith('/files')) return { status: 200, body: { id: `file-${++n}` } };
      // The visit's POST: the server is down the first time, then records it.
      if (c.path === '/api/reviews/211221/rev-1/field-visit') return k === 1 ? { status: 503, body: {} } : { status: 200, body: { duplicate: false, review: review(visitId) } };
      return { status: 404, body: {} };
    });
    const first = await syncAll(store);
    expect(first).toMatchObject({ synced: 0, pending: 1 });
    expect(uploads(calls)).toEqual([
      `/api/households/211221/h-9/files?${new URLSearchParams({ type: 'photo', name: '照片1.jpg', clientKey: `${visitId}-photo-0` })}`,
      `/api/households/211221/h-9/files?${new URLSearchParams({ type: 'signature', name: '申请人签名.png', clientKey: `${visitId}-signature-applicant` })}`,
    ]);
    expect((await store.visit(visitId))?.files.map((f) => f.uploadedAs)).toEqual(['file-1', 'file-2']);

    const second = await syncAll(store);
    expect(second).toMatchObject({ synced: 1, pending: 0 });
    // Only the visit was sent again: still two uploads in all.
    expect(uploads(calls)).toHaveLength(2);
    expect(calls.filter((c) => c.path.endsWith('/field-visit'))).toHaveLength(2);
    expect((await store.visit(visitId))?.status).toBe('synced');
  });

  it('a review record of the earlier app (no household on it) files them on the household the review names', async () => {
    const visitId = '21111111-2222-4333-8444-555555555555';
    const r = reviewRecord(visitId);
    const { householdId: _h, ...target } = r.target;
    const store = await storeWith({ ...r, target });
    const calls = stubServer((c) => {
      if (c.path === '/api/session') return session;
      if (c.path === '/api/reviews/211221/rev-1') return { status: 200, body: review(null) };
      if (c.path.endsWith('/files')) return { status: 200, body: { id: 'f' } };
      if (c.path === '/api/reviews/211221/rev-1/field-visit') return { status: 200, body: { duplicate: false, review: review(visitId) } };
      return { status: 404, body: {} };
    });
    expect(await syncAll(store)).toMatchObject({ synced: 1 });
    expect(uploads(calls).map((u) => u.split('?')[0])).toEqual(['/api/households/211221/h-9/files', '/api/households/211221/h-9/files']);
  });

  it('a screening row’s go to the ledger row, a spot visit’s to the sampled case’s spot_visit step', async () => {
    const row: AssignedScreeningVisit = {
      kind: 'screening',
      countyCode: '211221',
      campaignId: 'camp-1',
      hhNo: 'P001',
      headName: '孙德胜',
      attribute: 'general',
      status: 'out',
      base: { version: 1, state: 'open' },
      dueDate: null,
      areaCode: '211221101200',
      areaName: '新台子村',
      members: [],
    };
    const rb = visitBody('screening', { methods: [{ method: 'home_visit', date: '2026-12-05', staff: '王核查' }], income: '2400', assets: '0', vehicles: 0, note: '', members: [] }, row.base);
    if (!rb.ok) throw new Error(JSON.stringify(rb.issues));
    const rowId = '31111111-2222-4333-8444-555555555555';
    const spotTask: AssignedSpotVisit = { kind: 'spot_check', spotCheckId: 'sc-1', countyCode: '211221', caseId: 'case-7', caseKind: 'dibao_household', base: { version: 9, state: 'county_review' }, appliedOn: '2026-11-01', dueDate: null, applicantName: '李桂芝', areaCode: '211221101200', areaName: '新台子村', household };
    const sb = visitBody('spot_check', { ...initialStepValues('spot_visit', '2026-12-05'), visitors: '钱抽查\n孙抽查', note: '相符' }, spotTask.base);
    if (!sb.ok) throw new Error(JSON.stringify(sb.issues));
    const spotId = '41111111-2222-4333-8444-555555555555';
    const store = await storeWith(newVisit(row, rb, files(rowId), { visitId: rowId, now: new Date('2026-12-05T03:00:00Z') }));
    const spot = newVisit(spotTask, sb, files(spotId), { visitId: spotId, now: new Date('2026-12-05T04:00:00Z') });
    for (const f of spot.files) await store.putFile(f.id, new Blob([new Uint8Array([4])], { type: f.mediaType }));
    await store.putVisit(spot);
    const rowPath = '/api/screening/campaigns/211221/camp-1/rows/211221/P001';
    const rowDetail = (arrived: boolean) => ({ version: arrived ? 2 : 1, conclusion: null, findings: arrived ? { note: '' } : null, methods: [], visit: arrived ? { visitId: rowId, recordedAt: null } : null, updated: null });
    const caseDetail = (arrived: boolean) => ({
      version: arrived ? 10 : 9,
      state: 'county_review',
      stateLabel: { zh: '县级审核', en: 'county review' },
      records: { investigations: [], spotVisits: arrived ? [{ visitId: spotId, visitedOn: '2026-12-05', visitors: [], note: '', recordedAt: null }] : [] },
      timeline: [],
    });
    const calls = stubServer((c) => {
      if (c.path === '/api/session') return session;
      if (c.path === rowPath) return { status: 200, body: rowDetail(false) };
      if (c.path === `${rowPath}/field-visit`) return { status: 200, body: { duplicate: false, row: rowDetail(true) } };
      if (c.path === '/api/cases/211221/case-7') return { status: 200, body: caseDetail(false) };
      if (c.path === '/api/cases/211221/case-7/spot-visit/field-visit') return { status: 200, body: { duplicate: false, case: caseDetail(true) } };
      if (c.path.endsWith('/files')) return { status: 200, body: { id: 'f' } };
      return { status: 404, body: {} };
    });
    expect(await syncAll(store)).toMatchObject({ synced: 2, pending: 0, refused: 0 });
    expect(uploads(calls).sort()).toEqual(
      [
        `${rowPath}/files?${new URLSearchParams({ type: 'photo', name: '照片1.jpg', clientKey: `${rowId}-photo-0` })}`,
        `${rowPath}/files?${new URLSearchParams({ type: 'signature', name: '申请人签名.png', clientKey: `${rowId}-signature-applicant` })}`,
        `/api/cases/211221/case-7/files?${new URLSearchParams({ step: 'spot_visit', type: 'photo', name: '照片1.jpg', clientKey: `${spotId}-photo-0` })}`,
        `/api/cases/211221/case-7/files?${new URLSearchParams({ step: 'spot_visit', type: 'signature', name: '申请人签名.png', clientKey: `${spotId}-signature-applicant` })}`,
      ].sort(),
    );
    // Each upload before its visit's POST.
    const at = (p: (c: Call) => boolean) => calls.findIndex(p);
    expect(at((c) => c.path === `${rowPath}/files`)).toBeLessThan(at((c) => c.path === `${rowPath}/field-visit`));
    expect(at((c) => c.path === '/api/cases/211221/case-7/files')).toBeLessThan(at((c) => c.path.endsWith('/spot-visit/field-visit')));
  });
});
