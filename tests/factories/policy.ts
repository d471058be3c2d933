import { actorForUsername } from '../../src/commands/enrollments/operator-actor.ts';
import { confirmOverrideAs, proposeOverrideAsOperator } from '../../src/commands/policy/overrides.ts';
import type { OverrideCreate, OverrideView } from '../../src/contracts/policy.ts';
import type { Db } from '../../src/db/connect.ts';
import { AREAS, makeUser } from './users.ts';

const CONFIRMER = 'policy_confirmer';

/**
 * A parameter override in force, as the two-person rule makes one (ADR 0017): the operator proposes it, a city
 * supervisor confirms it. For tests whose subject is what an override changes, not how it is agreed.
 */
export async function overrideInForce(db: Db, input: OverrideCreate, now = new Date()): Promise<OverrideView> {
  const proposed = await proposeOverrideAsOperator(db, 'cli:test', input, now);
  const exists = await db.kysely.selectFrom('app_user').select('id').where('username', '=', CONFIRMER).executeTakeFirst();
  if (!exists) await makeUser(db, CONFIRMER, 'city_supervisor', AREAS.city);
  return confirmOverrideAs(db, await actorForUsername(db, CONFIRMER), proposed.id, now);
}
