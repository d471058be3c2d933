import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrollDemo, SYNTHETIC_DECIDER } from '../../src/commands/demo/enroll-demo.ts';
import { generateDemo } from '../../src/commands/demo/generate-demo.ts';
import { seedDemoIfEmpty, seedDemoRequiredDocumentsIfNone, seedDemoReservesIfNone } from '../../src/commands/demo/seed-demo.ts';
import { seedDemoUsers } from '../../src/commands/admin/demo-users.ts';
import { termsOf as toTerms } from '../../src/commands/enrollments/enrollment-context.ts';
import { situationForEnrollment } from '../../src/commands/enrollments/registry-facts.ts';
import { loadParameterSet } from '../../src/commands/policy/parameters.ts';
import { RegistryRepo } from '../../src/db/registry-repo.ts';
import { scopeOf } from '../../src/db/scope.ts';
import { addMonths, chinaDateOf, type PlainDate, type PlainMonth } from '../../src/kernel/plain-date.ts';
import { determine } from '../../src/rules/engine.ts';
import { termAt } from '../../src/workflow/review-terms.ts';
import { runDoudi } from '../factories/cli.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { operatorContext } from '../../src/commands/context.ts';

const NOW = new Date('2026-01-05T02:00:00Z');
const ACTOR = { userId: null, username: 'system:test' };
const COUNTY = '211224';

