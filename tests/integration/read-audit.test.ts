import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/db/audit.ts';
import { type Client, loginAs, testServer } from '../factories/api.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';
import { newHousehold } from './cases-flow.ts';

interface Item {
  actor: string;
  action: string;
  entityId: string | null;
  searched: string | null;
  detail: Record<string, unknown>;
}

/** Waits for the group commit of reads (ADR 0009) that a refused request does not wait for. */
const settle = () => new Promise((r) => setTimeout(r, 100));

/**
 * The read audit (issue 9 point 17): single-record reads, reveals, the text of every search and refused access are in
 * the trail, and an auditor can answer "who looked at this person, when, and what did they search for" — without the
 * trail itself holding the names or numbers searched for.
 */
describe(`read audit: who looked at this person (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  const c: Record<string, Client> = {};
  let h: Awaited<ReturnType<typeof newHousehold>>;

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'ra_cw', 'township_caseworker', AREAS.township);
    await makeUser(db, 'ra_other', 'township_caseworker', AREAS.siblingTownship);
    await makeUser(db, 'ra_sup', 'city_supervisor', AREAS.city);
    await makeUser(db, 'ra_aud', 'auditor', AREAS.city);
    await makeUser(db, 'ra_sys', 'system_admin', AREAS.city);
    app = await testServer(db);
    for (const u of ['ra_cw', 'ra_other', 'ra_sup', 'ra_aud', 'ra_sys']) c[u] = await loginAs(app, u);
    h = await newHousehold(c.ra_cw, AREAS.village, '审读');
  });
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  it('records reads, reveals, searches with their text, and refusals; the auditor finds each of them for the person', async () => {
    const head = h.members.find((m) => m.relation === 'head')!;
    const spouse = h.members.find((m) => m.relation === 'spouse')!;
    expect((await c.ra_cw.call('GET', `/api/households/${h.countyCode}/${h.id}`)).status).toBe(200);
    const revealed = await c.ra_cw.call('POST', `/api/households/${h.countyCode}/${h.id}/reveal`, { fields: [{ field: 'idNumber', personId: spouse.id }] });
    expect(revealed.json.idNumbers[spouse.id]).toBe(spouse.idNumber);
    expect((await c.ra_cw.call('GET', `/api/households?q=${encodeURIComponent(head.name.slice(0, 2))}`)).json.total).toBeGreaterThan(0);
    expect((await c.ra_sup.call('GET', `/api/households?q=${spouse.idNumber}`)).json.items.map((i: { id: string }) => i.id)).toEqual([h.id]);
    // Another township's caseworker tries the household and its reveal: not found, refused.
    expect((await c.ra_other.call('GET', `/api/households/${h.countyCode}/${h.id}`)).status).toBe(404);
    expect((await c.ra_other.call('POST', `/api/households/${h.countyCode}/${h.id}/reveal`, { fields: [{ field: 'bankAccount' }] })).status).toBe(404);
    // A search for somebody else entirely: not this person's.
    await c.ra_cw.call('GET', `/api/households?q=${encodeURIComponent('无此人')}`);
    await settle();

    const r = await c.ra_aud.call('POST', '/api/audit/person-access', { idNumber: head.idNumber });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.json).toMatchObject({ county: h.countyCode, householdId: h.id });
    const items = r.json.items as Item[];
    const has = (actor: string, action: string, f: (i: Item) => boolean = () => true) => items.some((i) => i.actor === actor && i.action === action && f(i));
    expect(has('ra_cw', 'registry.read', (i) => i.entityId === h.id)).toBe(true);
    expect(has('ra_cw', 'registry.reveal', (i) => JSON.stringify(i.detail).includes(spouse.id))).toBe(true);
    expect(has('ra_cw', 'registry.search', (i) => i.searched === head.name.slice(0, 2))).toBe(true);
    expect(has('ra_sup', 'registry.search', (i) => i.searched === spouse.idNumber)).toBe(true);
    expect(has('ra_other', 'access.refused', (i) => i.entityId === h.id && i.detail.code === 'NOT_FOUND')).toBe(true);
    expect(items.filter((i) => i.actor === 'ra_other').length).toBe(2);
    expect(items.some((i) => i.searched === '无此人')).toBe(false);
    // By household, the same answer.
    const byHousehold = await c.ra_aud.call('POST', '/api/audit/person-access', { county: h.countyCode, householdId: h.id });
    expect(byHousehold.json.items.length).toBeGreaterThanOrEqual(items.length);
  });

  it('keeps the searched names and numbers out of the chain itself, and the chain verifies', async () => {
    const events = await db.kysely.selectFrom('audit_event').selectAll().execute();
    const text = JSON.stringify(events);
    for (const m of h.members) {
      expect(text).not.toContain(m.idNumber);
      expect(text).not.toContain(m.name.slice(0, 2));
    }
    const sealed = await db.kysely.selectFrom('audit_search_text').selectAll().execute();
    expect(sealed.length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(sealed)).not.toContain(h.members[0].name.slice(0, 2));
    expect((await verifyAudit(db.kysely)).ok).toBe(true);
  });

  it('answers the auditor alone, audits the question, and says clearly when nobody is registered', async () => {
    for (const u of ['ra_sys', 'ra_sup', 'ra_cw']) {
      const r = await c[u].call('POST', '/api/audit/person-access', { county: h.countyCode, householdId: h.id });
      expect([u, r.status, r.json.code]).toEqual([u, 403, 'PERMISSION_DENIED']);
    }
    const none = await c.ra_aud.call('POST', '/api/audit/person-access', { county: h.countyCode, householdId: 'no-such' });
    expect([none.status, none.json.code]).toEqual([404, 'PERSON_NOT_REGISTERED']);
    const asked = await db.kysely.selectFrom('audit_event').select('actor_name').where('action', '=', 'audit.person_access').execute();
    expect(asked.map((a) => a.actor_name)).toEqual(['ra_aud', 'ra_aud']);
  });

  it('records reading a household’s enrollments as a read of that household', async () => {
    expect((await c.ra_cw.call('GET', `/api/households/${h.countyCode}/${h.id}/enrollments`)).status).toBe(200);
    await settle();
    const e = await db.kysely.selectFrom('audit_event').selectAll().where('action', '=', 'enrollment.list').where('entity_id', '=', h.id).execute();
    expect(e.map((x) => x.actor_name)).toEqual(['ra_cw']);
  });
});
