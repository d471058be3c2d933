import type { Kysely, Transaction } from 'kysely';
import type { Db } from '../../db/connect.ts';
import { overridesInForce } from '../../db/policy-override-repo.ts';
import type { Database, PolicyOverrideTable } from '../../db/schema.ts';
import { loadDefaultPolicy } from '../../policy/loader.ts';
import type { ParameterSet } from '../../policy/parameter-set.ts';
import type { ParamOverride } from '../../policy/types.ts';
import type { PlainDate } from '../../kernel/plain-date.ts';

/**
 * The parameters in force: the shipped YAML files with the confirmed overrides from the database layered on top
 * (pending and withdrawn ones are not in force: ADR 0017). Read once per use case (a few rows), never per determination.
 */
export async function loadParameterSet(db: Db): Promise<ParameterSet> {
  return parameterSetOf(db.kysely);
}

/** The same inside a transaction (a confirmation checks the set it changes). */
export async function parameterSetOf(q: Kysely<Database> | Transaction<Database>): Promise<ParameterSet> {
  return parameterSetFrom(await overridesInForce(q));
}

/**
 * One numeric parameter's value for a county on a day, reading only that parameter's overrides: what a step's check
 * needs (the required documents, on every step) without reading and layering every override in force.
 */
export async function numberInForce(q: Kysely<Database> | Transaction<Database>, name: string, county: string, day: PlainDate): Promise<number> {
  return parameterSetFrom(await overridesInForce(q, [name])).number(name, county, day).value;
}

/** The files with these override rows layered on top, in the order given (overridesInForce's). */
export function parameterSetFrom(rows: readonly PolicyOverrideTable[]): ParameterSet {
  const base = loadDefaultPolicy();
  if (rows.length === 0) return base;
  // A stored value outside its parameter's declared range can only predate the range (migration 0012): it is not
  // applied, so that no calculation, roll or simulation meets it (the override list shows it as not in force).
  return base.withOverrides(rows.map(overrideOf).filter((o) => base.overrideProblem(o) === null));
}

export function overrideOf(r: PolicyOverrideTable): ParamOverride {
  return { name: r.name, area: r.area, effectiveFrom: r.effective_from, value: JSON.parse(r.value_json), citation: r.citation, author: r.author };
}