describe(`the demo enrolls the synthetic households that qualify (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let first: Awaited<ReturnType<typeof enrollDemo>>;

  beforeAll(async () => {
    db = await createTestDb();
    await generateDemo(operatorContext(db, { name: ACTOR.username, clock: () => NOW }), { households: 600, seed: 'enroll-demo', county: COUNTY });
    first = await enrollDemo(operatorContext(db, { name: ACTOR.username, clock: () => NOW }));
  }, 120_000);
  afterAll(async () => {
    await db?.destroy();
  });

  it('through approved cases with decisions marked synthetic, from 2019-01 on, at the engine’s amount of the start month', async () => {
    expect(first.dibao).toBeGreaterThan(20);
    expect(first.examined).toBe(600);
    const rows = await db.kysely
      .selectFrom('enrollment as e')
      .innerJoin('case_decision as d', (j) => j.onRef('d.county_code', '=', 'e.county_code').onRef('d.id', '=', 'e.decision_id'))
      .innerJoin('assistance_case as c', (j) => j.onRef('c.county_code', '=', 'd.county_code').onRef('c.id', '=', 'd.case_id'))
      .innerJoin('household as h', (j) => j.onRef('h.county_code', '=', 'e.county_code').onRef('h.id', '=', 'e.household_id'))
      .select(['e.id', 'e.program', 'e.unit', 'e.household_id', 'e.person_id', 'e.start_month', 'e.county_code', 'd.decider_role', 'd.decider_name', 'd.benefit_from', 'c.state', 'h.synthetic'])
      .execute();
    expect(rows).toHaveLength(first.dibao + first.tekun);
    for (const r of rows) {
      expect(r).toMatchObject({ decider_role: SYNTHETIC_DECIDER.role, decider_name: SYNTHETIC_DECIDER.name, state: 'approved', benefit_from: r.start_month });
      expect(Number(r.synthetic)).toBe(1);
      expect(r.start_month >= '2019-01' && r.start_month <= '2026-01').toBe(true);
    }
    expect(rows.filter((r) => r.start_month === '2019-01').length).toBeGreaterThan(rows.length / 4);

    // Every first term is the engine's amount for its start month; every later month follows the parameters of that
    // month (the recalculation ran across 2019-07 and 2021-07) and the members born by then: checked against the
    // engine for every month to 2025-12 where the household still qualifies.
    const ps = await loadParameterSet(db);
    const facts = await new RegistryRepo(db.kysely, scopeOf('211200000000')).householdsWithParts(COUNTY, rows.map((r) => r.household_id));
    const terms = await db.kysely.selectFrom('enrollment_term').selectAll().where('county_code', '=', COUNTY).orderBy('from_month').execute();
    let checked = 0;
    for (const r of rows) {
      const own = toTerms(terms.filter((t) => t.enrollment_id === r.id));
      expect(own[0]).toMatchObject({ fromMonth: r.start_month, basis: 'decision' });
      for (let m = r.start_month as PlainMonth; m <= '2025-12'; m = addMonths(m, 1)) {
        const d = determine(situationForEnrollment(facts.get(r.household_id)!, r, m), ps);
        if (!d.eligible) continue;
        expect(termAt(own, m)?.amountFen, `${r.id} ${m}`).toBe(d.amount.fen);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(rows.length * 12);
    const july = terms.filter((t) => t.from_month === '2019-07' && t.basis === 'recalculation');
    expect(july.length).toBeGreaterThan(10);
    expect(first.recalculatedTerms).toBeGreaterThanOrEqual(july.length);
    // Every running enrollment is scheduled for review.
    const scheduled = await db.kysely.selectFrom('review_schedule').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(scheduled.n)).toBe(rows.length);
  });

  it('a rerun adds nothing, and a roll can be built for July 2019 from what was enrolled', async () => {
    const count = async () => Number((await db.kysely.selectFrom('enrollment_term').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const again = await enrollDemo(operatorContext(db, { name: ACTOR.username, clock: () => NOW }));
    expect(again).toMatchObject({ dibao: 0, tekun: 0, recalculatedTerms: 0, scheduled: 0 });
    expect(await count()).toBe(before);
    const roll = await runDoudi(db, ['payroll', 'build', '--county', COUNTY, '--month', '2019-07', '--json']);
    expect(roll.code, roll.stderr).toBe(0);
    const r = JSON.parse(roll.stdout);
    const paid = await db.kysely
      .selectFrom('enrollment_term')
      .innerJoin('enrollment', (j) => j.onRef('enrollment.county_code', '=', 'enrollment_term.county_code').onRef('enrollment.id', '=', 'enrollment_term.enrollment_id'))
      .select(['enrollment_term.enrollment_id', 'enrollment_term.from_month', 'enrollment_term.amount_fen'])
      .where('enrollment.program', '=', 'dibao')
      .where('enrollment_term.from_month', '<=', '2019-07')
      .orderBy('enrollment_term.from_month')
      .execute();
    const inJuly = new Map<string, number>();
    for (const t of paid) inJuly.set(t.enrollment_id, Number(t.amount_fen));
    expect(r.lines).toBe(inJuly.size);
    expect(r.totalFen).toBe([...inJuly.values()].reduce((s, x) => s + x, 0));
  }, 120_000);

  it('npm start’s starter demo enrolls too', async () => {
    const e = await createTestDb();
    try {
      const msg = await seedDemoIfEmpty(e, { households: 200, seed: 'starter-enroll', now: NOW });
      expect(msg).toContain('合成保障对象 synthetic enrollments');
      expect(Number((await e.kysely.selectFrom('enrollment').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)).toBeGreaterThan(0);
      // The township reserves (ADR 0039): topped up by the demo's county approvers for their townships, once.
      await seedDemoUsers(e, NOW);
      const reserves = await seedDemoReservesIfNone(e);
      expect(reserves).toContain('演示备用金');
      const rows = await e.kysely.selectFrom('township_reserve').select(['township_code', 'balance_fen']).execute();
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) expect(Number(r.balance_fen)).toBe(2_000_000);
      expect(await seedDemoReservesIfNone(e)).toBeNull();
      // The required documents (ADR 0049): 铁岭县's new cases from the demo's day need their files; other counties not.
      expect(await seedDemoRequiredDocumentsIfNone(e, NOW)).toContain('演示必备材料');
      const day = chinaDateOf(NOW);
      const ps = await loadParameterSet(e);
      expect(ps.number('procedure.requiredDocuments.enforced', '211221', day).value).toBe(1);
      expect(ps.number('procedure.requiredDocuments.enforced', '211221', '2019-07-01' as PlainDate).value).toBe(0);
      expect(ps.number('procedure.requiredDocuments.enforced', '211223', day).value).toBe(0);
      const overrides = await e.kysely.selectFrom('policy_override').select(['status', 'author_name', 'confirmed_by_name']).where('name', '=', 'procedure.requiredDocuments.enforced').execute();
      expect(overrides).toEqual([{ status: 'confirmed', author_name: '系统管理员 (CLI)', confirmed_by_name: '市局督查 周敏 (CLI)' }]);
      expect(await seedDemoRequiredDocumentsIfNone(e, NOW)).toBeNull();
    } finally {
      await e.destroy();
    }
  }, 120_000);
});
