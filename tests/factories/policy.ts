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
