import dc from 'node:diagnostics_channel';
import { once } from 'node:events';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { Worker } from 'node:worker_threads';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServer } from '../../../tests/factories/api.ts';
import { downloadRows } from '../../../tests/factories/payroll-api.ts';
import { enrollPopulation } from '../../../tests/factories/payroll-population.ts';
import { type RawSession, rawLogin } from '../../../tests/factories/raw-session.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../../../tests/factories/test-db.ts';
import { AREAS, makeUser } from '../../../tests/factories/users.ts';
import type { Actor, CommandContext } from '../context.ts';
import type { BankFormat } from './bank-file.ts';
import { buildRoll } from './build-roll.ts';
import { prepareExport } from './export-roll.ts';
import { MAX_EXPORT_THREADS, streamExport } from './export-thread.ts';
import { operatorContext } from '../context.ts';

const C = '211221';
/** Large enough that a file (over 1 MB of CSV) cannot hide in the stream buffers between the thread and a reader. */
const HOUSEHOLDS = 10_000;
const CLOCK = new Date('2019-10-09T02:00:00Z');

/** Every worker thread this process starts, with how it ended (0: finished; 1: terminated). */
const started: { worker: Worker; exit: Promise<number> }[] = [];
dc.subscribe('worker_threads', (m) => {
  const worker = (m as { worker: Worker }).worker;
  started.push({ worker, exit: once(worker, 'exit').then(([code]) => code as number) });
});

/** Runs `fn` and returns the worker threads it started. */
async function threadsOf(fn: () => Promise<unknown>): Promise<{ worker: Worker; exit: Promise<number> }[]> {
  const from = started.length;
  await fn();
  return started.slice(from);
}

async function collect(file: { write(out: Writable): Promise<void> }): Promise<Buffer> {
  const parts: Buffer[] = [];
  await file.write(
    new Writable({
      write(c: Buffer, _e, cb) {
        parts.push(c);
        cb();
      },
    }),
  );
  return Buffer.concat(parts);
}

