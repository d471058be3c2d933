import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawLogin } from '../factories/raw-session.ts';
import { testServer } from '../factories/api.ts';
import { jpegWithGps } from '../factories/evidence.ts';
import { insertCampaign, insertLedgerRow } from '../factories/screening-ledger.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser, TEST_PASSWORD } from '../factories/users.ts';
import { newHousehold, sessionFor, TestClock } from './cases-flow.ts';

const COUNTY = AREAS.county.slice(0, 6);

/**
 * Files against a household, a screening ledger row and a finding (issue 17 point 1, ADR 0050): each with its owner's
 * permission to upload and to read, the area scope (another township's owner is not found, nothing stored), the owner's
 * document types, read-only once the row is concluded or the finding answered, the upload audited with its owner.
 */
describe(`files against a household, a ledger row and a finding (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  const clock = new TestClock('2027-04-01');
  let household: { countyCode: string; id: string };
  const campaignId = 'sc-files-1';
  const hhNo = 'P0001';
  const findingId = 'fd-files-1';

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'ofva', 'village_assistant', AREAS.village);
    await makeUser(db, 'ofcw', 'township_caseworker', AREAS.township);
    await makeUser(db, 'ofcw_b', 'township_caseworker', AREAS.siblingTownship);
    await makeUser(db, 'ofrv', 'township_reviewer', AREAS.township);
    await makeUser(db, 'ofau', 'auditor', AREAS.city);
    app = await testServer(db, clock.fn);
    household = await newHousehold(await sessionFor(app, 'ofva'), AREAS.village, '档');
    const at = '2027-04-01T01:00:00.000Z';
    await insertCampaign(db, { id: campaignId, area_code: AREAS.county, year: 2027, deadline: '2027-06-30', row_count: 1, opened_at: at });
    await insertLedgerRow(db, {
      campaign_id: campaignId,
      county_code: COUNTY,
      hh_no: hhNo,
      seq: 1,
      snapshot_id: 'snap-1',
      area_code: AREAS.village,
      head_name: '申建国档',
      status: 'poor',
      member_count: 3,
      matched_household_id: household.id,
      updated_at: at,
    });
    await db.kysely
      .insertInto('finding')
      .values({
        county_code: COUNTY,
        id: findingId,
        rule: 'REGISTRY_MISMATCH',
        fingerprint: 'fp-files-1',
        area_code: AREAS.village,
        township_code: AREAS.township,
        village_code: AREAS.village,
        household_id: household.id,
        person_id: null,
        enrollment_id: null,
        case_id: null,
        roll_id: null,
        line_seq: null,
        facts: '{}',
        status: 'open',
        first_found_at: at,
        last_found_at: at,
        last_run_id: 'run-1',
        seen_in_last_run: 1,
        reopened_count: 0,
        due_on: '2027-04-20',
        campaign_id: null,
        answer_action: null,
        answer_evidence: null,
        answered_by: null,
        answered_by_name: null,
        answered_at: null,
        sent_back_count: 0,
        closed_by: null,
        closed_by_name: null,
        closed_at: null,
        close_note: null,
        version: 1,
        created_at: at,
        updated_at: at,
      })
      .execute();
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  const paths = {
    household: () => `/api/households/${household.countyCode}/${household.id}/files`,
    row: () => `/api/screening/campaigns/${COUNTY}/${campaignId}/rows/${COUNTY}/${hhNo}/files`,
    finding: () => `/api/findings/${COUNTY}/${findingId}/files`,
  };
  async function upload(user: string, path: string, q: Record<string, string>, body: Buffer, type = 'image/jpeg') {
    const s = await rawLogin(app, user, TEST_PASSWORD);
    return s.inject({ method: 'POST', url: `${path}?${new URLSearchParams(q)}`, headers: { 'content-type': type }, payload: body });
  }
  async function get(user: string, path: string) {
    const s = await rawLogin(app, user, TEST_PASSWORD);
    return s.inject({ method: 'GET', url: path });
  }
  const rows = async () => Number((await db.kysely.selectFrom('case_file').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const uploadEvent = async (id: string) =>
    JSON.parse((await db.kysely.selectFrom('audit_event').select('detail').where('action', '=', 'case_file.upload').where('entity_id', '=', id).executeTakeFirstOrThrow()).detail ?? '{}');

  it('a household: uploaded by whoever may change it, read by the registry’s readers, not found in another township', async () => {
    const photo = await jpegWithGps();
    const res = await upload('ofva', paths.household(), { type: 'id_hukou', name: '户口簿.jpg' }, photo);
    expect(res.statusCode, res.body).toBe(200);
    const f = res.json();
    expect(f).toMatchObject({ ownerKind: 'household', ownerId: household.id, caseId: null, step: null, documentType: 'id_hukou', hasPreview: true, keptLocation: false });
    expect(await uploadEvent(f.id)).toMatchObject({ owner: 'household', ownerId: household.id, household: household.id, digest: f.digest });
    // The household offers no 申请书 (that belongs to a case's application).
    const wrong = await upload('ofva', paths.household(), { type: 'application', name: 'x.jpg' }, photo);
    expect([wrong.statusCode, wrong.json().code]).toEqual([422, 'CASE_FILE_TYPE']);

    const list = await get('ofcw', paths.household());
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((i: { id: string }) => i.id)).toEqual([f.id]);
    // The auditor reads the registry (and downloads), but does not change households: no upload.
    expect((await get('ofau', `/api/files/${f.countyCode}/${f.id}`)).statusCode).toBe(200);
    expect((await upload('ofau', paths.household(), { type: 'photo', name: 'x.jpg' }, photo)).statusCode).toBe(403);
    // Another township: the household, its list and the file are not found; nothing is stored.
    const n = await rows();
    expect((await upload('ofcw_b', paths.household(), { type: 'photo', name: 'x.jpg' }, photo)).statusCode).toBe(404);
    expect((await get('ofcw_b', paths.household())).statusCode).toBe(404);
    expect((await get('ofcw_b', `/api/files/${f.countyCode}/${f.id}`)).statusCode).toBe(404);
    expect(await rows()).toBe(n);
  });

  it('a screening ledger row: filled by the row’s staff (the visit’s location kept on request), read-only once concluded', async () => {
    const photo = await jpegWithGps();
    const res = await upload('ofva', paths.row(), { type: 'photo', name: '入户照片.jpg', keepLocation: 'true' }, photo);
    expect(res.statusCode, res.body).toBe(200);
    const f = res.json();
    expect(f).toMatchObject({ ownerKind: 'ledger_row', ownerId: `${campaignId}/${hhNo}`, documentType: 'photo', keptLocation: true });
    expect(await uploadEvent(f.id)).toMatchObject({ owner: 'ledger_row', ownerId: `${campaignId}/${hhNo}`, household: household.id });
    const dl = await get('ofcw', `/api/files/${f.countyCode}/${f.id}`);
    expect(dl.statusCode).toBe(200);
    expect((await sharp(dl.rawPayload).metadata()).exif).toBeDefined();

    // The reviewer reads the ledger but does not fill it; another township's caseworker does not find the row.
    expect((await upload('ofrv', paths.row(), { type: 'photo', name: 'x.jpg' }, photo)).statusCode).toBe(403);
    expect((await get('ofrv', paths.row())).json().items).toHaveLength(1);
    const n = await rows();
    expect((await upload('ofcw_b', paths.row(), { type: 'photo', name: 'x.jpg' }, photo)).statusCode).toBe(404);
    expect((await get('ofcw_b', paths.row())).statusCode).toBe(404);
    expect((await upload('ofva', paths.row(), { type: 'application', name: 'x.jpg' }, photo)).statusCode).toBe(422);

    await db.kysely.updateTable('screening_row').set({ conclusion: 'not_eligible', concluded_on: '2027-04-01' }).where('campaign_id', '=', campaignId).execute();
    const late = await upload('ofva', paths.row(), { type: 'photo', name: 'late.jpg' }, photo);
    expect([late.statusCode, late.json().code]).toEqual([409, 'CASE_FILES_READ_ONLY']);
    expect(await rows()).toBe(n);
  });

  it('a finding: the township’s answer’s evidence, by whoever answers, read by the findings’ readers, read-only once answered', async () => {
    const photo = await jpegWithGps();
    // The village assistant does not answer findings.
    expect((await upload('ofva', paths.finding(), { type: 'photo', name: 'x.jpg' }, photo)).statusCode).toBe(403);
    const res = await upload('ofcw', paths.finding(), { type: 'visit_form', name: '整改入户核查表.jpg' }, photo);
    expect(res.statusCode, res.body).toBe(200);
    const f = res.json();
    expect(f).toMatchObject({ ownerKind: 'finding', ownerId: findingId, caseId: null, documentType: 'visit_form', keptLocation: false });
    expect(await uploadEvent(f.id)).toMatchObject({ owner: 'finding', ownerId: findingId });
    expect((await get('ofau', paths.finding())).json().items.map((i: { id: string }) => i.id)).toEqual([f.id]);
    expect((await get('ofau', `/api/files/${f.countyCode}/${f.id}/preview`)).statusCode).toBe(200);
    // The village assistant reads cases but not findings: the finding's file is refused to them.
    expect((await get('ofva', `/api/files/${f.countyCode}/${f.id}`)).statusCode).toBe(403);

    const n = await rows();
    expect((await upload('ofcw_b', paths.finding(), { type: 'photo', name: 'x.jpg' }, photo)).statusCode).toBe(404);
    expect((await get('ofcw_b', paths.finding())).statusCode).toBe(404);
    expect((await get('ofcw_b', `/api/files/${f.countyCode}/${f.id}`)).statusCode).toBe(404);
    await db.kysely.updateTable('finding').set({ status: 'answered' }).where('id', '=', findingId).execute();
    const late = await upload('ofcw', paths.finding(), { type: 'photo', name: 'late.jpg' }, photo);
    expect([late.statusCode, late.json().code]).toEqual([409, 'CASE_FILES_READ_ONLY']);
    expect(await rows()).toBe(n);

    // The household's archive lists the three owners' files (filed against the household).
    const s = await rawLogin(app, 'ofcw', TEST_PASSWORD);
    const archive = (await s.inject({ method: 'GET', url: `/api/households/${household.countyCode}/${household.id}/archive` })).json();
    expect(archive.counts.files).toBe(3);
    // The village assistant reads cases, the registry and the ledger, not findings: the finding's evidence is not in
    // their archive, nor in their bound PDF.
    const v = await rawLogin(app, 'ofva', TEST_PASSWORD);
    const theirs = (await v.inject({ method: 'GET', url: `/api/households/${household.countyCode}/${household.id}/archive` })).json();
    expect(theirs.counts.files).toBe(2);
    expect(theirs.files.map((x: { ownerKind: string }) => x.ownerKind).sort()).toEqual(['household', 'ledger_row']);
    const pdf = await v.inject({ method: 'GET', url: `/api/households/${household.countyCode}/${household.id}/archive.pdf` });
    expect(pdf.statusCode).toBe(200);
    expect(Number(pdf.headers['x-archive-documents'])).toBe(2);
  });
});
