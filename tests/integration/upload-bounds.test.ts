import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRoll } from '../../src/commands/payroll/build-roll.ts';
import type { RollView } from '../../src/contracts/payroll.ts';
import { type Client, testServer } from '../factories/api.ts';
import { downloadRows, resultCsv, uploadResults, waitJob } from '../factories/payroll-api.ts';
import { enrollPopulation } from '../factories/payroll-population.ts';
import { type RawSession, rawLogin } from '../factories/raw-session.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';
import { EMPTY_SHEET, sharedStringFlood, workbookParts, xlsxOf, zip } from '../factories/zip.ts';
import { sessionFor } from './cases-flow.ts';
import { operatorContext } from '../../src/commands/context.ts';

const C = '211221';
const operator = { userId: null, username: 'cli:test', displayName: 'cli:test' };

/** Peak RSS growth of this process (the server and its reader's worker thread) while `run` runs, sampled every 10 ms. */
async function peakRss<T>(run: () => Promise<T>): Promise<{ value: T; growthMb: number; peakMb: number }> {
  const base = process.memoryUsage.rss();
  let peak = base;
  const t = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
  try {
    const value = await run();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { value, growthMb: Math.round((peak - base) / 2 ** 20), peakMb: Math.round(peak / 2 ** 20) };
  } finally {
    clearInterval(t);
  }
}

/**
 * The bank-result upload under bounds (issue 9 points 5 and 13): a crafted XLSX bomb, a file with too many rows and
 * garbage are refused on upload with a code and a bilingual message naming the bound — 4xx, no job queued, nothing
 * changed — while the server's memory stays bounded; a well-formed XLSX written by another program (a shared-string
 * table) is still imported whole; a payroll month before any standard (1900-01) is refused before queueing.
 */
