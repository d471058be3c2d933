import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../factories/api.ts';
import { testServer } from '../factories/api.ts';
import { AREA_ROUTES } from '../factories/area-routes.ts';
import { nextId } from '../factories/ids.ts';
import type { ScreeningAim } from '../factories/poverty-area-routes.ts';
import { insertPovertySnapshot } from '../factories/poverty.ts';
import { rawLogin } from '../factories/raw-session.ts';
import { snapshotTables } from '../factories/snapshot.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';
import { ok, sessionFor, TestClock } from './cases-flow.ts';

const SCREENING_TABLES = ['screening_campaign', 'screening_row', 'assistance_case', 'audit_event'] as const;

/**
 * Area scope of the screening campaign's routes (issue 12 points 5 and 7): every `screening-flow` route of the area-scope
 * table, aimed at a ledger row of 新台子镇 (铁岭县), answers its own township's staff and refuses — 403 or 404, nothing
 * changed, nothing about the row revealed — a caseworker of the sibling township, a county administrator of another
 * county, the poverty-office liaison (no screening.read) and the auditor's writes.
 */
describe(`screening routes across areas and roles (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  const clock = new TestClock('2026-03-02');
  const clients: Record<string, Client> = {};
  let aim: ScreeningAim;
  const routes = () => Object.entries(AREA_ROUTES).filter(([, s]) => s.kind === 'screening-flow');
  const povertyRoutes = () => Object.entries(AREA_ROUTES).filter(([, s]) => s.kind === 'poverty-flow');
  const isRead = (key: string) => key.startsWith('GET ');

  beforeAll(async () => {
    db = await createTestDb();
    const users = [
      ['ps_ca', 'county_admin', AREAS.county],
      ['ps_cw', 'township_caseworker', AREAS.township],
      ['ps_cw_sib', 'township_caseworker', AREAS.siblingTownship],
      ['ps_ca_o', 'county_admin', AREAS.otherCounty],
      ['ps_li', 'poverty_liaison', AREAS.city],
      ['ps_au', 'auditor', AREAS.city],
    ] as const;
    for (const [u, role, area] of users) await makeUser(db, u, role, area);
    await makeUser(db, 'ps_sys', 'system_admin', AREAS.city);
    app = await testServer(db, clock.fn);
    for (const [u] of users) clients[u] = await sessionFor(app, u);
    const snap = await insertPovertySnapshot(db, {
      areaCode: AREAS.county,
      households: [{ hhNo: 'PS01', villageCode: AREAS.village, attribute: 'general', status: 'out', persons: [{ name: '范围测试', idNumber: nextId('19600101') }] }],
    });
    const opened = await ok(clients.ps_ca, 'POST', '/api/screening/campaigns', { county: '211221', year: 2026, workingDays: 10 });
    const campaignId = String(opened.id ?? opened.campaign?.id);
    const rows = await ok(clients.ps_cw, 'GET', `/api/screening/campaigns/211221/${campaignId}/rows`);
    const r = (rows.items ?? rows.rows ?? rows)[0];
    aim = { campaignCounty: '211221', campaignId, rowCounty: '211221', hhNo: 'PS01', version: Number(r.version ?? 1), snapshotId: snap.snapshotId };
    // The snapshot's changes: its one household added (what the changes page lists).
    await db.kysely
      .insertInto('poverty_snapshot_change')
      .values({ snapshot_id: snap.snapshotId, kind: 'household', key: 'PS01', change: 'added', county_code: '211221', label: '范围测试', fields: null })
      .execute();
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  it('the table knows the screening routes', () => {
    expect(routes().length).toBeGreaterThanOrEqual(9);
  });

  it('reads: the township and the county find the row; the sibling township, another county and the liaison learn nothing of it', async () => {
    for (const [key, spec] of routes().filter(([k]) => isRead(k))) {
      const req = spec.variants[0]({ s: aim } as never);
      for (const u of ['ps_cw', 'ps_ca']) {
        const res = await clients[u].call('GET', req.url);
        expect(res.status, `${u} ${key}`).toBe(200);
      }
      for (const u of ['ps_cw_sib', 'ps_ca_o', 'ps_li']) {
        const res = await clients[u].call('GET', req.url);
        if (key === 'GET /api/screening/campaigns' && u === 'ps_ca_o') {
          // The list answers, without the other county's campaign.
          expect(res.status, `${u} ${key}`).toBe(200);
          expect(JSON.stringify(res.json), `${u} ${key}`).not.toContain(aim.campaignId);
          continue;
        }
        if (u === 'ps_cw_sib' && !key.endsWith('/:rowCounty/:hhNo')) {
          // The county's campaign covers the sibling township too: it reads the campaign, its own progress and rows —
          // none of another township's.
          expect([200, 403, 404], `${u} ${key}`).toContain(res.status);
          expect(JSON.stringify(res.json ?? {}), `${u} ${key}`).not.toContain('范围测试');
          continue;
        }
        expect([403, 404], `${u} ${key}: ${res.status} ${JSON.stringify(res.json)}`).toContain(res.status);
        expect(JSON.stringify(res.json ?? {})).not.toContain('范围测试');
      }
    }
  });

  it('writes: nobody outside the area, no role without the permission, changes anything', async () => {
    const before = await snapshotTables(db, SCREENING_TABLES);
    for (const [key, spec] of routes().filter(([k]) => !isRead(k))) {
      const req = spec.variants[0]({ s: aim } as never);
      for (const u of ['ps_cw_sib', 'ps_ca_o', 'ps_li', 'ps_au']) {
        const res = await clients[u].call(req.method as 'POST', req.url, req.body);
        expect([403, 404], `${u} ${key}: ${res.status} ${JSON.stringify(res.json)}`).toContain(res.status);
      }
    }
    expect(await snapshotTables(db, SCREENING_TABLES)).toBe(before);
  });

  it('the poverty registry: only the liaison imports; the snapshots\' changes show each reader their own area, nothing to a role without poverty.read', async () => {
    expect(povertyRoutes().length).toBeGreaterThanOrEqual(3);
    const sys = await sessionFor(app, 'ps_sys');
    const before = await snapshotTables(db, ['poverty_snapshot', 'poverty_household', 'poverty_person']);
    for (const [key, spec] of povertyRoutes()) {
      const req = spec.variants[0]({ s: aim } as never);
      if (!isRead(key)) {
        // Every role but the liaison is refused the import (403) before its file is read.
        for (const u of ['ps_ca', 'ps_cw', 'ps_ca_o', 'ps_au']) {
          const raw = await rawLogin(app, u);
          const res = await raw.inject({ method: 'POST', url: req.url, payload: String(req.body), headers: req.headers ?? {} });
          expect(res.statusCode, `${u} ${key}: ${res.body}`).toBe(403);
        }
        continue;
      }
      for (const u of ['ps_cw', 'ps_ca', 'ps_li']) {
        const res = await clients[u].call('GET', req.url);
        expect(res.status, `${u} ${key}`).toBe(200);
        if (key.endsWith('/changes')) expect(JSON.stringify(res.json), `${u} ${key}`).toContain('范围测试');
      }
      for (const u of ['ps_cw_sib', 'ps_ca_o']) {
        const res = await clients[u].call('GET', req.url);
        expect([200, 404], `${u} ${key}`).toContain(res.status);
        expect(JSON.stringify(res.json ?? {}), `${u} ${key}`).not.toContain('范围测试');
      }
      expect((await sys.call('GET', req.url)).status, `system_admin ${key}`).toBe(403);
    }
    // Nothing imported (the reads are audited, so the audit trail grows: it is left out here).
    expect(await snapshotTables(db, ['poverty_snapshot', 'poverty_household', 'poverty_person'])).toBe(before);
  });
});
