import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXCHANGE_HEADERS } from '../../src/commands/poverty/exchange-columns.ts';
import { openIdNumber } from '../../src/db/personal-data.ts';
import { EnrollmentRepo } from '../../src/db/enrollment-repo.ts';
import { scopeOf } from '../../src/db/scope.ts';
import { testServer } from '../factories/api.ts';
import { seedHouseholds } from '../factories/bulk-households.ts';
import { runDoudi } from '../factories/cli.ts';
import { insertPovertySnapshot } from '../factories/poverty.ts';
import { type RawSession, rawLogin } from '../factories/raw-session.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';
import { TestClock } from './cases-flow.ts';
import { enrollDirect, type Household } from './enrollments-flow.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const A = '211221';
const B = '211223';

async function readRows(body: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as never);
  const out: string[][] = [];
  wb.worksheets[0].eachRow({ includeEmpty: true }, (row, n) => {
    out[n - 1] = (row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)));
  });
  return out.map((r) => r ?? []);
}

describe(`dual-inclusion lists and the exchange with the poverty office (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  const clock = new TestClock('2026-06-15');
  const s = new Map<string, RawSession>();
  /** doudi's households H1…H6 (index 0…5) and their members' clear ID numbers. */
  let hh: { county_code: string; id: string; area_code: string }[] = [];
  const ids = new Map<string, string[]>();
  const personIds = new Map<string, string[]>();

  const get = async (user: string, url: string) => {
    const r = await s.get(user)!.inject({ method: 'GET', url });
    return { status: r.statusCode, json: r.statusCode === 200 && r.headers['content-type']?.toString().includes('json') ? r.json() : r.body, raw: r };
  };
  const ok = async (user: string, url: string) => {
    const r = await get(user, url);
    expect(r.status, `${user} ${url}: ${r.status === 200 ? '' : String(r.json)}`).toBe(200);
    return r.json;
  };
  const events = (action: string) => db.kysely.selectFrom('audit_event').select(['actor_name', 'detail', 'chain', 'entity_id']).where('action', '=', action).execute();

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'liaison', 'poverty_liaison', AREAS.city);
    await makeUser(db, 'dca', 'county_admin', AREAS.county);
    await makeUser(db, 'dtw', 'township_caseworker', AREAS.township);
    app = await testServer(db, clock.fn);
    for (const u of ['liaison', 'dca', 'dtw']) s.set(u, await rawLogin(app, u));
    hh = await seedHouseholds(db, {
      villages: [AREAS.village, AREAS.village, AREAS.otherVillage, AREAS.siblingVillage, AREAS.village, AREAS.otherCountyVillage],
      count: 6,
      headNames: ['户主'],
      spouseNames: ['配偶'],
      prefix: 'dh',
      at: '2026-01-01T00:00:00.000Z',
    });
    for (const h of hh) {
      const members = await db.kysely.selectFrom('person').selectAll().where('county_code', '=', h.county_code).where('household_id', '=', h.id).orderBy('id').execute();
      ids.set(h.id, members.map((m) => openIdNumber(db.keys, m)));
      personIds.set(h.id, members.map((m) => m.id));
    }
    const house = (i: number): Household => ({ countyCode: hh[i].county_code, id: hh[i].id, areaCode: hh[i].area_code, members: [] });
    await enrollDirect(db, house(0), { startMonth: '2026-01' });
    await enrollDirect(db, house(1), { startMonth: '2026-01' });
    // H3 on tekun: enrolled as a dibao household, then the programme set by hand (the tekun rules are not this test's).
    const tekun = await enrollDirect(db, house(2), { startMonth: '2026-01' });
    await db.kysely.updateTable('enrollment').set({ program: 'tekun' }).where('county_code', '=', A).where('id', '=', tekun.id).execute();
    const ended = await enrollDirect(db, house(4), { startMonth: '2026-01' });
    await enrollDirect(db, house(5), { startMonth: '2026-01' });
    // H5's enrollment ended from March: not in force in June.
    await new EnrollmentRepo(db.kysely, scopeOf(AREAS.city)).insertTerms([
      { county_code: A, enrollment_id: ended.id, from_month: '2026-03', status: 'ended', amount_fen: 0, basis: 'stop', reasons: null, determination: null, actor_id: null, actor_name: 'test', created_at: '2026-03-01T00:00:00.000Z' },
    ]);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  it('says no snapshot has been imported yet', async () => {
    const o = await ok('dca', '/api/poverty/dual-inclusion');
    expect(o.snapshots).toEqual([]);
    expect(o.area).toMatchObject({ registeredPoor: 0, referral: 0, rate: null });
    const page = await ok('dca', '/api/poverty/lists/referral');
    expect(page).toMatchObject({ items: [], total: 0 });
  });

  it('builds the four lists from the latest snapshot and the enrollments in force', async () => {
    const [h1, h2, h3, h4, h5] = hh.map((h) => ids.get(h.id)!);
    // An older snapshot of the city: ignored once a newer one is there.
    await insertPovertySnapshot(db, { importedAt: '2026-01-01T00:00:00.000Z', households: [{ hhNo: 'OLD1', villageCode: AREAS.village, persons: [{ name: '旧户', idNumber: h2[0] }] }] });
    const snap = await insertPovertySnapshot(db, {
      importedAt: '2026-05-01T00:00:00.000Z',
      households: [
        { hhNo: 'P1', villageCode: AREAS.village, attribute: 'dibao', status: 'poor', persons: [{ name: '户主0', idNumber: h1[0], relation: '户主' }, { name: '配偶0', idNumber: h1[1] }] },
        { hhNo: 'P3', villageCode: AREAS.village, attribute: 'general', persons: [{ name: '户主2', idNumber: h3[0], relation: '户主' }] },
        { hhNo: 'P4', villageCode: AREAS.siblingVillage, attribute: 'dibao', persons: [{ name: '户主3', idNumber: h4[0], relation: '户主' }] },
        { hhNo: 'P5', villageCode: AREAS.village, attribute: 'general', persons: [{ name: '户主4', idNumber: h5[0], relation: '户主' }] },
        { hhNo: 'P7', villageCode: AREAS.village, attribute: 'general', persons: [{ name: '王十五', idNumber: '211221700501123', relation: '户主' }, { name: '李无效', idNumber: 'abc' }] },
        { hhNo: 'P8', villageCode: AREAS.village, attribute: 'general', persons: [{ name: '赵建议', relation: '户主' }] },
      ],
    });
    // Matches by ID number for the persons doudi knows; P8's person only suggested (does not count).
    const matches: [number, number, string][] = [[0, 0, hh[0].id], [0, 1, hh[0].id], [1, 0, hh[2].id], [2, 0, hh[3].id], [3, 0, hh[4].id]];
    for (const [h, p, household] of matches) {
      await db.kysely
        .updateTable('poverty_person')
        .set({ match_county: A, match_person_id: personIds.get(household)![p], match_method: 'id', match_confidence: 100 })
        .where('snapshot_id', '=', snap.snapshotId)
        .where('person_key', '=', snap.personKeys[h][p])
        .execute();
    }
    await db.kysely
      .updateTable('poverty_person')
      .set({ match_county: A, match_person_id: personIds.get(hh[1].id)![0], match_method: 'suggested', match_confidence: 70 })
      .where('snapshot_id', '=', snap.snapshotId)
      .where('person_key', '=', snap.personKeys[5][0])
      .execute();

    const o = await ok('dca', '/api/poverty/dual-inclusion');
    expect(o.month).toBe('2026-06');
    expect(o.snapshots).toHaveLength(1);
    expect(o.snapshots[0]).toMatchObject({ countyCode: A, snapshotId: snap.snapshotId });
    expect(o.area).toMatchObject({ areaCode: AREAS.county, registeredPoor: 6, covered: 2, uncovered: 4, referral: 1, discrepancies: 9, rate: 0.3333 });
    const covered = await ok('dca', '/api/poverty/lists/covered');
    expect(covered.items.map((r: { hhNo: string }) => r.hhNo).sort()).toEqual(['P1', 'P3']);
    const p3 = covered.items.find((r: { hhNo: string }) => r.hhNo === 'P3');
    expect(p3).toMatchObject({ programs: ['tekun'], attribute: 'general', headName: '户主2' });
    expect(p3.headIdMasked).toMatch(/^211221\*{8}\d{3}[\dX]$/);
    const uncovered = await ok('dca', '/api/poverty/lists/uncovered');
    expect(uncovered.items.map((r: { hhNo: string }) => r.hhNo)).toEqual(['P5', 'P7', 'P8', 'P4']);
    const referral = await ok('dca', '/api/poverty/lists/referral');
    expect(referral.items).toHaveLength(1);
    expect(referral.items[0]).toMatchObject({ countyCode: A, householdId: hh[1].id, programs: ['dibao'], referral: null, memberCount: 2 });
    const disc = await ok('dca', '/api/poverty/lists/discrepancies?pageSize=100');
    const kinds = disc.items.map((r: { kind: string; hhNo: string; personName: string | null }) => `${r.kind}:${r.hhNo}:${r.personName ?? ''}`).sort();
    expect(kinds).toEqual(
      [
        'attribute_without_enrollment:P4:',
        'enrolled_but_general:P3:',
        'id_number:P7:王十五',
        'id_number:P7:李无效',
        // No ID number at all: not a valid one either.
        'id_number:P8:赵建议',
        'unknown:P7:王十五',
        'unknown:P7:李无效',
        'unknown:P8:赵建议',
        'village:P3:户主2',
      ].sort(),
    );
    const moved = disc.items.find((r: { kind: string }) => r.kind === 'village');
    expect(moved.doudiVillageName).not.toBe(moved.villageName);
    const idRows = await ok('dca', '/api/poverty/lists/discrepancies?kind=id_number');
    expect(idRows.total).toBe(3);
    expect(idRows.items.map((r: { idForm: string }) => r.idForm).sort()).toEqual(['15', 'invalid', 'invalid']);
    // Paging.
    const p2 = await ok('dca', '/api/poverty/lists/discrepancies?pageSize=3&page=3');
    expect(p2).toMatchObject({ total: 9, page: 3, pageSize: 3 });
    expect(p2.items).toHaveLength(3);
    expect((await events('poverty.lists.read')).length).toBeGreaterThan(0);
  });

  it('drills down from the county to townships and villages; a township user sees their township only', async () => {
    const o = await ok('dca', '/api/poverty/dual-inclusion');
    const t1 = o.children.find((c: { areaCode: string }) => c.areaCode === AREAS.township);
    const t2 = o.children.find((c: { areaCode: string }) => c.areaCode === AREAS.siblingTownship);
    expect(t1).toMatchObject({ registeredPoor: 5, covered: 2, uncovered: 3, referral: 1, rate: 0.4 });
    expect(t2).toMatchObject({ registeredPoor: 1, covered: 0, rate: 0 });
    const down = await ok('dca', `/api/poverty/dual-inclusion?area=${AREAS.township}`);
    expect(down.path.map((p: { code: string }) => p.code)).toEqual([AREAS.county, AREAS.township]);
    expect(down.children.find((c: { areaCode: string }) => c.areaCode === AREAS.village)).toMatchObject({ registeredPoor: 5, covered: 2 });

    const tw = await ok('dtw', '/api/poverty/dual-inclusion');
    expect(tw.area).toMatchObject({ areaCode: AREAS.township, registeredPoor: 5, covered: 2, referral: 1, discrepancies: 8 });
    expect(tw.path.map((p: { code: string }) => p.code)).toEqual([AREAS.township]);
    const twList = await ok('dtw', '/api/poverty/lists/uncovered');
    expect(twList.items.map((r: { hhNo: string }) => r.hhNo)).not.toContain('P4');
    expect((await get('dtw', `/api/poverty/dual-inclusion?area=${AREAS.siblingTownship}`)).status).toBe(403);
    expect((await get('dtw', `/api/poverty/lists/covered?area=${AREAS.county}`)).status).toBe(200);
  });

  it('the liaison sees the whole city, the lists and referrals, but no income, case or investigation', async () => {
    const o = await ok('liaison', '/api/poverty/dual-inclusion');
    expect(o.children.map((c: { areaCode: string }) => c.areaCode)).toEqual(expect.arrayContaining([`${A}000000`, `${B}000000`]));
    expect(o.children.find((c: { areaCode: string }) => c.areaCode === `${B}000000`)).toMatchObject({ registeredPoor: 0, referral: 1, rate: null });
    expect(o.area).toMatchObject({ registeredPoor: 6, referral: 2 });
    for (const list of ['covered', 'uncovered', 'referral', 'discrepancies']) {
      const page = await get('liaison', `/api/poverty/lists/${list}`);
      expect(page.status).toBe(200);
      expect(JSON.stringify(page.json)).not.toMatch(/amount|income|Fen|Yuan|asset|investigation/i);
    }
    expect((await get('liaison', `/api/households/${A}/${hh[0].id}`)).status).toBe(403);
    expect((await get('liaison', '/api/cases')).status).toBe(403);
    expect((await get('liaison', `/api/households?q=${encodeURIComponent('户主')}`)).status).toBe(403);
  });

  it('exports a list as a workbook, audited', async () => {
    const r = await get('dtw', '/api/poverty/lists/uncovered.xlsx');
    expect(r.status).toBe(200);
    const rows = await readRows(r.raw.rawPayload);
    expect(rows[0][0]).toBe('未纳入低保特困的建档立卡户');
    expect(rows[5]).toEqual(['户编号', '村（社区）', '户主姓名', '户主身份证号码', '家庭人数', '户属性', '脱贫状态', '脱贫年度', '在保项目']);
    expect(rows.slice(6).filter((x) => x.length > 0).map((x) => x[0])).toEqual(['P5', 'P7', 'P8']);
    const [e] = await events('poverty.lists.export');
    expect(e).toMatchObject({ actor_name: 'dtw', chain: A, entity_id: 'uncovered' });
    expect(JSON.parse(e.detail!)).toMatchObject({ rows: 3, list: 'uncovered' });
  });

  it('exports doudi’s dibao and tekun households in the poverty template’s layout, ID numbers in full, audited', async () => {
    expect((await get('dtw', '/api/poverty/exchange.xlsx')).status).toBe(403);
    const r = await get('liaison', '/api/poverty/exchange.xlsx');
    expect(r.status, String(r.json)).toBe(200);
    const rows = (await readRows(r.raw.rawPayload)).filter((x) => x.length > 0);
    expect(rows[0]).toEqual([...EXCHANGE_HEADERS]);
    expect(EXCHANGE_HEADERS).toEqual(['户编号', '县（市、区）', '乡镇（街道）', '村（社区）', '户主姓名', '成员姓名', '身份证号码', '与户主关系', '户属性', '主要致贫原因', '脱贫状态', '脱贫年度', '劳动能力', '健康状况', '残疾等级']);
    const body = rows.slice(1);
    // H1, H2, H3 (tekun), H6 (other county): two members each; H4 not enrolled, H5 ended.
    expect(body).toHaveLength(8);
    const households = new Set(body.map((x) => x[0]));
    expect(households).toEqual(new Set([0, 1, 2, 5].map((i) => `${hh[i].county_code}-${hh[i].id}`)));
    const idCol = EXCHANGE_HEADERS.indexOf('身份证号码');
    expect(body.map((x) => x[idCol]).sort()).toEqual([0, 1, 2, 5].flatMap((i) => ids.get(hh[i].id)!).sort());
    const attrCol = EXCHANGE_HEADERS.indexOf('户属性');
    expect(body.filter((x) => x[0] === `${A}-${hh[2].id}`).map((x) => x[attrCol])).toEqual(['特困供养贫困户', '特困供养贫困户']);
    expect(body.filter((x) => x[0] === `${A}-${hh[0].id}`).map((x) => x[attrCol])).toEqual(['低保贫困户', '低保贫困户']);
    expect(body.find((x) => x[0] === `${A}-${hh[0].id}`)![EXCHANGE_HEADERS.indexOf('与户主关系')]).toBe('户主');
    const [e] = await events('poverty.exchange.export');
    expect(e).toMatchObject({ actor_name: 'liaison', chain: 'city' });
    expect(JSON.parse(e.detail!)).toMatchObject({ rows: 8, households: 4, idNumbers: 'full' });
    // A county only, through the CLI, as the county administrator.
    const dir = mkdtempSync(join(tmpdir(), 'doudi-exchange-'));
    const cli = await runDoudi(db, ['poverty', 'export', '--out', join(dir, 'x.xlsx'), '--as', 'dca', '--json']);
    expect(cli.code, cli.stderr).toBe(0);
    expect(JSON.parse(cli.stdout)).toMatchObject({ rows: 6 });
  });

  it('refers the households not in the registry, imports the office’s reply (a bad file refused whole), shows it per referral', async () => {
    const r = await s.get('liaison')!.inject({ method: 'POST', url: '/api/poverty/referrals.xlsx' });
    expect(r.statusCode, r.body).toBe(200);
    const rows = (await readRows(r.rawPayload)).filter((x) => x.length > 0);
    const header = rows.findIndex((x) => x.includes('接收情况'));
    expect(rows[header]).toEqual(['户编号', '县（市、区）', '乡镇（街道）', '村（社区）', '户主姓名', '身份证号码', '家庭人数', '救助项目', '转介日期', '接收情况', '原因']);
    const listed = rows.slice(header + 1).map((x) => x[0]).sort();
    expect(listed).toEqual([`${A}-${hh[1].id}`, `${B}-${hh[5].id}`].sort());
    const referrals = await db.kysely.selectFrom('poverty_referral').selectAll().execute();
    expect(referrals).toHaveLength(2);
    expect(referrals.every((x) => x.status === 'open' && x.referred_on === '2026-06-15')).toBe(true);
    // A second export lists them again without referring them twice.
    const again = await runDoudi(db, ['poverty', 'referrals', '--out', join(mkdtempSync(join(tmpdir(), 'doudi-ref-')), 'r.xlsx'), '--as', 'liaison', '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ rows: 2, referred: 0 });
    expect(await db.kysely.selectFrom('poverty_referral').selectAll().execute()).toHaveLength(2);
    expect((await events('poverty.referrals.export')).length).toBe(2);

    const dir = mkdtempSync(join(tmpdir(), 'doudi-reply-'));
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, `户编号,接收情况,原因\n${A}-${hh[1].id},接收,\n${B}-${hh[5].id},不予接收,\n${A}-nosuch,接收,\n`);
    const refused = await runDoudi(db, ['poverty', 'replies', bad, '--as', 'liaison', '--json']);
    expect(refused.code).toBe(1);
    const report = JSON.parse(refused.stdout);
    expect(report).toMatchObject({ applied: false, problemCount: 2 });
    expect(report.problems.map((p: { row: number; code: string }) => `${p.row}:${p.code}`)).toEqual(['3:REPLY_REASON_REQUIRED', '4:REPLY_NO_OPEN_REFERRAL']);
    expect((await db.kysely.selectFrom('poverty_referral').selectAll().where('status', '=', 'open').execute()).length).toBe(2);

    const good = join(dir, 'good.csv');
    writeFileSync(good, `户编号,身份证号码,接收情况,原因,回复日期\n${A}-${hh[1].id},,接收,,2026-06-14\n,${ids.get(hh[5].id)![1]},不予接收,家庭人均收入高于扶贫标准,\n`);
    const applied = await runDoudi(db, ['poverty', 'replies', good, '--as', 'liaison', '--json']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(JSON.parse(applied.stdout)).toMatchObject({ applied: true, accepted: 1, refused: 1, rows: 2 });
    const page = await ok('liaison', '/api/poverty/lists/referral');
    const byId = new Map(page.items.map((x: { householdId: string; referral: unknown }) => [x.householdId, x.referral]));
    expect(byId.get(hh[1].id)).toMatchObject({ status: 'accepted', replyOn: '2026-06-14', replyReason: null });
    expect(byId.get(hh[5].id)).toMatchObject({ status: 'refused', replyReason: '家庭人均收入高于扶贫标准' });
    // No reply date given: the day of the import (the CLI's own clock).
    expect(byId.get(hh[5].id)).toHaveProperty('replyOn', expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/));
    const replies = await events('poverty.referral.reply');
    expect(replies).toHaveLength(2);
    expect(new Set(replies.map((e) => e.chain))).toEqual(new Set([A, B]));
    expect(await events('poverty.replies.import')).toHaveLength(1);
    // The same reply again: nothing open any more, refused whole.
    const twice = await runDoudi(db, ['poverty', 'replies', good, '--as', 'liaison', '--json']);
    expect(twice.code).toBe(1);
    // A file that is not a spreadsheet.
    const junk = join(dir, 'junk.xlsx');
    writeFileSync(junk, 'not a workbook');
    const j = await runDoudi(db, ['poverty', 'replies', junk, '--as', 'liaison', '--json']);
    expect(j.code).not.toBe(0);
    expect(j.stdout).toContain('UPLOAD_NOT_XLSX');
  });

  it('`doudi poverty lists --json` gives the counts and the rate per county', async () => {
    const r = await runDoudi(db, ['poverty', 'lists', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    const a = out.counties.find((c: { areaCode: string }) => c.areaCode === `${A}000000`);
    expect(a).toMatchObject({ registeredPoor: 6, covered: 2, uncovered: 4, referral: 1, discrepancies: 9, rate: 0.3333, snapshotAsOf: '2026-01-05' });
    expect(out.total).toMatchObject({ registeredPoor: 6, referral: 2 });
    const one = await runDoudi(db, ['poverty', 'lists', '--county', A, '--json']);
    expect(JSON.parse(one.stdout).counties).toHaveLength(1);
  });
});
