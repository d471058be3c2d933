import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.ts';
import { type Client, householdOfThree } from '../factories/api.ts';
import { nextId } from '../factories/ids.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';
import { sessionFor, TestClock } from './cases-flow.ts';

/**
 * A full disk (issue 9, point 10), made real: on SQLite the server's connection may not grow the file past its size
 * (`PRAGMA max_page_count`); on PostgreSQL a trigger raises SQLSTATE 53100 disk_full on the writes every request
 * makes (the audit trail, session touches). Writes get 503 STORAGE_FULL with a clear message, the log holds the real
 * cause without personal data, reads that need no write go on (also once the session's last-seen time can no longer be
 * written), a read of personal data — which must be audited before it is served — is refused with a message that says
 * so, and writes work again once there is room.
 */
describe(`disk full (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  let clerk: Client;
  const clock = new TestClock('2026-01-05');
  const logs: string[] = [];
  let existing: { countyCode: string; id: string };

  const fill = async () => {
    if (db.dialect === 'sqlite') {
      const { rows } = await sql<{ page_count: number }>`pragma page_count`.execute(db.kysely);
      await sql.raw(`pragma max_page_count = ${rows[0].page_count}`).execute(db.kysely);
      return;
    }
    await sql`create or replace function doudi_disk_full() returns trigger language plpgsql as $$
      begin raise exception 'could not extend file "base/16384/2619": No space left on device' using errcode = '53100'; end $$`.execute(db.kysely);
    for (const t of ['audit_event', 'session', 'household']) {
      await sql.raw(`create trigger doudi_disk_full before insert or update on ${t} for each statement execute function doudi_disk_full()`).execute(db.kysely);
    }
  };
  const free = async () => {
    if (db.dialect === 'sqlite') await sql`pragma max_page_count = 1073741823`.execute(db.kysely);
    else for (const t of ['audit_event', 'session', 'household']) await sql.raw(`drop trigger doudi_disk_full on ${t}`).execute(db.kysely);
  };
  const names = ['满盘户主', '满盘配偶', '满盘子女'];
  const create = () => clerk.call('POST', '/api/households', householdOfThree(AREAS.village, [nextId(), nextId(), nextId('20100101')], names));

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'df_clerk', 'township_caseworker', AREAS.township);
    app = await buildServer({ db, clock: clock.fn, logger: { level: 'info', stream: { write: (line: string) => logs.push(line) } } });
    await app.ready();
    clerk = await sessionFor(app, 'df_clerk');
    const h = await create();
    expect(h.status).toBe(201);
    existing = { countyCode: h.json.countyCode, id: h.json.id };
  });
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  it('answers writes 503 STORAGE_FULL, logs the real cause without personal data, and keeps serving reads', async () => {
    await fill();
    let refused: { status: number; json: any } | null = null;
    // SQLite may still fill pages it has free inside the file: a few writes can pass before the file must grow.
    for (let i = 0; i < 40 && !refused; i++) {
      const r = await create();
      if (r.status !== 201) refused = r;
    }
    expect(refused?.status).toBe(503);
    expect(refused?.json).toEqual({
      code: 'STORAGE_FULL',
      message: { zh: expect.stringContaining('存储空间已满'), en: expect.stringContaining('storage is full') },
    });
    const logged = logs.map((l) => JSON.parse(l)).filter((l) => l.code === 'STORAGE_FULL');
    expect(logged.length).toBeGreaterThan(0);
    expect(logged[0]).toMatchObject({ level: 50, msg: 'storage full: the write was refused', route: 'POST /api/households' });
    expect(logged[0].error.message).toMatch(db.dialect === 'sqlite' ? /database or disk is full/ : /No space left on device/);
    expect(logged[0].error).toMatchObject(db.dialect === 'sqlite' ? { errcode: 13 } : { code: '53100' });
    const text = logs.join('\n');
    for (const n of names) expect(text).not.toContain(n);

    // Reads: a household, division names, the rolls; also after a minute, when the session's touch cannot be written.
    for (const step of [0, 2]) {
      clock.now = new Date(clock.now.getTime() + step * 60_000);
      // A household's detail is a read of personal data: audited before it is served (issue 9 point 17). On PostgreSQL the
      // audit insert fails, so it is refused, saying why; SQLite may still fit the small event in a free page.
      const detail = await clerk.call('GET', `/api/households/${existing.countyCode}/${existing.id}`);
      if (detail.status !== 200 || db.dialect === 'postgres') {
        expect([detail.status, detail.json.code], JSON.stringify(detail.json)).toEqual([503, 'STORAGE_FULL']);
        expect(detail.json.message.zh).toContain('审计日志');
        for (const n of names) expect(JSON.stringify(detail.json)).not.toContain(n);
      }
      expect((await clerk.call('GET', `/api/divisions/${AREAS.village}`)).status).toBe(200);
    }
    const repeated = await create();
    expect([repeated.status, repeated.json.code]).toEqual([503, 'STORAGE_FULL']);
  });

  it('works again once there is room', async () => {
    await free();
    expect((await create()).status).toBe(201);
  });
});
