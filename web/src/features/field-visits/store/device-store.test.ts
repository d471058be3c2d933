import { describe, expect, it } from 'vitest';
import type { AssignedReviewVisit, AssignedVisit } from '#contracts/field-visits.ts';
import { afterSync, newVisit, visitBody } from '../model/visit-model.ts';
import { open, seal, sealJson } from './device-crypto.ts';
import { DeviceStore, type DeviceStorage, type StoreName } from './device-store.ts';

/** The device's IndexedDB as maps (values kept as they are given, as IndexedDB's structured clone keeps them). */
function memoryStorage(): DeviceStorage & { raw: Map<string, Map<string, unknown>> } {
  const raw = new Map<string, Map<string, unknown>>();
  const of = (s: StoreName) => raw.get(s) ?? raw.set(s, new Map()).get(s)!;
  return {
    raw,
    get: async (s, k) => of(s).get(k),
    put: async (s, k, v) => void of(s).set(k, v),
    delete: async (s, k) => void of(s).delete(k),
    keys: async (s) => [...of(s).keys()],
    destroy: async () => raw.clear(),
  };
}

const task: AssignedVisit = {
  kind: 'investigation',
  countyCode: '211221',
  caseId: 'case-1',
  caseKind: 'dibao_household',
  base: { version: 2, state: 'accepted' },
  appliedOn: '2026-12-01',
  dueDate: '2026-12-15',
  applicantName: '张秀兰',
  areaCode: '211221101200',
  areaName: '新台子村',
  household: { id: 'h-1', address: '新台子镇新台子村三组12号', headName: '张秀兰', members: [] },
};
const values = { investigators: [{ name: '王调查' }, { name: '赵调查' }], investigatedOn: '2026-12-05', homeVisitOn: '2026-12-05', neighbourVisits: 2, dataCheck: { result: 'eligible', checkedOn: '2026-12-05' }, findings: '住房简陋' };

const body = () => {
  const b = visitBody('investigation', values, task.base);
  if (!b.ok) throw new Error(JSON.stringify(b.issues));
  return b;
};

/** Every byte sequence the storage holds, as text, to look for plain personal data. */
function storedText(s: ReturnType<typeof memoryStorage>): string {
  const parts: string[] = [];
  const walk = (v: unknown) => {
    if (v instanceof ArrayBuffer) parts.push(new TextDecoder().decode(v));
    else if (v instanceof Uint8Array) parts.push(new TextDecoder().decode(v));
    else if (typeof v === 'string') parts.push(v);
    else if (v && typeof v === 'object' && !(v instanceof CryptoKey)) for (const x of Object.values(v)) walk(x);
  };
  for (const m of s.raw.values()) for (const v of m.values()) walk(v);
  return parts.join('\n');
}

