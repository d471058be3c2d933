import type { FastifyInstance } from 'fastify';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../factories/api.ts';
import { testServer } from '../factories/api.ts';
import { runDoudi } from '../factories/cli.ts';
import { nextId } from '../factories/ids.ts';
import { insertPovertySnapshot } from '../factories/poverty.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';
import { ok, sessionFor, TestClock } from './cases-flow.ts';
import { enrollDirect, type Household } from './enrollments-flow.ts';

const COUNTY = '211221';

type Member = { name: string; birth: string; relation: string; laborCapacity: 'full' | 'partial' | 'none'; disabilityKind?: string; disabilityGrade?: number; seriousIllness?: boolean };

/**
 * 集中排查 (issue 12 point 5, ADR 0035): a county opens a campaign over the registered-poor households of the latest
 * snapshot; township and village staff fill the ledger rows of their area; the engine assesses what was found; a
 * conclusion opens a case (单人保 here) linked both ways; progress, the ledger export, closing and read-only after.
 */
describe(`screening campaign (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  const clock = new TestClock('2026-03-02');
  let admin: Client;
  let otherAdmin: Client;
  let city: Client;
  let cw: Client;
  let va: Client;
  let vaOther: Client;
  let auditor: Client;
  let base: string;
  let campaignId: string;
  const hh: Record<string, Household & { ids: string[] }> = {};
  let childKey: string;

  const refused = async (client: Client, method: 'POST' | 'GET', path: string, body: unknown, code: string, status?: number) => {
    const res = await client.call(method, path, body);
    expect(res.status, JSON.stringify(res.json)).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    if (status) expect(res.status).toBe(status);
    expect(res.json.code, JSON.stringify(res.json)).toBe(code);
    expect(res.json.message.zh).toMatch(/[\u4e00-\u9fff]/);
    return res.json;
  };
  const register = async (tag: string, area: string, members: Member[], wage: string) => {
    const ids = members.map((m) => nextId(m.birth));
    const res = await cw.call('POST', '/api/households', {
      areaCode: area,
      address: `铁岭县测试村${tag}`,
      hukouType: 'rural',
      registeredPoor: true,
      members: members.map((m, i) => ({
        idNumber: ids[i],
        name: m.name,
        relation: m.relation,
        laborCapacity: m.laborCapacity,
        ...(m.disabilityKind ? { disabilityKind: m.disabilityKind, disabilityGrade: m.disabilityGrade } : {}),
        seriousIllness: m.seriousIllness ?? false,
      })),
      incomes: [{ kind: 'wage', annualYuan: wage }],
      assets: [],
    });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    hh[tag] = { ...res.json, ids };
    return hh[tag];
  };
  const rowUrl = (hhNo: string, action = '') => `${base}/rows/${COUNTY}/${hhNo}${action ? `/${action}` : ''}`;
  const row = (client: Client, hhNo: string) => ok(client, 'GET', rowUrl(hhNo));

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'sc_ca', 'county_admin', AREAS.county);
    await makeUser(db, 'sc_ca_o', 'county_admin', AREAS.otherCounty);
    await makeUser(db, 'sc_city', 'city_supervisor', AREAS.city);
    await makeUser(db, 'sc_cw', 'township_caseworker', AREAS.township);
    await makeUser(db, 'sc_va', 'village_assistant', AREAS.village);
    await makeUser(db, 'sc_va_o', 'village_assistant', AREAS.otherVillage);
    await makeUser(db, 'sc_au', 'auditor', AREAS.city);
    app = await testServer(db, clock.fn);
    admin = await sessionFor(app, 'sc_ca');
    otherAdmin = await sessionFor(app, 'sc_ca_o');
    city = await sessionFor(app, 'sc_city');
    cw = await sessionFor(app, 'sc_cw');
    va = await sessionFor(app, 'sc_va');
    vaOther = await sessionFor(app, 'sc_va_o');
    auditor = await sessionFor(app, 'sc_au');

    const covered = await register('甲', AREAS.village, [
      { name: '甲户主', birth: '19700501', relation: 'head', laborCapacity: 'partial' },
      { name: '甲配偶', birth: '19720301', relation: 'spouse', laborCapacity: 'full' },
      { name: '甲子女', birth: '20050901', relation: 'child', laborCapacity: 'none' },
    ], '6000');
    await enrollDirect(db, covered, { startMonth: '2026-01' });
    await register('乙', AREAS.village, [
      { name: '乙户主', birth: '19700501', relation: 'head', laborCapacity: 'full' },
      { name: '乙配偶', birth: '19720301', relation: 'spouse', laborCapacity: 'full' },
      { name: '乙子女', birth: '20000901', relation: 'child', laborCapacity: 'partial', disabilityKind: 'physical', disabilityGrade: 1 },
    ], '30000');
    const people = (tag: string, healthOf: (i: number) => { health?: 'disabled'; disabilityGrade?: number } = () => ({})) =>
      hh[tag].members.map((m, i) => ({ name: m.name, idNumber: hh[tag].ids[hh[tag].members.length === 3 ? ['甲户主', '乙户主'].includes(m.name) ? 0 : ['甲配偶', '乙配偶'].includes(m.name) ? 1 : 2 : i], ...healthOf(i) }));
    const snap = await insertPovertySnapshot(db, {
      households: [
        { hhNo: 'P001', villageCode: AREAS.village, attribute: 'dibao', status: 'out', persons: people('甲') },
        { hhNo: 'P002', villageCode: AREAS.village, attribute: 'general', status: 'out', persons: people('乙', (i) => (hh['乙'].members[i].name === '乙子女' ? { health: 'disabled', disabilityGrade: 1 } : {})) },
        { hhNo: 'P003', villageCode: AREAS.village, attribute: 'general', status: 'poor', persons: [{ name: '丙无档', idNumber: nextId('19500101') }] },
        { hhNo: 'P004', villageCode: AREAS.otherVillage, attribute: 'general', status: 'out', persons: [{ name: '丁邻村', idNumber: nextId('19600101') }] },
        { hhNo: 'P005', villageCode: AREAS.otherCountyVillage, attribute: 'general', status: 'out', persons: [{ name: '戊外县', idNumber: nextId('19600101', '211223') }] },
      ],
    });
    // Matching is another part's: the test sets the ID-number matches straight on the snapshot's persons.
    for (const [i, tag] of [[0, '甲'], [1, '乙']] as const) {
      const persons = await db.kysely.selectFrom('poverty_person').select(['person_key', 'name']).where('snapshot_id', '=', snap.snapshotId).where('hh_no', '=', `P00${i + 1}`).execute();
      for (const p of persons) {
        const m = hh[tag].members.find((x) => x.name === p.name)!;
        await db.kysely.updateTable('poverty_person').set({ match_county: COUNTY, match_person_id: m.id, match_method: 'id' }).where('snapshot_id', '=', snap.snapshotId).where('person_key', '=', p.person_key).execute();
        if (p.name === '乙子女') childKey = p.person_key;
      }
    }
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  it('opens a county campaign over the latest snapshot: one row per household, deadline on the working-day calendar, one per scope and year', async () => {
    await refused(cw, 'POST', '/api/screening/campaigns', { county: COUNTY, year: 2026, workingDays: 10 }, 'PERMISSION_DENIED', 403);
    await refused(otherAdmin, 'POST', '/api/screening/campaigns', { county: COUNTY, year: 2026, workingDays: 10 }, 'AREA_FORBIDDEN', 403);
    // 2026-03-07 is a Saturday.
    const sat = await refused(admin, 'POST', '/api/screening/campaigns', { county: COUNTY, year: 2026, deadline: '2026-03-07' }, 'DEADLINE_NOT_WORKING_DAY');
    expect(sat.field).toBe('deadline');
    await refused(admin, 'POST', '/api/screening/campaigns', { county: COUNTY, year: 2026 }, 'CAMPAIGN_DEADLINE');
    await refused(admin, 'POST', '/api/screening/campaigns', { county: COUNTY, year: 2026, deadline: '2026-02-27' }, 'DEADLINE_PAST');
    expect(Number((await db.kysely.selectFrom('screening_campaign').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(0);

    const res = await admin.call('POST', '/api/screening/campaigns', { county: COUNTY, year: 2026, workingDays: 10 });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    const c = res.json;
    campaignId = c.id;
    base = `/api/screening/campaigns/${COUNTY}/${campaignId}`;
    // Ten working days after Monday 2026-03-02: two full weeks, Monday 2026-03-16.
    expect(c).toMatchObject({ scope: 'county', year: 2026, deadline: '2026-03-16', state: 'open', rowCount: 4, tally: { total: 4, done: 0, overdue: 0 } });
    expect(c.can).toMatchObject({ close: true, fill: false });

    await refused(admin, 'POST', '/api/screening/campaigns', { county: COUNTY, year: 2026, workingDays: 5 }, 'CAMPAIGN_EXISTS', 409);
    await refused(city, 'POST', '/api/screening/campaigns', { city: true, year: 2026, workingDays: 5 }, 'CAMPAIGN_EXISTS', 409);

    const page = await ok(admin, 'GET', `${base}/rows`);
    expect(page.items.map((r: { hhNo: string }) => r.hhNo)).toEqual(['P001', 'P002', 'P003', 'P004']);
    const p1 = page.items[0];
    expect(p1).toMatchObject({ matched: true, coveredAtOpen: ['dibao'], conclusion: null, seq: 1 });
    expect(page.items[2]).toMatchObject({ matched: false, coveredAtOpen: [] });
  });

  it('holds the area: a village assistant sees and fills their village only; the township sees its township', async () => {
    expect((await ok(va, 'GET', `${base}/rows`)).items.map((r: { hhNo: string }) => r.hhNo)).toEqual(['P001', 'P002', 'P003']);
    expect((await ok(vaOther, 'GET', `${base}/rows`)).items.map((r: { hhNo: string }) => r.hhNo)).toEqual(['P004']);
    expect((await ok(cw, 'GET', `${base}/rows?concluded=no`)).total).toBe(4);
    expect((await ok(cw, 'GET', `${base}/rows?village=${AREAS.otherVillage}`)).total).toBe(1);
    await refused(va, 'POST', rowUrl('P004', 'fill'), { version: 1, methods: [], findings: null }, 'NOT_FOUND', 404);
    await refused(va, 'GET', rowUrl('P004'), undefined, 'NOT_FOUND', 404);
    await refused(admin, 'POST', rowUrl('P002', 'fill'), { version: 1, methods: [], findings: null }, 'PERMISSION_DENIED', 403);
    // The campaign is the other county's business neither.
    await refused(otherAdmin, 'GET', `${base}/rows`, undefined, 'NOT_FOUND', 404);
  });

  it('fills a row (versioned), and the engine assesses the found situation as the calculator does', async () => {
    const before = await row(va, 'P002');
    expect(before.members.map((m: { name: string }) => m.name)).toEqual(['乙户主', '乙配偶', '乙子女']);
    expect(before.assessment).toBeNull();
    const methods = [
      { method: 'data_comparison', date: '2026-03-02', staff: ['王核查'] },
      { method: 'home_visit', date: '2026-03-02', staff: ['王核查', '李协理'] },
    ];
    await refused(va, 'POST', rowUrl('P002', 'fill'), { version: 1, methods: [{ ...methods[0], date: '2026-03-03' }], findings: null }, 'METHOD_DATE_FUTURE');
    await refused(va, 'POST', rowUrl('P002', 'fill'), { version: 1, methods, findings: { incomeAnnualPerCapita: 'abc' } }, 'VALIDATION');
    const members = before.members.map((m: { personKey: string; name: string }) =>
      m.name === '乙子女'
        ? { personKey: m.personKey, laborCapacity: 'partial', disability: { kind: 'physical', grade: 1 }, seriousIllness: false, ownIncomeAnnual: '1200' }
        : { personKey: m.personKey, laborCapacity: 'full' },
    );
    const filled = await ok(va, 'POST', rowUrl('P002', 'fill'), { version: 1, methods, findings: { incomeAnnualPerCapita: '10000', financialAssets: '2000', members, note: '子女肢体一级残疾' } });
    expect(filled.version).toBe(2);
    expect(filled.methods).toHaveLength(2);
    expect(filled.findings).toMatchObject({ incomeAnnualPerCapitaYuan: '10000.00', financialAssetsYuan: '2000.00' });
    const household = filled.assessment.options.find((o: { kind: string }) => o.kind === 'dibao_household');
    const single = filled.assessment.options.find((o: { kind: string }) => o.kind === 'dibao_individual');
    expect(household.eligible).toBe(false);
    expect(single).toMatchObject({ eligible: true, personKey: childKey, personName: '乙子女' });
    // The calculator, on the same situation, gives the same amount.
    const calc = await ok(cw, 'POST', '/api/policy/calculate', {
      program: 'dibao',
      month: '2026-03',
      county: COUNTY,
      unit: 'individual',
      applicant: 2,
      household: {
        hukou: 'rural',
        registeredPoor: true,
        members: [
          { birthDate: '1970-05-01', relation: 'head', laborCapacity: 'full' },
          { birthDate: '1972-03-01', relation: 'spouse', laborCapacity: 'full' },
          { birthDate: '2000-09-01', relation: 'child', laborCapacity: 'partial', disability: { kind: 'physical', grade: 1 } },
        ],
        incomes: [{ kind: 'other', annual: 1200, member: 2 }],
        assets: { financial: 2000 },
      },
    });
    expect(calc.eligible).toBe(true);
    expect(single.amountFen).toBe(calc.amount.fen);
    expect(single.amountFen).toBeGreaterThan(0);
    // The explanation is the engine's, with its citations.
    expect(single.determination.trace.length).toBeGreaterThan(0);
    expect(JSON.stringify(single.determination.reasons)).toMatch(/单人/);
    await refused(cw, 'POST', rowUrl('P002', 'fill'), { version: 1, methods, findings: null }, 'STALE_VERSION', 409);
  });

  it('concludes each way: covered, single-person dibao (a case opened, origin screening, linked both ways, in the worklist), not registered, not eligible, referred', async () => {
    const methods = [{ method: 'information_check', date: '2026-03-02', staff: ['赵经办'] }];
    // No method recorded yet: no conclusion.
    await refused(cw, 'POST', rowUrl('P001', 'conclude'), { version: 1, conclusion: 'covered' }, 'METHODS_REQUIRED');
    const p1 = await ok(cw, 'POST', rowUrl('P001', 'fill'), { version: 1, methods, findings: null });
    // The case procedure's own checks hold for a case from the ledger: a household already on dibao gets no second case.
    await refused(cw, 'POST', rowUrl('P001', 'conclude'), { version: p1.version, conclusion: 'eligible', kind: 'dibao_household', declaration: { signed: true, dataCheckAuthorised: true } }, 'ALREADY_ENROLLED', 409);
    expect(await db.kysely.selectFrom('assistance_case').select('id').where('origin', '=', 'screening').execute()).toEqual([]);
    expect((await ok(cw, 'POST', rowUrl('P001', 'conclude'), { version: p1.version, conclusion: 'covered' })).conclusion).toBe('covered');
    await refused(cw, 'POST', rowUrl('P003', 'conclude'), { version: 1, conclusion: 'covered' }, 'METHODS_REQUIRED');

    const p2 = await row(cw, 'P002');
    await refused(cw, 'POST', rowUrl('P002', 'conclude'), { version: p2.version, conclusion: 'single_person' }, 'PERSON_REQUIRED');
    await refused(cw, 'POST', rowUrl('P002', 'conclude'), { version: p2.version, conclusion: 'single_person', personKey: childKey }, 'DECLARATION_NOT_SIGNED');
    const done = await ok(cw, 'POST', rowUrl('P002', 'conclude'), { version: p2.version, conclusion: 'single_person', personKey: childKey, declaration: { signed: true, dataCheckAuthorised: true } });
    expect(done.conclusion).toBe('single_person');
    expect(done.case).not.toBeNull();
    const kase = await ok(cw, 'GET', `/api/cases/${done.case.countyCode}/${done.case.id}`);
    expect(kase).toMatchObject({ kind: 'dibao_individual', state: 'applied', screening: { campaignId, hhNo: 'P002', countyCode: COUNTY, year: 2026 } });
    const origin = await db.kysely.selectFrom('assistance_case').select(['origin', 'applicant_person_id']).where('id', '=', done.case.id).executeTakeFirstOrThrow();
    expect(origin.origin).toBe('screening');
    expect(origin.applicant_person_id).toBe(hh['乙'].members.find((m) => m.name === '乙子女')!.id);
    const worklist = await ok(cw, 'GET', '/api/worklist?pageSize=100');
    expect(worklist.items.map((i: { id: string }) => i.id)).toContain(done.case.id);
    await refused(cw, 'POST', rowUrl('P002', 'conclude'), { version: done.version, conclusion: 'not_eligible', reason: 'x' }, 'ROW_CONCLUDED', 409);

    const p3 = await ok(va, 'POST', rowUrl('P003', 'fill'), { version: 1, methods, findings: { incomeAnnualPerCapita: 3000, members: [] } });
    const notReg = await refused(va, 'POST', rowUrl('P003', 'conclude'), { version: p3.version, conclusion: 'eligible', kind: 'dibao_household', declaration: { signed: true, dataCheckAuthorised: true } }, 'HOUSEHOLD_NOT_REGISTERED', 409);
    expect(notReg.message.zh).toMatch(/登记/);
    expect(p3.registryPath).toBe('/registry/new');
    await refused(va, 'POST', rowUrl('P003', 'conclude'), { version: p3.version, conclusion: 'not_eligible' }, 'REASON_REQUIRED');
    expect((await row(va, 'P003')).conclusion).toBeNull();
    await ok(va, 'POST', rowUrl('P003', 'conclude'), { version: p3.version, conclusion: 'not_eligible', reason: '已外出务工，收入超过标准' });
  });

  it('counts progress per township and village, overdue past the deadline, for the county and the city', async () => {
    const p = await ok(admin, 'GET', `${base}/progress`);
    expect(p.campaign.tally).toEqual({ total: 4, done: 3, overdue: 0 });
    const township = p.townships.find((t: { code: string }) => t.code === AREAS.township);
    expect(township).toMatchObject({ total: 4, done: 3 });
    expect(township.villages.find((v: { code: string }) => v.code === AREAS.village)).toMatchObject({ total: 3, done: 3, overdue: 0 });
    expect(township.villages.find((v: { code: string }) => v.code === AREAS.otherVillage)).toMatchObject({ total: 1, done: 0 });
    clock.set('2026-03-17');
    const late = await ok(city, 'GET', `${base}/progress`);
    expect(late.campaign.tally).toEqual({ total: 4, done: 3, overdue: 1 });
    expect((await ok(va, 'GET', `${base}/progress`)).campaign.tally).toEqual({ total: 3, done: 3, overdue: 0 });
    expect((await ok(auditor, 'GET', '/api/screening/campaigns')).items.map((c: { id: string }) => c.id)).toEqual([campaignId]);
    const cli = await runDoudi(db, ['screening', 'progress', campaignId, '--json']);
    expect(cli.code, cli.stderr + cli.stdout).toBe(0);
    expect(JSON.parse(cli.stdout).campaign.tally.total).toBe(4);
  });

  it('exports the ledger in its layout, audited', async () => {
    const res = await admin.call('GET', `${base}/ledger.xlsx`);
    expect(res.status).toBe(200);
    // The CLI writes the same workbook (`doudi screening export`), as a named user.
    const out = join(mkdtempSync(join(tmpdir(), 'doudi-ledger-')), 'ledger.xlsx');
    const cli = await runDoudi(db, ['screening', 'export', campaignId, '--out', out, '--as', 'sc_ca', '--json']);
    expect(cli.code, cli.stderr + cli.stdout).toBe(0);
    expect(JSON.parse(cli.stdout)).toEqual({ file: out, rows: 4 });
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(out) as never);
    const ws = wb.worksheets[0];
    const header = (ws.getRow(6).values as unknown[]).slice(1);
    expect(header.slice(0, 8)).toEqual(['序号', '县（区）', '乡镇', '村', '户编号', '户主', '户属性', '脱贫状态']);
    for (const h of ['核查方式及日期', '核查人', '核查发现', '评估结果', '处理结论', '案件编号']) expect(header).toContain(h);
    const col = (name: string) => header.indexOf(name) + 1;
    const second = ws.getRow(8);
    expect(second.getCell(col('户编号')).value).toBe('P002');
    expect(String(second.getCell(col('处理结论')).value)).toMatch(/单人保/);
    expect(String(second.getCell(col('核查方式及日期')).value)).toMatch(/入户走访 2026-03-02/);
    expect(String(second.getCell(col('评估结果')).value)).toMatch(/单人保符合/);
    expect(String(ws.getRow(9).getCell(col('处理结论')).value)).toMatch(/不符合条件（已外出务工/);
    expect(String(ws.getRow(10).getCell(col('处理结论')).value)).toBe('未完成');
  });

  it('closes only when every row is concluded; a closed campaign is read-only; every change is audited', async () => {
    const left = await refused(admin, 'POST', `${base}/close`, {}, 'CAMPAIGN_ROWS_LEFT', 409);
    expect(left.message.zh).toMatch(/还有 1 户/);
    await refused(cw, 'POST', `${base}/close`, {}, 'PERMISSION_DENIED', 403);
    const p4 = await ok(vaOther, 'POST', rowUrl('P004', 'fill'), { version: 1, methods: [{ method: 'home_visit', date: '2026-03-16', staff: ['钱协理'] }], findings: null });
    await refused(vaOther, 'POST', rowUrl('P004', 'conclude'), { version: p4.version, conclusion: 'referred' }, 'REFERRALS_REQUIRED');
    const referred = await ok(vaOther, 'POST', rowUrl('P004', 'conclude'), { version: p4.version, conclusion: 'referred', referrals: ['medical_aid', 'employment'] });
    expect(referred.conclusionDetail.referrals).toEqual(['medical_aid', 'employment']);
    const closed = await ok(admin, 'POST', `${base}/close`, {});
    expect(closed).toMatchObject({ state: 'closed', tally: { total: 4, done: 4, overdue: 0 } });
    await refused(vaOther, 'POST', rowUrl('P004', 'fill'), { version: referred.version, methods: [], findings: null }, 'CAMPAIGN_CLOSED', 409);
    await refused(admin, 'POST', `${base}/close`, {}, 'CAMPAIGN_CLOSED', 409);
    const actions = (await db.kysely.selectFrom('audit_event').select('action').where('action', 'like', 'screening.%').execute()).map((e) => e.action);
    for (const a of ['screening.open', 'screening.row.fill', 'screening.row.conclude', 'screening.close', 'screening.export']) expect(actions).toContain(a);
    expect(actions.filter((a) => a === 'screening.row.conclude')).toHaveLength(4);
    const apply = await db.kysely.selectFrom('audit_event').select('action').where('action', '=', 'case.apply').execute();
    expect(apply).toHaveLength(1);
  });

  it('the city opens a campaign for every county from the command line; usage errors exit 2, refusals 1', async () => {
    const usage = await runDoudi(db, ['screening', 'open', '--city', '--year', 'next', '--working-days', '5', '--as', 'sc_city', '--json']);
    expect(usage.code).toBe(2);
    const notYours = await runDoudi(db, ['screening', 'open', '--county', '211223', '--year', '2025', '--working-days', '5', '--as', 'sc_ca', '--json']);
    expect(notYours.code).toBe(1);
    expect(JSON.parse(notYours.stdout).error.code).toBe('AREA_FORBIDDEN');
    const r = await runDoudi(db, ['screening', 'open', '--city', '--year', '2025', '--working-days', '5', '--as', 'sc_city', '--json']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const c = JSON.parse(r.stdout);
    // Every county of the latest snapshot: the other county's household too.
    expect(c).toMatchObject({ scope: 'city', year: 2025, rowCount: 5, state: 'open' });
    const again = await runDoudi(db, ['screening', 'open', '--county', COUNTY, '--year', '2025', '--working-days', '5', '--as', 'sc_ca', '--json']);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout).error.code).toBe('CAMPAIGN_EXISTS');
    // The county sees the city's campaign with its own rows only; the other county its one.
    const mine = (await ok(admin, 'GET', '/api/screening/campaigns')).items.find((x: { id: string }) => x.id === c.id);
    expect(mine.tally.total).toBe(4);
    expect(mine.can.close).toBe(false);
    const theirs = (await ok(otherAdmin, 'GET', '/api/screening/campaigns')).items.map((x: { id: string; tally: { total: number } }) => [x.id, x.tally.total]);
    expect(theirs).toEqual([[c.id, 1]]);
    const closeRefused = await runDoudi(db, ['screening', 'close', c.id, '--as', 'sc_city', '--json']);
    expect(closeRefused.code).toBe(1);
    expect(JSON.parse(closeRefused.stdout).error.code).toBe('CAMPAIGN_ROWS_LEFT');
  });
});
