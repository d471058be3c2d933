import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorContext } from '../../src/commands/context.ts';
import { seedDemoIfEmpty } from '../../src/commands/demo/seed-demo.ts';
import { listOutreach } from '../../src/commands/outreach/outreach.ts';
import { loadParameterSet } from '../../src/commands/policy/parameters.ts';
import { mapRegistry } from '../../src/commands/registry/situation-from-registry.ts';
import type { OutreachList } from '../../src/contracts/outreach.ts';
import { RegistryRepo } from '../../src/db/registry-repo.ts';
import { scopeOf } from '../../src/db/scope.ts';
import type { PlainMonth } from '../../src/kernel/plain-date.ts';
import { determine } from '../../src/rules/engine.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';

const NOW = new Date('2019-08-12T02:00:00Z');
const MONTH = '2019-08' as PlainMonth;

/**
 * 应保尽保 on the starter demo (`npm start`'s 3,000 synthetic households over the city, enrolled as the demo enrolls
 * them): every finding of the city's outreach list is what the engine says of that household read on its own (the
 * case path's reader) and mapped for that programme and member — eligible, with the same monthly amount — and no listed
 * household has an enrollment in force or an open case (checked with SQL written here).
 */
describe(`outreach on the starter demo (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let list: OutreachList;

  beforeAll(async () => {
    db = await createTestDb();
    await seedDemoIfEmpty(db, { now: NOW });
    list = await listOutreach(operatorContext(db, { clock: () => NOW }), { month: MONTH });
  }, 300_000);
  afterAll(async () => {
    await db?.destroy();
  });

  it('lists households of the demo, each eligible as the engine finds it read alone, none enrolled or applying', async () => {
    const households = Number((await sql<{ n: number }>`select count(*) as n from household`.execute(db.kysely)).rows[0].n);
    expect(list.scanned).toBe(households);
    expect(list.rows.length).toBeGreaterThan(0);
    const ps = await loadParameterSet(db);
    const registry = new RegistryRepo(db.kysely, scopeOf('211200000000'));
    const covered = new Set(
      (
        await sql<{ k: string }>`select county_code || '/' || household_id as k from enrollment where status in ('active', 'suspended')
          union select county_code || '/' || household_id as k from assistance_case where open_program is not null`.execute(db.kysely)
      ).rows.map((r) => r.k),
    );
    for (const row of list.rows) {
      expect(covered.has(`${row.county}/${row.householdId}`), row.householdId).toBe(false);
      const household = (await registry.getHousehold(row.county, row.householdId))!;
      const facts = { household, ...(await registry.householdParts(household)) };
      for (const f of row.findings) {
        const m = mapRegistry(facts, { kind: f.kind, month: MONTH, ...(f.personId ? { applicantPersonId: f.personId } : {}) });
        if (!m.ok) throw new Error(`${row.householdId} ${f.kind}: not mapped`);
        const d = determine(m.situation, ps, { trace: true });
        expect(d.eligible, `${row.householdId} ${f.kind}`).toBe(true);
        expect(f.monthlyFen, `${row.householdId} ${f.kind}`).toBe(d.amount.fen);
      }
    }
    // The per-township totals add up the findings.
    expect(list.townships.reduce((a, t) => a + t.households, 0)).toBe(list.rows.length);
  }, 120_000);
});
