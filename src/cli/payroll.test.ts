import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDoudi } from '../../tests/factories/cli.ts';
import { enrollPopulation } from '../../tests/factories/payroll-population.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../../tests/factories/test-db.ts';
import { AREAS, makeUser } from '../../tests/factories/users.ts';
import { buildRoll } from '../commands/payroll/build-roll.ts';

const C = '211221';

/** `doudi payroll approve --as USER`: the approver is a named user, with the web app's role, area and maker ≠ checker rules. */
describe(`doudi payroll approve (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let rollId: string;
  const approve = (as: string, ...more: string[]) => runDoudi(db, ['payroll', 'approve', '--county', C, '--id', rollId, '--as', as, ...more]);
  const roll = () => db.kysely.selectFrom('payroll_roll').selectAll().where('county_code', '=', C).where('id', '=', rollId).executeTakeFirstOrThrow();

  beforeAll(async () => {
    db = await createTestDb();
    const maker = await makeUser(db, 'pa_maker', 'county_approver', AREAS.county);
    await makeUser(db, 'pa_checker', 'county_approver', AREAS.county);
    await makeUser(db, 'pa_admin', 'county_admin', AREAS.county);
    await makeUser(db, 'pa_other', 'county_approver', AREAS.otherCounty);
    await enrollPopulation(db, { county: C, villages: [AREAS.village], households: 12, prefix: 'cl', startMonth: '2019-01' });
    // Built in the web app by an approver: that approver is the roll's maker.
    rollId = (await buildRoll({ db, actor: maker, clock: () => new Date() }, { county: C, program: 'dibao', month: '2019-09' })).rollId;
  }, 120_000);
  afterAll(async () => {
    await db?.destroy();
  });

  it('refuses the maker, a role without approval, an approver of another county and an unknown user; changes nothing', async () => {
    const cases: [string, string][] = [
      ['pa_maker', 'PAYROLL_MAKER_CHECKER'],
      ['pa_admin', 'PERMISSION_DENIED'],
      ['pa_other', 'NOT_FOUND'],
      ['nobody', 'USER_UNKNOWN'],
    ];
    for (const [as, code] of cases) {
      const r = await approve(as);
      expect(r.code, `${as}: ${r.stderr}`).toBe(1);
      expect(r.stderr.startsWith(`${code}:`), `${as}: ${r.stderr}`).toBe(true);
    }
    expect(await roll()).toMatchObject({ status: 'built', approved_by: null });
  });

  it('approves as another county approver, named and audited; a second approval is refused', async () => {
    const r = await approve('pa_checker', '--json');
    expect(r.code, r.stderr).toBe(0);
    const view = JSON.parse(r.stdout);
    expect(view).toMatchObject({ id: rollId, status: 'approved', approvedByName: 'pa_checker (CLI)' });
    const checker = await db.kysely.selectFrom('app_user').select('id').where('username', '=', 'pa_checker').executeTakeFirstOrThrow();
    expect(await roll()).toMatchObject({ status: 'approved', approved_by: checker.id });
    const audit = await db.kysely.selectFrom('audit_event').selectAll().where('action', '=', 'payroll.approve').where('entity_id', '=', rollId).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: checker.id, actor_name: 'pa_checker', chain: C });
    const again = await approve('pa_checker');
    expect([again.code, again.stderr.split(':')[0]]).toEqual([1, 'PAYROLL_ALREADY_APPROVED']);
    const text = await runDoudi(db, ['payroll', 'list', '--county', C]);
    expect(text.stdout).toContain('approved');
  });
});
