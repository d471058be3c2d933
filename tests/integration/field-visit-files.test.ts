import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_PERMISSIONS, ROLES } from '../../src/contracts/roles.ts';
import { REVIEW_TRANSITIONS } from '../../src/workflow/review-transitions.ts';
import { TRANSITIONS } from '../../src/workflow/transitions.ts';
import type { Client } from '../factories/api.ts';
import { testServer } from '../factories/api.ts';
import { jpegWithGps } from '../factories/evidence.ts';
import { type RawSession, rawLogin } from '../factories/raw-session.ts';
import { insertCampaign, insertLedgerRow } from '../factories/screening-ledger.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';
import { type Crew, drive, newHousehold, ok, sessionFor, TestClock, url } from './cases-flow.ts';
import { enrollDirect, reviewUrl, workedExample } from './enrollments-flow.ts';

const COUNTY = '211221';

/**
 * 外出走访的照片和签名 The photos and signatures of the review, screening and spot visits (issue 17 point 4; ADR 0050,
 * 0051 amended), through the API on both databases, uploaded as the phone's sync uploads them — before the visit —, by
 * the role each visit is assigned to (the user's own `GET /api/field-visits` lists it): a review visit's on the reviewed
 * household (`registry.write`, held by the township caseworker who takes the review's investigation), a screening row's
 * on the ledger row (`screening.fill`, the village assistant), a spot visit's as case files of the sampled case's
 * `spot_visit` step (`cases.approve`, the county approver); each owner offering 签名. A role that does not make the
 * visit is refused (403), another area's owner not found (404); nothing is stored by a refusal; the records and upload
 * events are read back with SQL written here.
 */
