import type { RegistryBatch } from '../../db/simulation-source.ts';
import type { PlainMonth } from '../../kernel/plain-date.ts';
import type { Situation } from '../../rules/situation.ts';
import { mapRegistry, type RegistryRows } from '../registry/situation-from-registry.ts';

/**
 * A registry household as the engine's dibao situation (household unit), built once and determined under both
 * parameter sets, plus the members worth a tekun determination (each as `{ ...dibao, program: 'tekun', applicant }`,
 * the situation the mapping gives a tekun case of that member).
 */
export interface RegistryHousehold {
  householdId: string;
  dibao: Situation;
  /** Indices of members with no labour capacity and no supporter known to be able: only they can be tekun. */
  tekunCandidates: number[];
  /** The household's rows as the mapping read them (the outreach scan maps one member from them: tekun, 单人保). */
  rows: RegistryRows;
}

/**
 * The batch's households as situations for `month`, through the one registry → situation mapping. The batch's rows
 * come ordered by household id (the database's order, the same for every query of the batch), so members, incomes
 * and assets are matched to their household by walking the lists side by side. A household the mapping refuses (no
 * member in the month: all born later; data the engine cannot take) is not assessed, as a case of it would be refused.
 */
export function registrySituations(batch: RegistryBatch, month: PlainMonth): RegistryHousehold[] {
  const { persons, incomes, assets } = batch;
  let pi = 0;
  let ii = 0;
  let ai = 0;
  const out: RegistryHousehold[] = [];
  for (const household of batch.households) {
    const id = household.id;
    const p0 = pi;
    while (pi < persons.length && persons[pi].household_id === id) pi++;
    const i0 = ii;
    while (ii < incomes.length && incomes[ii].household_id === id) ii++;
    const a0 = ai;
    while (ai < assets.length && assets[ai].household_id === id) ai++;
    const rows: RegistryRows = { household, members: persons.slice(p0, pi), incomes: incomes.slice(i0, ii), assets: assets.slice(a0, ai) };
    const mapped = mapRegistry(rows, { kind: 'dibao_household', month });
    if (!mapped.ok) continue;
    const dibao = mapped.situation;
    const tekunCandidates: number[] = [];
    dibao.household.members.forEach((m, i) => {
      if (m.laborCapacity === 'none' && m.supporter !== 'able') tekunCandidates.push(i);
    });
    out.push({ householdId: id, dibao, tekunCandidates, rows });
  }
  if (pi < persons.length || ii < incomes.length || ai < assets.length) {
    // A row left over means the queries disagreed on the order: never guess which household it belongs to.
    throw new Error(`registry batch of ${batch.county}: rows not in household order (persons ${pi}/${persons.length}, incomes ${ii}/${incomes.length}, assets ${ai}/${assets.length})`);
  }
  return out;
}
