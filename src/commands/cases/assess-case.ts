import type { Transaction } from 'kysely';
import type { CaseListRow } from '../../db/case-repo.ts';
import { RegistryRepo } from '../../db/registry-repo.ts';
import type { Database } from '../../db/schema.ts';
import { notFound, scopeOf } from '../../db/scope.ts';
import type { PlainMonth } from '../../kernel/plain-date.ts';
import type { ParameterSet } from '../../policy/parameter-set.ts';
import type { Determination } from '../../rules/common/result.ts';
import { determine } from '../../rules/engine.ts';
import type { Situation } from '../../rules/situation.ts';
import type { Actor } from '../context.ts';
import { tekunCareFor, withCare } from '../enrollments/tekun-care.ts';
import { kindOf } from './case-context.ts';
import { type RegistryFacts, situationFromRegistry } from '../registry/situation-from-registry.ts';

/**
 * Runs the policy engine on a case's household as the registry holds it now, for the given benefit month. The
 * household is read through the acting user's area scope, like every other read; the rows read are returned too
 * (approval schedules the first review from them).
 */
export async function assessCase(
  trx: Transaction<Database>,
  actor: Actor,
  ps: ParameterSet,
  row: CaseListRow,
  month: PlainMonth,
  opts: { trace: boolean },
): Promise<{ situation: Situation; determination: Determination; facts: RegistryFacts }> {
  const registry = new RegistryRepo(trx, scopeOf(actor.areaCode));
  const household = await registry.getHousehold(row.county_code, row.household_id);
  if (!household) throw notFound({ zh: '家庭', en: 'household' });
  const facts: RegistryFacts = { household, ...(await registry.householdParts(household)) };
  // A tekun case's care record (the investigation's assessment of the six items, a level set by hand) decides its care level (ADR 0027).
  const care = row.program === 'tekun' ? await tekunCareFor(actor, trx).careOf(row.county_code, 'case', [row.id]) : undefined;
  const situation = withCare(situationFromRegistry(facts, { kind: kindOf(row), applicantPersonId: row.applicant_person_id, month }), care, month);
  return { situation, determination: determine(situation, ps, { trace: opts.trace }), facts };
}
