import { randomUUID } from 'node:crypto';
import { contextAs } from '../../src/commands/auth/acting-user.ts';
import { operatorContext } from '../../src/commands/context.ts';
import { confirmOverride, proposeOverride } from '../../src/commands/policy/overrides.ts';
import type { OverrideCreate, OverrideView } from '../../src/contracts/policy.ts';
import type { Db } from '../../src/db/connect.ts';
import { AREAS, makeUser } from './users.ts';

const CONFIRMER = 'policy_confirmer';

/**
 * A parameter override in force, as the two-person rule makes one (ADR 0017): the operator proposes it, a city
 * supervisor confirms it. For tests whose subject is what an override changes, not how it is agreed.
 */
export async function overrideInForce(db: Db, input: OverrideCreate, now = new Date()): Promise<OverrideView> {
  const proposed = await proposeOverride(operatorContext(db, { name: 'cli:test', clock: () => now }), input);
  const exists = await db.kysely.selectFrom('app_user').select('id').where('username', '=', CONFIRMER).executeTakeFirst();
  if (!exists) await makeUser(db, CONFIRMER, 'city_supervisor', AREAS.city);
  return confirmOverride({ ...(await contextAs(db, CONFIRMER)), clock: () => now }, { id: proposed.id, input: {} });
}

/**
 * A confirmed override written straight into the table, as rows from before the checks of ADR 0017 are (no confirmer):
 * for tests of what the data may already hold — a county without a value, a floor already failing.
 */
export async function legacyOverride(db: Db, o: { name: string; area: string; effectiveFrom: string; value: number | string[] | null }): Promise<string> {
  const id = randomUUID();
  await db.kysely
    .insertInto('policy_override')
    .values({
      id, name: o.name, area: o.area, effective_from: o.effectiveFrom, value_json: JSON.stringify(o.value), citation: '旧数据 legacy', author: 'legacy',
      created_at: new Date().toISOString(), status: 'confirmed', author_id: null, author_name: null, back_pay: 0, confirmed_by: null, confirmed_by_name: null,
      confirmed_at: null, withdrawn_by: null, withdrawn_by_name: null, withdrawn_at: null, withdraw_reason: null, version: 1,
    })
    .execute();
  return id;
}
