import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, loginAs, testServer } from '../factories/api.ts';
import { runDoudi } from '../factories/cli.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser, TEST_PASSWORD } from '../factories/users.ts';

/**
 * Issue 9 point 2 (ADR 0013): a county administrator built a roll, created a county_approver account and approved the
 * roll with it. A role that reviews, approves or manages users, granted by an administrator, now waits for a second
 * administrator; until then the account cannot sign in nor act (web or CLI --as); the requester, the account's
 * creator and accounts the requester created cannot confirm; every step is audited.
 */
describe(`role grants need a second administrator (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  const c: Record<string, Client> = {};
  const NEW_PASSWORD = 'Marble-orchard-tides-8';

  beforeAll(async () => {
    db = await createTestDb();
    await makeUser(db, 'xadm', 'county_admin', AREAS.county);
    await makeUser(db, 'xadm2', 'county_admin', AREAS.county);
    await makeUser(db, 'oadm', 'county_admin', AREAS.otherCounty);
    await makeUser(db, 'sadm', 'system_admin', AREAS.city);
    await makeUser(db, 'sadm2', 'system_admin', AREAS.city);
    await makeUser(db, 'worker', 'township_caseworker', AREAS.township);
    app = await testServer(db);
    for (const u of ['xadm', 'xadm2', 'oadm', 'sadm', 'sadm2', 'worker']) c[u] = await loginAs(app, u);
  });
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  const login = (username: string, password = NEW_PASSWORD) => app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  const audits = async (action: string) => db.kysely.selectFrom('audit_event').select(['actor_name', 'entity_id']).where('action', '=', action).execute();

  it('an approver account a county administrator creates cannot sign in or act until another administrator confirms it', async () => {
    const made = await c.xadm.call('POST', '/api/users', { username: 'puppet', displayName: '傀儡审批', role: 'county_approver', area: AREAS.county, password: NEW_PASSWORD });
    expect(made.status, JSON.stringify(made.json)).toBe(201);
    expect(made.json.grantId).toEqual(expect.any(String));
    const denied = await login('puppet');
    expect(denied.statusCode).toBe(403);
    expect(denied.json().code).toBe('ACCOUNT_PENDING');
    expect(denied.cookies).toHaveLength(0);
    // Nor through the server's command line, where an operator acts as a named user.
    const cli = await runDoudi(db, ['payroll', 'approve', '--county', '211221', '--id', 'no-such-roll', '--as', 'puppet']);
    expect(cli.code).not.toBe(0);
    expect(cli.stderr).toContain('USER_UNKNOWN');
    const listed = (await c.xadm.call('GET', '/api/users')).json.find((u: { username: string }) => u.username === 'puppet');
    expect(listed).toMatchObject({ role: 'county_approver', roleConfirmed: false, mustChangePassword: true });

    // The requester cannot confirm, nor can an administrator of another county (who does not even see it).
    const own = await c.xadm.call('POST', `/api/user-grants/${made.json.grantId}/confirm`);
    expect(own.status).toBe(403);
    expect(own.json.code).toBe('GRANT_OWN_REQUEST');
    expect((await c.oadm.call('POST', `/api/user-grants/${made.json.grantId}/confirm`)).status).toBe(404);
    expect((await c.oadm.call('GET', '/api/user-grants')).json).toEqual([]);
    expect((await c.worker.call('GET', '/api/user-grants')).status).toBe(403);
    const seen = (await c.xadm2.call('GET', '/api/user-grants')).json;
    expect(seen).toEqual([expect.objectContaining({ id: made.json.grantId, username: 'puppet', role: 'county_approver', kind: 'create', requestedBy: 'xadm', canConfirm: true })]);
    expect((await c.xadm.call('GET', '/api/user-grants')).json[0].canConfirm).toBe(false);

    // A second administrator of the county confirms: the account signs in (password change and authenticator first).
    const ok = await c.xadm2.call('POST', `/api/user-grants/${made.json.grantId}/confirm`);
    expect(ok.status, JSON.stringify(ok.json)).toBe(200);
    const first = await login('puppet');
    expect(first.statusCode).toBe(200);
    expect(first.json().step).toBe('enrol');
    expect((await c.xadm2.call('POST', `/api/user-grants/${made.json.grantId}/confirm`)).status).toBe(404);
    expect(await audits('user.grant_requested')).toEqual([{ actor_name: 'xadm', entity_id: made.json.grantId }]);
    expect(await audits('user.grant_confirmed')).toEqual([{ actor_name: 'xadm2', entity_id: made.json.grantId }]);
  });

  it('an administrator cannot make another administrator of their own level, nor confirm through an account they created', async () => {
    const peer = await c.xadm.call('POST', '/api/users', { username: 'xadm3', role: 'county_admin', area: AREAS.county, password: NEW_PASSWORD });
    expect(peer.status).toBe(403);
    expect(peer.json.code).toBe('ROLE_NOT_GRANTABLE');
    // A system administrator makes a county administrator: pending, confirmed by another system administrator only.
    const cadm = await c.sadm.call('POST', '/api/users', { username: 'cadm', displayName: '铁岭县管理员 新', role: 'county_admin', area: AREAS.county, password: NEW_PASSWORD });
    expect(cadm.status).toBe(201);
    const lower = await c.xadm.call('POST', `/api/user-grants/${cadm.json.grantId}/confirm`);
    expect(lower.status).toBe(403);
    expect(lower.json.code).toBe('GRANT_LEVEL');
    expect((await c.sadm2.call('POST', `/api/user-grants/${cadm.json.grantId}/confirm`)).status).toBe(200);
    // cadm was created by sadm: it cannot confirm what sadm asks for (sadm would confirm through its own creature).
    const sig = await loginCadm();
    const rev = await c.sadm.call('POST', '/api/users', { username: 'rev1', role: 'township_reviewer', area: AREAS.township, password: NEW_PASSWORD });
    expect(rev.status).toBe(201);
    const viaCreature = await sig.call('POST', `/api/user-grants/${rev.json.grantId}/confirm`);
    expect(viaCreature.status).toBe(403);
    expect(viaCreature.json.code).toBe('GRANT_CREATED_BY_REQUESTER');
    // Nor may the creator of an account confirm a role change another administrator asks for it.
    const xrev = await c.xadm.call('POST', '/api/users', { username: 'rev2', role: 'township_caseworker', area: AREAS.township, password: NEW_PASSWORD });
    expect(xrev.json.grantId).toBeNull();
    const change = await c.xadm2.call('PUT', `/api/users/${xrev.json.id}/role`, { role: 'township_reviewer' });
    expect(change.json).toEqual({ applied: false, grantId: expect.any(String) });
    const creator = await c.xadm.call('POST', `/api/user-grants/${change.json.grantId}/confirm`);
    expect(creator.json.code).toBe('GRANT_CREATOR');
    expect((await c.sadm.call('POST', `/api/user-grants/${change.json.grantId}/confirm`)).status).toBe(200);
    const after = (await c.sadm.call('GET', '/api/users')).json.find((u: { username: string }) => u.username === 'rev2');
    expect(after.role).toBe('township_reviewer');

    async function loginCadm(): Promise<Client> {
      // cadm changes its password at first login, then uses the factory's login with the new one.
      const { injectLogin } = await import('../factories/raw-session.ts');
      const first = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'cadm', password: NEW_PASSWORD } });
      expect(first.json().step).toBe('enrol');
      await db.kysely.updateTable('app_user').set({ must_change_password: 0 }).where('username', '=', 'cadm').execute();
      await injectLogin(app, 'cadm', NEW_PASSWORD);
      return loginAs(app, 'cadm', NEW_PASSWORD);
    }
  });

  it('a role change of an existing user waits for confirmation; a lesser role applies at once; refusing and withdrawing end the request', async () => {
    const w = await c.xadm.call('POST', '/api/users', { username: 'worker2', role: 'township_caseworker', area: AREAS.township, password: NEW_PASSWORD });
    const up = await c.xadm.call('PUT', `/api/users/${w.json.id}/role`, { role: 'county_approver', area: '211221' });
    expect(up.json.applied).toBe(false);
    // Until confirmed the user keeps the old role (and its permissions only).
    expect((await c.xadm.call('GET', '/api/users')).json.find((u: { id: string }) => u.id === w.json.id).role).toBe('township_caseworker');
    expect((await c.xadm.call('PUT', `/api/users/${w.json.id}/role`, { role: 'township_reviewer' })).json.code).toBe('GRANT_PENDING');
    const refused = await c.xadm2.call('POST', `/api/user-grants/${up.json.grantId}/refuse`);
    expect(refused.json).toEqual({ state: 'refused' });
    const again = await c.xadm.call('PUT', `/api/users/${w.json.id}/role`, { role: 'township_reviewer' });
    expect((await c.xadm.call('POST', `/api/user-grants/${again.json.grantId}/refuse`)).json).toEqual({ state: 'withdrawn' });
    const lesser = await c.xadm.call('PUT', `/api/users/${w.json.id}/role`, { role: 'village_assistant', area: AREAS.village });
    expect(lesser.json).toEqual({ applied: true, grantId: null });
    expect((await audits('user.grant_refused')).length).toBe(1);
    expect((await audits('user.grant_withdrawn')).length).toBe(1);
    expect((await audits('user.role_changed')).map((a) => a.entity_id)).toContain(w.json.id);
    // A refused new account is deactivated: it never had its role.
    const n = await c.xadm.call('POST', '/api/users', { username: 'never', role: 'township_reviewer', area: AREAS.township, password: NEW_PASSWORD });
    await c.xadm2.call('POST', `/api/user-grants/${n.json.grantId}/refuse`);
    expect((await c.xadm.call('GET', '/api/users')).json.find((u: { username: string }) => u.username === 'never')).toMatchObject({ active: false, roleConfirmed: false });
    expect((await login('never')).json().code).toBe('AUTH_INVALID');
  });

  it('the operator lists pending grants and confirms one as a named administrator (doudi user grants / confirm --as)', async () => {
    const r = await c.xadm.call('POST', '/api/users', { username: 'rev3', role: 'township_reviewer', area: AREAS.township, password: NEW_PASSWORD });
    const list = await runDoudi(db, ['user', 'grants', '--json']);
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout).map((g: { id: string }) => g.id)).toContain(r.json.grantId);
    const noAs = await runDoudi(db, ['user', 'confirm', r.json.grantId]);
    expect(noAs.stderr).toContain('AS_REQUIRED');
    const own = await runDoudi(db, ['user', 'confirm', r.json.grantId, '--as', 'xadm']);
    expect(own.stderr).toContain('GRANT_OWN_REQUEST');
    const ok = await runDoudi(db, ['user', 'confirm', r.json.grantId, '--as', 'xadm2']);
    expect(ok.code, ok.stderr).toBe(0);
    expect((await login('rev3')).json().step).toBe('password');
    const ev = await db.kysely.selectFrom('audit_event').select(['actor_name']).where('action', '=', 'user.grant_confirmed').where('entity_id', '=', r.json.grantId).execute();
    expect(ev).toEqual([{ actor_name: 'xadm2 (CLI)' }]);
  }, 60_000);

  it('the operator’s own doudi user add grants a deciding role at once (ADR 0013), audited as the operator', async () => {
    const r = await runDoudi(db, ['user', 'add', 'opapprover', '--role', 'county_approver', '--area', '211221', '--password-stdin'], { stdin: `${TEST_PASSWORD}\n` });
    expect(r.code, r.stderr).toBe(0);
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'opapprover', password: TEST_PASSWORD } });
    expect(res.json().step).toBe('enrol');
    const ev = await db.kysely.selectFrom('audit_event').select(['actor_name', 'detail']).where('action', '=', 'user.create').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(ev.actor_name).toMatch(/^cli:/);
  }, 60_000);
});