async function xlsxRows(raw: Buffer): Promise<{ sheets: string[]; rows: unknown[][] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(raw as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  wb.worksheets[0].eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
  return { sheets: wb.worksheets.map((w) => w.name), rows };
}

/**
 * The API's bank file comes from the export thread (as `doudi payroll export`): the same bytes as the server's own thread
 * wrote before, the export recorded as before, errors as API errors, backpressure from the reader, and a reader that
 * goes away ends the thread.
 */
describe(`bank file from the export thread (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  let admin: RawSession;
  let adminActor: Actor;
  let rollId: string;
  const ctx = (actor: Actor): CommandContext => ({ db, actor, clock: () => CLOCK });
  const exportUrl = (format: BankFormat, id = rollId) => `/api/payroll/rolls/${C}/${id}/export?format=${format}`;

  beforeAll(async () => {
    db = await createTestDb();
    adminActor = await makeUser(db, 'ex_m', 'county_admin', AREAS.county);
    await makeUser(db, 'ex_a', 'county_approver', AREAS.county);
    await makeUser(db, 'ex_o', 'county_admin', AREAS.otherCounty);
    await makeUser(db, 'ex_t', 'township_caseworker', AREAS.township);
    app = await testServer(db, () => CLOCK);
    admin = await rawLogin(app, 'ex_m');
    await enrollPopulation(db, { county: C, villages: [AREAS.village, AREAS.siblingVillage], households: HOUSEHOLDS, prefix: 'xt', startMonth: '2019-01', headsOnly: true });
    const built = await buildRoll(operatorContext(db, { name: 'cli:test' }), { county: C, program: 'dibao', month: '2019-09' });
    rollId = built.rollId;
    const approver = await rawLogin(app, 'ex_a');
    const v = (await approver.inject({ method: 'GET', url: `/api/payroll/rolls/${C}/${rollId}` })).json();
    const ok = await approver.inject({ method: 'POST', url: `/api/payroll/rolls/${C}/${rollId}/approve`, payload: { version: v.version } });
    expect(ok.statusCode, ok.body).toBe(200);
  }, 300_000);
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  it('downloads the same CSV bytes and XLSX cells as the server’s own thread wrote, each from a thread that finishes, audited as before', async () => {
    const audits = () => db.kysely.selectFrom('audit_event').selectAll().where('action', '=', 'payroll.export').orderBy('seq').execute();
    const before = (await audits()).length;
    for (const format of ['csv', 'xlsx'] as const) {
      let api: Awaited<ReturnType<typeof downloadRows>> | undefined;
      const threads = await threadsOf(async () => {
        api = await downloadRows(admin, C, rollId, format);
      });
      expect(api?.status).toBe(200);
      expect(threads).toHaveLength(1);
      expect(await threads[0].exit).toBe(0);
      const direct = await collect(await prepareExport(ctx(adminActor), { ref: { county: C, id: rollId }, format }));
      const raw = api?.raw as Buffer;
      if (format === 'csv') {
        expect(raw.length).toBeGreaterThan(1_000_000);
        expect(raw.equals(direct)).toBe(true);
        expect(api?.rows).toHaveLength(HOUSEHOLDS + 2);
      } else {
        // The zip's timestamps differ from one writing to the next; the workbook does not.
        expect(await xlsxRows(raw)).toEqual(await xlsxRows(direct));
      }
    }
    // One event per download (the thread's, as the user, at the request's time) and one per direct export.
    const after = (await audits()).slice(before);
    expect(after).toHaveLength(4);
    for (const a of after) expect(a).toMatchObject({ actor_name: 'ex_m', entity_id: rollId, at: CLOCK.toISOString(), chain: C });
    expect(after.map((a) => JSON.parse(String(a.detail)).format)).toEqual(['csv', 'csv', 'xlsx', 'xlsx']);
  });

  it('answers errors before the first byte as API errors: not found, out of area, no permission, bad format', async () => {
    const missing = await admin.inject({ method: 'GET', url: exportUrl('csv', 'no-such-roll') });
    expect([missing.statusCode, missing.json().code]).toEqual([404, 'NOT_FOUND']);
    const other = await (await rawLogin(app, 'ex_o')).inject({ method: 'GET', url: exportUrl('csv') });
    expect(other.statusCode).toBe(404);
    let township: Awaited<ReturnType<RawSession['inject']>> | undefined;
    // Refused on the request: no thread is started for it.
    expect(await threadsOf(async () => (township = await (await rawLogin(app, 'ex_t')).inject({ method: 'GET', url: exportUrl('csv') })))).toHaveLength(0);
    expect([township?.statusCode, township?.json().code]).toEqual([403, 'PERMISSION_DENIED']);
    const bad = await admin.inject({ method: 'GET', url: `/api/payroll/rolls/${C}/${rollId}/export?format=pdf` });
    expect(bad.statusCode).toBe(400);
  });

  it('holds the thread back while nobody reads, and a reader that stops stops it (the thread ends by itself, not terminated)', async () => {
    let file: Awaited<ReturnType<typeof streamExport>> | undefined;
    const [thread] = await threadsOf(async () => {
      file = await streamExport(ctx(adminActor), { ref: { county: C, id: rollId }, format: 'csv' });
    });
    const stream = file?.stream;
    if (!stream || !thread) throw new Error('no export thread');
    const [first] = (await once(stream, 'data')) as [Buffer];
    expect(first.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    stream.pause();
    // Long enough for the thread to have written the whole file, had nothing held it back.
    let exited: number | null = null;
    void thread.exit.then((c) => (exited = c));
    await new Promise((r) => setTimeout(r, 1_500));
    expect(exited).toBeNull();
    expect(stream.readableLength).toBeLessThan(512 * 1024);
    stream.destroy();
    // Asked to stop, the thread leaves its write, closes its connection and ends (0); terminated it would be 1.
    expect(await thread.exit).toBe(0);
  });

  it(`refuses a download beyond ${MAX_EXPORT_THREADS} at once (429, nothing started) and takes one again when a thread ends`, async () => {
    const open: Awaited<ReturnType<typeof streamExport>>[] = [];
    const threads = await threadsOf(async () => {
      for (let i = 0; i < MAX_EXPORT_THREADS; i++) open.push(await streamExport(ctx(adminActor), { ref: { county: C, id: rollId }, format: 'csv' }));
    });
    expect(threads).toHaveLength(MAX_EXPORT_THREADS);
    const refused = await threadsOf(async () => {
      await expect(streamExport(ctx(adminActor), { ref: { county: C, id: rollId }, format: 'xlsx' })).rejects.toMatchObject({ code: 'PAYROLL_EXPORT_BUSY', status: 429 });
    });
    expect(refused).toHaveLength(0);
    open[0].stream.destroy();
    expect(await threads[0].exit).toBe(0);
    const again = await streamExport(ctx(adminActor), { ref: { county: C, id: rollId }, format: 'csv' });
    again.stream.destroy();
    open[1].stream.destroy();
    await Promise.all(started.slice(-3).map((t) => t.exit));
  });

  it('a client that disconnects mid-download stops the thread (XLSX and CSV over HTTP)', async () => {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    for (const format of ['xlsx', 'csv'] as const) {
      const [thread] = await threadsOf(
        () =>
          new Promise<void>((resolve, reject) => {
            const req = request({ host: '127.0.0.1', port, path: exportUrl(format), headers: { cookie: admin.cookie } }, (res) => {
              expect(res.statusCode).toBe(200);
              res.once('data', () => {
                req.destroy();
                resolve();
              });
            });
            req.on('error', () => {});
            req.on('close', resolve);
            req.end();
            setTimeout(() => reject(new Error('no response')), 60_000);
          }),
      );
      expect(thread, format).toBeDefined();
      expect(await thread.exit, format).toBe(0);
    }
  });
});