describe(`field visits' photos and signatures (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  let crew: Crew;
  let cwB: Client;
  const clock = new TestClock('2019-08-01');
  const day = '2019-09-02';
  let spot: { countyCode: string; id: string; version: number };
  let review: { countyCode: string; id: string; version: number; state: string; householdId: string };
  const campaignId = 'sc-visit-files';
  const hhNo = 'VF001';
  const raw: Record<string, RawSession> = {};
  let photo: Buffer;
  let signature: Buffer;

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'vff_va', 'village_assistant', AREAS.village);
    await makeUser(db, 'vff_cw', 'township_caseworker', AREAS.township);
    await makeUser(db, 'vff_cwb', 'township_caseworker', AREAS.siblingTownship);
    await makeUser(db, 'vff_rv', 'township_reviewer', AREAS.township);
    await makeUser(db, 'vff_ap', 'county_approver', AREAS.county);
    await makeUser(db, 'vff_ap_o', 'county_approver', AREAS.otherCounty);
    app = await testServer(db, clock.fn);
    crew = { va: await sessionFor(app, 'vff_va'), cw: await sessionFor(app, 'vff_cw'), rv: await sessionFor(app, 'vff_rv'), ap: await sessionFor(app, 'vff_ap') };
    cwB = await sessionFor(app, 'vff_cwb');
    // A staff relative's case is always sampled: at the county, drawn, waiting for its spot visit.
    await drive(crew, clock, await newHousehold(crew.cw, AREAS.village, '抽访材料'), 'county_review', '2019-08-01', { staffRelative: true });
    clock.set('2019-08-14');
    const draw = await ok(crew.ap, 'POST', '/api/spot-checks', { area: AREAS.township, seed: 7 });
    const item = draw.items.find((x: { sampled: boolean }) => x.sampled);
    const c = await ok(crew.ap, 'GET', url({ countyCode: draw.countyCode, id: item.caseId }));
    spot = { countyCode: c.countyCode, id: c.id, version: c.version };
    // A periodic review opened in the village, waiting for its investigation.
    clock.set(day);
    const e = await enrollDirect(db, await workedExample(crew.cw, AREAS.village, '复核材料'), { startMonth: '2019-06' });
    review = await ok(crew.cw, 'POST', '/api/reviews', { enrollment: { countyCode: COUNTY, id: e.id }, trigger: 'scheduled' });
    // A ledger row of an open campaign in the village, not yet checked.
    const at = `${day}T01:00:00.000Z`;
    await insertCampaign(db, { id: campaignId, area_code: AREAS.county, year: 2019, deadline: '2019-12-31', row_count: 1, opened_at: at });
    await insertLedgerRow(db, { campaign_id: campaignId, county_code: COUNTY, hh_no: hhNo, seq: 1, snapshot_id: 'snap-vf', area_code: AREAS.village, head_name: '核查材料户', status: 'out', updated_at: at });
    // Sessions on the clock as it now stands (the raw uploads do not log in again).
    for (const u of ['vff_va', 'vff_cw', 'vff_cwb', 'vff_rv', 'vff_ap', 'vff_ap_o']) raw[u] = await rawLogin(app, u);
    photo = await jpegWithGps();
    signature = await sharp({ create: { width: 300, height: 120, channels: 4, background: { r: 255, g: 255, b: 255, alpha: 1 } } })
      .png()
      .toBuffer();
  }, 240_000);
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  /** An upload as the phone's sync sends it: the raw file, the owner's query. */
  const upload = (user: string, path: string, q: Record<string, string>, body: Buffer, type: string) =>
    raw[user].inject({ method: 'POST', url: `${path}?${new URLSearchParams(q)}`, headers: { 'content-type': type }, payload: body });
  const sendBoth = async (user: string, path: string, extra: Record<string, string> = {}) => {
    const p = await upload(user, path, { ...extra, type: 'photo', name: '照片1.jpg' }, photo, 'image/jpeg');
    const s = await upload(user, path, { ...extra, type: 'signature', name: '申请人签名.png' }, signature, 'image/png');
    return [p, s];
  };
  const fileRows = async () =>
    (
      // In the order uploaded: by the upload's event in the county's chain (the test clock gives both uploads one time).
      await sql<{ id: string; owner_kind: string; owner_id: string; case_id: string | null; step: string | null; document_type: string; media_type: string }>`
        select f.id, f.owner_kind, f.owner_id, f.case_id, f.step, f.document_type, f.media_type from case_file f
        join audit_event a on a.action = 'case_file.upload' and a.entity_id = f.id order by a.chain, a.seq`.execute(db.kysely)
    ).rows;
  const uploadEvents = async () =>
    (await sql<{ entity_id: string; detail: string }>`select entity_id, detail from audit_event where action = 'case_file.upload' order by seq`.execute(db.kysely)).rows.map((r) => ({
      id: r.entity_id,
      ...JSON.parse(r.detail),
    }));
  const assigned = async (client: Client, kind: string) => (await ok(client, 'GET', '/api/field-visits')).items.filter((v: { kind: string }) => v.kind === kind);

  it('every role a visit is assigned to holds the upload permission of the owner its files go to', () => {
    const holds = (perm: string) => ROLES.filter((r) => (ROLE_PERMISSIONS[r] as readonly string[]).includes(perm));
    // The review's investigation → the household's upload (registry.write).
    for (const r of REVIEW_TRANSITIONS.investigate.roles) expect(ROLE_PERMISSIONS[r]).toContain('registry.write');
    // The ledger's fill → the row's upload (screening.fill): the same permission.
    expect(holds('screening.fill')).toEqual(expect.arrayContaining(['village_assistant', 'township_caseworker']));
    // The spot visit → its step's files: the step's own permission, for every case kind that has the step.
    for (const table of Object.values(TRANSITIONS)) {
      const t = table.spot_visit;
      if (t && t.roles.length > 0) for (const r of t.roles) expect(ROLE_PERMISSIONS[r]).toContain(t.permission);
    }
  });

  it('a review visit: the township caseworker it is assigned to files its photo and signature on the reviewed household, then syncs the visit', async () => {
    const mine = await assigned(crew.cw, 'review');
    const task = mine.find((v: { reviewId: string }) => v.reviewId === review.id);
    expect(task.household.id).toBe(review.householdId);
    expect((await assigned(cwB, 'review')).map((v: { reviewId: string }) => v.reviewId)).not.toContain(review.id);
    const path = `/api/households/${COUNTY}/${task.household.id}/files`;
    const before = (await fileRows()).length;
    // Not the visiting role: the township reviewer changes no household; another township does not find it.
    expect((await upload('vff_rv', path, { type: 'signature', name: 'x.png' }, signature, 'image/png')).statusCode).toBe(403);
    expect((await upload('vff_cwb', path, { type: 'signature', name: 'x.png' }, signature, 'image/png')).statusCode).toBe(404);
    expect((await fileRows()).length).toBe(before);

    const [p, s] = await sendBoth('vff_cw', path);
    expect(p.statusCode, p.body).toBe(200);
    expect(s.statusCode, s.body).toBe(200);
    const rows = (await fileRows()).slice(before);
    expect(rows.map((r) => [r.owner_kind, r.owner_id, r.case_id, r.step, r.document_type, r.media_type])).toEqual([
      ['household', review.householdId, null, null, 'photo', 'image/jpeg'],
      ['household', review.householdId, null, null, 'signature', 'image/png'],
    ]);
    const events = (await uploadEvents()).filter((e) => rows.some((r) => r.id === e.id));
    expect(events.map((e) => [e.owner, e.ownerId, e.type])).toEqual([
      ['household', review.householdId, 'photo'],
      ['household', review.householdId, 'signature'],
    ]);
    // The visit itself after its files, as the phone sends it; the household's files are still there, listed to the reviewer.
    const visitId = crypto.randomUUID();
    await ok(crew.cw, 'POST', reviewUrl(COUNTY, review.id, 'field-visit'), {
      version: review.version,
      investigators: ['王调查', '赵调查'],
      investigatedOn: day,
      homeVisitOn: day,
      findings: '入户核实，家庭情况无变化',
      attachments: ['照片1.jpg', '申请人签名.png'],
      visitId,
      recordedAt: `${day}T01:30:00.000Z`,
      baseState: 'opened',
    });
    const listed = await ok(crew.rv, 'GET', path);
    expect(listed.items.map((i: { id: string }) => i.id).sort()).toEqual(rows.map((r) => r.id).sort());
  });

  it('a screening visit: the village assistant it is assigned to files its photo and signature on the ledger row', async () => {
    const mine = await assigned(crew.va, 'screening');
    expect(mine.map((v: { hhNo: string }) => v.hhNo)).toContain(hhNo);
    const path = `/api/screening/campaigns/${COUNTY}/${campaignId}/rows/${COUNTY}/${hhNo}/files`;
    const before = (await fileRows()).length;
    // The township reviewer reads the ledger but does not fill it; another township's caseworker does not find the row.
    expect((await upload('vff_rv', path, { type: 'signature', name: 'x.png' }, signature, 'image/png')).statusCode).toBe(403);
    expect((await upload('vff_cwb', path, { type: 'photo', name: 'x.jpg' }, photo, 'image/jpeg')).statusCode).toBe(404);
    expect((await fileRows()).length).toBe(before);

    const [p, s] = await sendBoth('vff_va', path);
    expect(p.statusCode, p.body).toBe(200);
    expect(s.statusCode, s.body).toBe(200);
    const rows = (await fileRows()).slice(before);
    expect(rows.map((r) => [r.owner_kind, r.owner_id, r.step, r.document_type])).toEqual([
      ['ledger_row', `${campaignId}/${hhNo}`, null, 'photo'],
      ['ledger_row', `${campaignId}/${hhNo}`, null, 'signature'],
    ]);
    const events = (await uploadEvents()).filter((e) => rows.some((r) => r.id === e.id));
    expect(events.map((e) => [e.owner, e.ownerId, e.type])).toEqual([
      ['ledger_row', `${campaignId}/${hhNo}`, 'photo'],
      ['ledger_row', `${campaignId}/${hhNo}`, 'signature'],
    ]);
    // The row drawer's files card lists them to the township's caseworker.
    expect((await ok(crew.cw, 'GET', path)).items.map((i: { documentType: string }) => i.documentType).sort()).toEqual(['photo', 'signature']);
  });

  it('a spot visit: the county approver it is assigned to files its photo and signature on the sampled case’s spot_visit step, then syncs the visit', async () => {
    const mine = await assigned(crew.ap, 'spot_check');
    expect(mine.map((v: { caseId: string }) => v.caseId)).toContain(spot.id);
    const path = url(spot, 'files');
    const before = (await fileRows()).length;
    // The township caseworker does not take the spot visit; another county's approver does not find the case.
    expect((await upload('vff_cw', path, { step: 'spot_visit', type: 'signature', name: 'x.png' }, signature, 'image/png')).statusCode).toBe(403);
    expect((await upload('vff_ap_o', path, { step: 'spot_visit', type: 'signature', name: 'x.png' }, signature, 'image/png')).statusCode).toBe(404);
    expect((await fileRows()).length).toBe(before);

    const [p, s] = await sendBoth('vff_ap', path, { step: 'spot_visit' });
    expect(p.statusCode, p.body).toBe(200);
    expect(s.statusCode, s.body).toBe(200);
    const rows = (await fileRows()).slice(before);
    expect(rows.map((r) => [r.owner_kind, r.owner_id, r.case_id, r.step, r.document_type])).toEqual([
      ['case', spot.id, spot.id, 'spot_visit', 'photo'],
      ['case', spot.id, spot.id, 'spot_visit', 'signature'],
    ]);
    const events = (await uploadEvents()).filter((e) => rows.some((r) => r.id === e.id));
    expect(events.map((e) => [e.case, e.step, e.type])).toEqual([
      [spot.id, 'spot_visit', 'photo'],
      [spot.id, 'spot_visit', 'signature'],
    ]);
    const synced = await ok(crew.ap, 'POST', url(spot, 'spot-visit/field-visit'), {
      version: spot.version,
      visitedOn: day,
      visitors: ['县抽查员甲', '县抽查员乙'],
      finding: 'consistent',
      note: '与档案相符',
      attachments: ['照片1.jpg', '申请人签名.png'],
      visitId: crypto.randomUUID(),
      recordedAt: `${day}T01:30:00.000Z`,
      baseState: 'county_review',
    });
    expect(synced.case.spotCheck).toBe('visited');
    const files = await ok(crew.ap, 'GET', url(spot, 'files'));
    expect(files.items.filter((f: { step: string }) => f.step === 'spot_visit').map((f: { documentType: string }) => f.documentType).sort()).toEqual(['photo', 'signature']);
  });

  it('a file sent again with its device key (the first answer lost) is answered with the first record; two sends at once file it once; a key is one file’s', async () => {
    const path = `/api/screening/campaigns/${COUNTY}/${campaignId}/rows/${COUNTY}/${hhNo}/files`;
    const before = (await fileRows()).length;
    const eventsBefore = (await uploadEvents()).length;
    const key = `${crypto.randomUUID()}-photo-0`;
    const q = { type: 'photo', name: '照片2.jpg', clientKey: key };
    const first = await upload('vff_va', path, q, photo, 'image/jpeg');
    expect(first.statusCode, first.body).toBe(200);
    const again = await upload('vff_va', path, q, photo, 'image/jpeg');
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    // Two sends at once (a retry while the first is still on its way): one record, both answered with it.
    const key2 = `${crypto.randomUUID()}-signature-applicant`;
    const both = await Promise.all([0, 1].map(() => upload('vff_va', path, { type: 'signature', name: '申请人签名.png', clientKey: key2 }, signature, 'image/png')));
    expect(both.map((r) => r.statusCode)).toEqual([200, 200]);
    expect(both[1].json().id).toBe(both[0].json().id);
    const rows = (await fileRows()).slice(before);
    expect(rows.map((r) => r.id)).toEqual([first.json().id, both[0].json().id]);
    expect((await uploadEvents()).length).toBe(eventsBefore + 2);
    const keys = await sql<{ id: string; client_key: string }>`select id, client_key from case_file where client_key is not null and id in (${sql.join(rows.map((r) => r.id))})`.execute(db.kysely);
    expect(Object.fromEntries(keys.rows.map((r) => [r.id, r.client_key]))).toEqual({ [first.json().id]: key, [both[0].json().id]: key2 });
    // A key is one file's: used for another owner (or by another user) it is refused, and nothing is stored.
    const other = await upload('vff_cw', `/api/households/${COUNTY}/${review.householdId}/files`, q, photo, 'image/jpeg');
    expect(other.statusCode, other.body).toBe(409);
    expect(other.json()).toMatchObject({ code: 'CASE_FILE_KEY_USED', field: 'clientKey' });
    expect(other.json().message.zh).toMatch(/文件标识已用于另一份材料/);
    // Not a device key: refused by the query's schema.
    expect((await upload('vff_va', path, { ...q, clientKey: 'x' }, photo, 'image/jpeg')).statusCode).toBe(400);
    expect((await fileRows()).length).toBe(before + 2);
  });
});