describe(`bank-result upload bounds (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  let maker: Client;
  let makerRaw: RawSession;
  let rollId: string;
  const jobs = async () => (await db.kysely.selectFrom('payroll_job').select('id').execute()).length;
  const view = async (): Promise<RollView> => (await maker.call('GET', `/api/payroll/rolls/${C}/${rollId}`)).json;

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'up_m', 'county_admin', AREAS.county);
    await makeUser(db, 'up_a', 'county_approver', AREAS.county);
    app = await testServer(db);
    maker = await sessionFor(app, 'up_m');
    const approver = await sessionFor(app, 'up_a');
    makerRaw = await rawLogin(app, 'up_m');
    await enrollPopulation(db, { county: C, villages: [AREAS.village], households: 6, prefix: 'ub', startMonth: '2019-01' });
    rollId = (await buildRoll(operatorContext(db, { name: operator.username }), { county: C, program: 'dibao', month: '2019-08' })).rollId;
    const v = await view();
    expect((await approver.call('POST', `/api/payroll/rolls/${C}/${rollId}/approve`, { version: v.version })).status).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  it('refuses a crafted XLSX bomb (a small zip whose sharedStrings.xml inflates to 1 GiB): 413 naming the bound, no job, RSS bounded', async () => {
    await downloadRows(makerRaw, C, rollId, 'csv');
    const bomb = await zip(workbookParts(EMPTY_SHEET, { name: 'xl/sharedStrings.xml', data: sharedStringFlood(80_000_000) }));
    const liar = await zip(workbookParts(EMPTY_SHEET, { name: 'xl/sharedStrings.xml', data: sharedStringFlood(80_000_000), declaredSize: 4096 }));
    const before = await jobs();
    for (const [file, status, code] of [[bomb, 413, 'UPLOAD_TOO_LARGE'], [liar, 400, 'UPLOAD_DAMAGED']] as const) {
      const { value: res, growthMb, peakMb } = await peakRss(() => uploadResults(makerRaw, C, rollId, file, 'xlsx'));
      process.stdout.write(`    ${code} (${(file.length / 2 ** 20).toFixed(2)} MB upload): RSS growth ${growthMb} MB, peak ${peakMb} MB\n`);
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json()).toMatchObject({ code, field: 'file' });
      if (status === 413) {
        expect(res.json().details).toEqual({ limit: 'uncompressed', max: 256 * 2 ** 20 });
        expect(res.json().message).toEqual({ zh: '文件被拒绝：解压后内容超过上限 256 MB（疑似压缩炸弹）', en: 'File refused: its content unpacks to more than the limit of 256 MB (a zip bomb?)' });
      }
      expect(growthMb).toBeLessThan(200);
    }
    expect(await jobs()).toBe(before);
    expect((await view()).status).toBe('approved');
  }, 120_000);

  it('refuses a file with too many rows, and garbage, on upload: 4xx with a code, no job queued', async () => {
    const before = await jobs();
    const header = '批次号,序号,银行账号,金额(元),结果,失败原因\n';
    const tooMany = await uploadResults(makerRaw, C, rollId, header + `${rollId},1,6222000011112222,1.00,成功,\n`.repeat(300_000));
    expect([tooMany.statusCode, tooMany.json().code, tooMany.json().details]).toEqual([413, 'UPLOAD_TOO_LARGE', { limit: 'rows', max: 300_000 }]);
    expect(tooMany.json().message.zh).toBe('文件被拒绝：行数超过上限 300,000 行');
    const garbage: [Buffer | string, 'csv' | 'xlsx', string][] = [
      [randomBytes(20_000), 'xlsx', 'UPLOAD_NOT_XLSX'],
      [randomBytes(20_000), 'csv', 'UPLOAD_NOT_TEXT'],
      ['这不是回盘文件\n随便写点什么\n', 'csv', 'UPLOAD_COLUMNS'],
      [await zip([{ name: 'readme.txt', data: 'not a workbook' }]), 'xlsx', 'UPLOAD_NOT_XLSX'],
      ['', 'csv', 'UPLOAD_EMPTY'],
    ];
    for (const [body, format, code] of garbage) {
      const r = await uploadResults(makerRaw, C, rollId, body, format);
      expect([r.statusCode, r.json().code], `${code}: ${r.body}`).toEqual([400, code]);
      expect(r.json().message.zh.length).toBeGreaterThan(3);
      expect(r.json().message.en.length).toBeGreaterThan(4);
    }
    expect(await jobs()).toBe(before);
  }, 120_000);

  it('imports a correct XLSX result written by another program (shared strings, no trailing cells): applied whole', async () => {
    const bank = (await downloadRows(makerRaw, C, rollId, 'csv')).rows;
    const rows = resultCsv(bank, new Map([[1, '户名不符']]))
      .trim()
      .split('\r\n')
      .map((l) => l.split(','));
    const res = await uploadResults(makerRaw, C, rollId, await xlsxOf(rows, { shared: true }), 'xlsx');
    expect(res.statusCode, res.body).toBe(202);
    const j = await waitJob(maker, res.json());
    expect(j.status, JSON.stringify(j)).toBe('done');
    expect(j.report).toMatchObject({ applied: true, problemCount: 0, failed: 1, paid: bank.length - 3 });
    expect(j.done).toBeGreaterThan(0);
    expect((await view()).status).toBe('closed');
  }, 60_000);

  it('a payroll month before any standard (1900-01) is refused before queueing: 400 with a code, no job', async () => {
    const before = await jobs();
    const r = await maker.call('POST', '/api/payroll/rolls', { program: 'dibao', county: C, month: '1900-01' });
    expect([r.status, r.json.code, r.json.field]).toEqual([400, 'PAYROLL_MONTH_NO_STANDARD', 'month']);
    // And a month out of the county's sequence is refused on the request too.
    const gap = await maker.call('POST', '/api/payroll/rolls', { program: 'dibao', county: C, month: '2019-11' });
    expect([gap.status, gap.json.code]).toEqual([409, 'PAYROLL_MONTH_GAP']);
    expect(await jobs()).toBe(before);
  });
});
