import type { RegistryBatch, SourcePerson } from '../../db/simulation-source.ts';
import type { PlainDate, PlainMonth } from '../../kernel/plain-date.ts';
import { type DisabilityKind, INCOME_KINDS, type Income, type IncomeKind, type Member, type Situation, type Supporter } from '../../rules/situation.ts';

/**
 * A registry household as the engine's dibao situation (household unit), built once and determined under both
 * parameter sets, plus the members worth a tekun determination. Every member is co-resident: the registry has no
 * prisoners' or clergy's status to read.
 */
export interface RegistryHousehold {
  dibao: Situation;
  /** Indices of members with no labour capacity and no supporter known to be able: only they can be tekun. */
  tekunCandidates: number[];
}

const KNOWN_KINDS = new Set<string>(INCOME_KINDS);

/** Six self-care items, one bit each: the number failed is the number of bits set. */
function failedItems(mask: number): number {
  let n = 0;
  for (let m = mask & 0b111111; m !== 0; m &= m - 1) n++;
  return n;
}

function memberOf(p: SourcePerson): Member {
  const m: Member = {
    birthDate: p.birth_date as PlainDate,
    relation: 'other',
    seriousIllness: Number(p.serious_illness) === 1,
    laborCapacity: p.labor_capacity,
    selfCareFailed: failedItems(Number(p.self_care_mask)),
    supporter: p.supporter_status as Supporter,
    status: 'resident',
  };
  if (p.disability_kind !== null && p.disability_grade !== null) m.disability = { kind: p.disability_kind as DisabilityKind, grade: Number(p.disability_grade) };
  return m;
}

const NO_ASSETS = Object.freeze({ financial: 0, vehicles: 0 });

/**
 * The batch's households as situations for `month`. The batch's rows come ordered by household id (the database's
 * order, the same for every query of the batch), so members, incomes and assets are matched to their household by
 * walking the lists side by side. Households left with no member (all born after the month) are not assessed.
 * Income kinds the engine does not know count as `other`: counted, never silently excluded.
 */
export function registrySituations(batch: RegistryBatch, month: PlainMonth): RegistryHousehold[] {
  const { persons, incomes, assets } = batch;
  let pi = 0;
  let ii = 0;
  let ai = 0;
  const out: RegistryHousehold[] = [];
  for (const h of batch.households) {
    const id = h.id;
    const members: Member[] = [];
    const tekunCandidates: number[] = [];
    for (; pi < persons.length && persons[pi].household_id === id; pi++) {
      const m = memberOf(persons[pi]);
      if (m.laborCapacity === 'none' && m.supporter !== 'able') tekunCandidates.push(members.length);
      members.push(m);
    }
    const own: Income[] = [];
    for (; ii < incomes.length && incomes[ii].household_id === id; ii++) {
      const x = incomes[ii];
      const fen = Number(x.fen);
      if (fen !== 0) own.push({ kind: (KNOWN_KINDS.has(x.kind) ? x.kind : 'other') as IncomeKind, annual: fen / 100 });
    }
    let held: { financial: number; vehicles: number } = NO_ASSETS;
    if (ai < assets.length && assets[ai].household_id === id) {
      held = { financial: Number(assets[ai].financial_fen) / 100, vehicles: Number(assets[ai].vehicles) };
      ai++;
    }
    if (members.length === 0) continue;
    out.push({
      dibao: {
        program: 'dibao',
        month,
        county: batch.county,
        unit: 'household',
        household: { hukou: h.hukou_type, registeredPoor: Number(h.registered_poor) === 1, members, incomes: own, deductions: [], assets: held },
      },
      tekunCandidates,
    });
  }
  if (pi < persons.length || ii < incomes.length || ai < assets.length) {
    // A row left over means the queries disagreed on the order: never guess which household it belongs to.
    throw new Error(`registry batch of ${batch.county}: rows not in household order (persons ${pi}/${persons.length}, incomes ${ii}/${incomes.length}, assets ${ai}/${assets.length})`);
  }
  return out;
}
