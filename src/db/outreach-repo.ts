import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.ts';
import type { AreaScope } from './scope.ts';

type Q = Kysely<Database> | Transaction<Database>;

/**
 * 应保尽保 The registry's side of the outreach list (issue 16 point 5, ADR 0047): which households of a county (within
 * the scope) are already covered — a dibao or tekun enrollment not ended, or an open dibao or tekun case — and the
 * names a caseworker needs to visit the others. The households themselves are read by the simulation's batch reader
 * (simulation-source.ts); these reads take the same scope (a village scope narrows by `area_code`).
 */
export async function coveredHouseholds(q: Q, scope: AreaScope, county: string): Promise<Set<string>> {
  const like = scope.prefix.length > 6 ? `${scope.prefix}%` : null;
  let e = q
    .selectFrom('enrollment')
    .select('enrollment.household_id as id')
    .where('enrollment.county_code', '=', county)
    .where('enrollment.status', 'in', ['active', 'suspended'])
    .where('enrollment.program', 'in', ['dibao', 'tekun']);
  let c = q
    .selectFrom('assistance_case')
    .select('assistance_case.household_id as id')
    .where('assistance_case.county_code', '=', county)
    .where('assistance_case.open_program', 'in', ['dibao', 'tekun']);
  if (like) {
    e = e.where('enrollment.household_id', 'in', (eb) => eb.selectFrom('household').select('household.id').where('household.county_code', '=', county).where('household.area_code', 'like', like));
    c = c.where('assistance_case.area_code', 'like', like);
  }
  const rows = [...(await e.execute()), ...(await c.execute())];
  return new Set(rows.map((r) => r.id));
}

/** The households' head, village and size, and the named members' names (in the scope: others are absent). */
export async function outreachLabels(q: Q, scope: AreaScope, county: string, householdIds: readonly string[], personIds: readonly string[]) {
  const like = scope.prefix.length > 6 ? `${scope.prefix}%` : null;
  const households = new Map<string, { area_code: string; head_name: string; member_count: number; registered_poor: number }>();
  const persons = new Map<string, string>();
  for (let i = 0; i < householdIds.length; i += 500) {
    let hq = q
      .selectFrom('household')
      .select(['id', 'area_code', 'head_name', 'member_count', 'registered_poor'])
      .where('county_code', '=', county)
      .where('id', 'in', householdIds.slice(i, i + 500));
    if (like) hq = hq.where('area_code', 'like', like);
    for (const h of await hq.execute()) households.set(h.id, h);
  }
  for (let i = 0; i < personIds.length; i += 500) {
    const rows = await q.selectFrom('person').select(['id', 'name']).where('county_code', '=', county).where('id', 'in', personIds.slice(i, i + 500)).execute();
    for (const p of rows) persons.set(p.id, p.name);
  }
  return { households, persons };
}
