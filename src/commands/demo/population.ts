import type { AssetItemTable, HouseholdTable, IncomeItemTable, PersonTable } from '../../db/schema.ts';
import { type PlainDate, toEpochDay } from '../../kernel/plain-date.ts';
import { drawEconomy } from './economics.ts';
import { type MemberPlan, planHousehold } from './household-shapes.ts';
import type { IdAllocator } from './id-allocator.ts';
import { randomGivenName, randomSurname } from './names.ts';
import { drawTraits, supporterStatuses } from './person-traits.ts';
import { createRng, cumulate, type Rng, runIdSource, weightedIndex } from './prng.ts';

/**
 * 合成人口 The synthetic population: a stream of whole households (household, members, incomes, assets) drawn
 * from a seeded generator, so the same seed, scope and reference day always give the same rows. Pure: the caller
 * supplies the villages and the ID-number allocator and decides where the rows go.
 */
export interface VillageRef {
  code: string;
  countyIndex: number;
  /** Township and village name as written in an address ("凡河镇腰堡村"). */
  place: string;
  /** An urban community (社区) rather than a village (村): fewer households, more urban hukou. */
  community: boolean;
}

export interface PopulationOptions {
  seed: string;
  /** 'city' or the 6-digit county the population is confined to: part of the random stream. */
  scope: string;
  /** The day ages refer to. */
  asOf: PlainDate;
  counties: readonly string[];
  villages: readonly VillageRef[];
  allocator: IdAllocator;
  /** created_at / updated_at of every row (ISO-8601). */
  now: string;
}

/**
 * A generated household as the generator sees it: ID numbers, bank account and phone in clear. They are sealed only
 * when the rows are written (bulk-writer.ts, ADR 0012), so the same seed still gives the same population.
 */
export type ClearHousehold = Omit<HouseholdTable, 'bank_account_sealed' | 'bank_account_hash' | 'phone_sealed'> & { bank_account: string | null; phone: string | null };
export type ClearPerson = Omit<PersonTable, 'id_number_sealed' | 'id_hash'> & { id_number: string };

export interface GeneratedHousehold {
  household: ClearHousehold;
  persons: ClearPerson[];
  incomes: IncomeItemTable[];
  assets: AssetItemTable[];
}

const YEAR_DAYS = 365.2425;

export function createPopulation(opts: PopulationOptions): { next(): GeneratedHousehold } {
  const rng = createRng(`doudi-demo:${opts.seed}:${opts.scope}:${opts.asOf}`);
  // Ids come from a stream of their own, so a change to the model does not renumber every row.
  const nextId = runIdSource(createRng(`doudi-demo-ids:${opts.seed}:${opts.scope}`));
  const villageCum = cumulate(opts.villages.map((v) => (v.community ? 0.35 : 1)));
  const asOfDay = toEpochDay(opts.asOf);
  const asOfYear = Number(opts.asOf.slice(0, 4));
  const { now } = opts;

  return {
    next() {
      const village = opts.villages[weightedIndex(rng, villageCum)];
      const county = opts.counties[village.countyIndex];
      const rural = village.community ? rng.chance(0.45) : rng.chance(0.98);
      const householdId = nextId();
      const plans = planHousehold(rng);
      const traits = plans.map((p) => drawTraits(rng, p));
      const supporters = supporterStatuses(rng, plans, traits);
      const names = memberNames(rng, plans, asOfYear);
      const persons: ClearPerson[] = plans.map((p, i) => {
        const wanted = asOfDay - Math.floor((p.age + rng.float()) * YEAR_DAYS);
        const id = opts.allocator.allocate(village.countyIndex, wanted, p.sex);
        const t = traits[i];
        // College students often move their hukou to the school's city.
        const personRural = t.inSchool && p.age >= 19 && rng.chance(0.5) ? false : rural;
        return {
          county_code: county,
          id: nextId(),
          household_id: householdId,
          area_code: village.code,
          id_number: id.idNumber,
          name: names[i],
          sex: p.sex,
          birth_date: id.birthDate,
          relation: p.relation,
          hukou_type: personRural ? 'rural' : 'urban',
          disability_kind: t.disabilityKind,
          disability_grade: t.disabilityGrade,
          serious_illness: t.seriousIllness ? 1 : 0,
          labor_capacity: t.laborCapacity,
          self_care_mask: t.selfCareMask,
          supporter_status: supporters[i],
          in_school: t.inSchool ? 1 : 0,
          synthetic: 1,
          version: 1,
          created_at: now,
          updated_at: now,
        };
      });
      const economy = drawEconomy(
        rng,
        plans.map((plan, i) => ({ plan, traits: traits[i], supporter: supporters[i] })),
        { rural },
      );
      const household: ClearHousehold = {
        county_code: county,
        id: householdId,
        area_code: village.code,
        address: `${village.place}${rng.int(1, 320)}号（合成 synthetic）`,
        hukou_type: rural ? 'rural' : 'urban',
        registered_poor: economy.registeredPoor ? 1 : 0,
        bank_name: economy.bankName,
        bank_account: economy.bankAccount,
        // Local numbers never start with 0, so "0410-0…" cannot ring anyone in Tieling.
        phone: rng.chance(0.75) ? `0410-0${String(rng.int(0, 9_999_999)).padStart(7, '0')}` : null,
        head_name: names[0],
        member_count: persons.length,
        synthetic: 1,
        version: 1,
        created_at: now,
        updated_at: now,
      };
      const incomes: IncomeItemTable[] = economy.incomes.map((it) => ({
        county_code: county,
        id: nextId(),
        household_id: householdId,
        person_id: it.personIndex === null ? null : persons[it.personIndex].id,
        kind: it.kind,
        annual_fen: it.fen,
        note: it.note,
        created_at: now,
      }));
      const assets: AssetItemTable[] = economy.assets.map((it) => ({
        county_code: county,
        id: nextId(),
        household_id: householdId,
        kind: it.kind,
        value_fen: it.fen,
        quantity: it.quantity,
        note: it.note,
        created_at: now,
      }));
      return { household, persons, incomes, assets };
    },
  };
}

/** Children carry their father's surname, the head's parents and siblings the head's, spouses their own. */
function memberNames(rng: Rng, plans: readonly MemberPlan[], asOfYear: number): string[] {
  const headSurname = randomSurname(rng);
  const spouse = plans.find((p) => p.relation === 'spouse');
  const spouseSurname = spouse ? randomSurname(rng) : null;
  const fatherSurname = plans[0].sex === 'M' ? headSurname : (spouseSurname ?? (rng.chance(0.5) ? headSurname : randomSurname(rng)));
  return plans.map((p, i) => {
    let surname: string;
    if (i === 0) surname = headSurname;
    else if (p.relation === 'spouse') surname = spouseSurname ?? randomSurname(rng);
    else if (p.relation === 'child') surname = fatherSurname;
    else if (p.relation === 'parent') surname = p.sex === 'M' ? headSurname : randomSurname(rng);
    else if (p.relation === 'grandchild') surname = rng.chance(0.75) ? fatherSurname : randomSurname(rng);
    else surname = headSurname;
    return surname + randomGivenName(rng, p.sex, asOfYear - p.age);
  });
}
