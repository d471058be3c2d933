import type { Kysely, Transaction } from 'kysely';
import { RegistryRepo } from '../../db/registry-repo.ts';
import type { Database, EnrollmentTable, TekunCareTable } from '../../db/schema.ts';
import { notFound, scopeOf } from '../../db/scope.ts';
import type { PlainMonth } from '../../kernel/plain-date.ts';
import type { ParameterSet } from '../../policy/parameter-set.ts';
import type { Determination } from '../../rules/common/result.ts';
import { determine } from '../../rules/engine.ts';
import type { Situation } from '../../rules/situation.ts';
import type { CaseKind } from '../../workflow/case-types.ts';
import type { Actor } from '../context.ts';
import { type RegistryFacts, situationFromRegistry } from '../registry/situation-from-registry.ts';
import { tekunCareFor, withCare } from './tekun-care.ts';

type Q = Kysely<Database> | Transaction<Database>;
type EnrollmentKey = Pick<EnrollmentTable, 'county_code' | 'program' | 'unit' | 'household_id' | 'person_id'>;

/** The case kind an enrollment came from: the engine assesses it the same way as the decision did. */
export function kindOfEnrollment(e: Pick<EnrollmentTable, 'program' | 'unit'>): CaseKind {
  if (e.program === 'tekun') return 'tekun';
  return e.unit === 'individual' ? 'dibao_individual' : 'dibao_household';
}

/**
 * The engine's situation for an enrollment in `month`, from the registry as it holds the household now (the choice
 * documented in docs/decisions/0007: the registry keeps no history, so a month is assessed on today's facts; the
 * mapping leaves out members born after it). A household unit is assessed for the household: the person who applied
 * may have left it since, so only tekun and individual units name the person assessed.
 */
export function situationForEnrollment(facts: RegistryFacts, e: EnrollmentKey, month: PlainMonth, care?: readonly TekunCareTable[]): Situation {
  const kind = kindOfEnrollment(e);
  const s = situationFromRegistry(facts, { kind, month, ...(kind === 'dibao_household' ? {} : { applicantPersonId: e.person_id ?? undefined }) });
  // A tekun enrollment's care record in force that month decides its care level (ADR 0027).
  return withCare(s, care, month);
}

/** One enrollment's household read through the acting user's scope, assessed for `month`. */
export async function assessEnrollment(
  trx: Q,
  actor: Actor,
  ps: ParameterSet,
  e: EnrollmentKey & { id?: string },
  month: PlainMonth,
  o: { care?: readonly TekunCareTable[] } = {},
): Promise<{ situation: Situation; determination: Determination; facts: RegistryFacts }> {
  const registry = new RegistryRepo(trx, scopeOf(actor.areaCode));
  const household = await registry.getHousehold(e.county_code, e.household_id);
  if (!household) throw notFound({ zh: '家庭', en: 'household' });
  const facts = { household, ...(await registry.householdParts(household)) };
  const care = o.care ?? (e.program === 'tekun' && e.id ? await tekunCareFor(actor, trx).careOf(e.county_code, 'enrollment', [e.id]) : undefined);
  const situation = situationForEnrollment(facts, e, month, care);
  return { situation, determination: determine(situation, ps, { trace: true }), facts };
}