describe('the device store', () => {
  it('seals and opens tasks, visits and files: a round trip, and nothing personal readable in what is stored', async () => {
    const storage = memoryStorage();
    const store = await DeviceStore.open('u1', storage);
    await store.saveTasks([task], '2026-12-05T01:00:00.000Z');
    const body = visitBody('investigation', values, task.base);
    if (!body.ok) throw new Error(JSON.stringify(body.issues));
    const record = newVisit(task, body, [{ id: 'f1', kind: 'photo', name: '住房.jpg', mediaType: 'image/jpeg' }], { visitId: 'v1', now: new Date('2026-12-05T02:00:00Z') });
    await store.putVisit(record);
    const photo = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...new TextEncoder().encode('张秀兰的住房')]);
    await store.putFile('f1', new Blob([photo], { type: 'image/jpeg' }));

    const again = await DeviceStore.open('u1', storage);
    expect(await again.tasks()).toEqual([task]);
    expect(await again.task({ kind: 'investigation', countyCode: '211221', id: 'case-1' })).toEqual(task);
    // The same id as another kind is another task.
    expect(await again.task({ kind: 'review', countyCode: '211221', id: 'case-1' })).toBeNull();
    expect(await again.visit('v1')).toEqual(record);
    const f = await again.file('f1');
    expect(f?.type).toBe('image/jpeg');
    expect(new Uint8Array(await f!.arrayBuffer())).toEqual(photo);

    const text = storedText(storage);
    for (const plain of ['张秀兰', '新台子镇新台子村三组12号', '王调查', '住房简陋', '张秀兰的住房']) expect(text).not.toContain(plain);
    // The key is a WebCrypto key that cannot be exported.
    const key = storage.raw.get('meta')?.get('key') as CryptoKey;
    expect(key.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();
  });

  it('refuses a sealed value moved to another record, tampered with, or opened with another user’s key', async () => {
    const storage = memoryStorage();
    const store = await DeviceStore.open('u1', storage);
    const record = newVisit(task, body(), [], { visitId: 'v1', now: new Date() });
    await store.putVisit(record);
    const sealed = storage.raw.get('visits')?.get('v1');
    storage.raw.get('visits')?.set('v2', sealed);
    await expect(store.visit('v2')).rejects.toThrow();
    const other = await DeviceStore.open('u2', memoryStorage());
    const key2 = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    const s = await seal(key2, new TextEncoder().encode('x'), 'p');
    const bad = { iv: s.iv, data: s.data.slice(0) };
    new Uint8Array(bad.data)[0] ^= 1;
    await expect(open(key2, bad, 'p')).rejects.toThrow();
    await expect(open(key2, s, 'q')).rejects.toThrow();
    expect(await other.visit('v1')).toBeNull();
  });

  it('keeps the tasks of every kind side by side, soonest due first, and reads a record stored by the earlier app as a case investigation', async () => {
    const storage = memoryStorage();
    const store = await DeviceStore.open('u1', storage);
    const review: AssignedReviewVisit = {
      kind: 'review',
      countyCode: '211221',
      reviewId: 'case-1',
      enrollmentId: 'e-1',
      program: 'dibao',
      trigger: 'scheduled',
      reportedChange: null,
      base: { version: 1, state: 'opened' },
      openedOn: '2026-12-01',
      dueDate: '2026-12-10',
      areaCode: '211221101200',
      areaName: '新台子村',
      household: { id: 'h-2', address: '新台子镇新台子村一组3号', headName: '刘玉芬', members: [] },
    };
    await store.saveTasks([task, review], '2026-12-05T01:00:00.000Z');
    expect((await store.tasks()).map((t) => t.kind)).toEqual(['review', 'investigation']);
    expect(await store.task({ kind: 'review', countyCode: '211221', id: 'case-1' })).toEqual(review);
    expect(storedText(storage)).not.toContain('刘玉芬');
    // A record of the earlier app: no kind, keyed by caseId, named by applicantName.
    const { kind: _k, target: _t, title: _n, ...old } = newVisit(task, body(), [], { visitId: 'v-old', now: new Date('2026-12-04T02:00:00Z') });
    await storage.put('visits', 'v-old', await sealJson(storage.raw.get('meta')?.get('key') as CryptoKey, { ...old, caseId: 'case-1', countyCode: '211221', applicantName: '张秀兰' }, 'u1|visits|v-old'));
    const read = await store.visit('v-old');
    expect(read).toMatchObject({ kind: 'investigation', target: { kind: 'investigation', countyCode: '211221', id: 'case-1' }, title: '张秀兰', status: 'pending' });
  });

  it('keeps a record through a conflict until it is discarded; sign-out removes everything', async () => {
    const storage = memoryStorage();
    const store = await DeviceStore.open('u1', storage);
    const r = newVisit(task, body(), [{ id: 'f1', kind: 'signature', role: 'applicant', name: '申请人签名.png', mediaType: 'image/png' }], { visitId: 'v1', now: new Date() });
    await store.putVisit(r);
    await store.putFile('f1', new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' }));
    const conflicted = afterSync(r, { kind: 'conflict', message: { zh: '案件已变化', en: 'The case changed' } });
    await store.putVisit(conflicted);
    expect((await store.visit('v1'))?.status).toBe('conflict');
    expect((await store.visit('v1'))?.body).toEqual(r.body);
    expect(await store.file('f1')).not.toBeNull();
    // A new download without that case keeps the record all the same.
    await store.saveTasks([], '2026-12-06T01:00:00.000Z');
    expect(await store.tasks()).toEqual([]);
    expect((await store.visits()).map((v) => v.visitId)).toEqual(['v1']);
    await store.deleteVisit('v1');
    expect(await store.visits()).toEqual([]);
    expect(await store.file('f1')).toBeNull();
    await store.putVisit(r);
    await store.destroy();
    expect([...storage.raw.values()].every((m) => m.size === 0)).toBe(true);
  });
});
