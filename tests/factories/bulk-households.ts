import type { Db } from '../../src/db/connect.ts';
import { analyzeAfterBulk } from './analyze.ts';
import { sealIdNumber } from '../../src/db/personal-data.ts';
import type { HouseholdTable, PersonTable } from '../../src/db/schema.ts';
import { nextId } from './ids.ts';

/**
 * Households of two written straight into the registry tables (household, person, person_index), for tests about
 * lists, searches and totals, where registering each through the API would only cost time. Household i lies in
 * `villages[i % villages.length]`; its head is named `headNames[i % headNames.length]` followed by i, its spouse
 * `spouseNames[…]` the same way, so a test knows exactly how many households a name prefix finds. Ids are
 * `${prefix}-0001` …, in registration order.
 */
export async function seedHouseholds(
  db: Db,
  opts: { villages: readonly string[]; count: number; headNames: readonly string[]; spouseNames: readonly string[]; prefix: string; at: string },
): Promise<HouseholdTable[]> {
  const households: HouseholdTable[] = [];
  const persons: PersonTable[] = [];
  for (let i = 0; i < opts.count; i++) {
    const area = opts.villages[i % opts.villages.length];
    const county = area.slice(0, 6);
    const id = `${opts.prefix}-${String(i + 1).padStart(4, '0')}`;
    const head = `${opts.headNames[i % opts.headNames.length]}${i}`;
    households.push({
      county_code: county,
      id,
      area_code: area,
      address: `测试地址 ${i}`,
      hukou_type: 'rural',
      registered_poor: 0,
      bank_name: null,
      bank_account_sealed: null,
      bank_account_hash: null,
      phone_sealed: null,
      head_name: head,
      member_count: 2,
      synthetic: 0,
      version: 1,
      created_at: opts.at,
      updated_at: opts.at,
    });
    const member = (n: number, name: string, relation: string, sex: 'M' | 'F'): PersonTable => ({
      county_code: county,
      id: `${id}-p${n}`,
      household_id: id,
      area_code: area,
      ...sealIdNumber(db.keys, nextId(sex === 'M' ? '19700501' : '19720601', county)),
      name,
      sex,
      birth_date: sex === 'M' ? '1970-05-01' : '1972-06-01',
      relation,
      hukou_type: 'rural',
      disability_kind: null,
      disability_grade: null,
      serious_illness: 0,
      labor_capacity: 'full',
      self_care_mask: 0,
      supporter_status: 'none',
      in_school: 0,
      synthetic: 0,
      version: 1,
      created_at: opts.at,
      updated_at: opts.at,
    });
    persons.push(member(1, head, 'head', 'M'), member(2, `${opts.spouseNames[i % opts.spouseNames.length]}${i}`, 'spouse', 'F'));
  }
  await db.kysely.transaction().execute(async (trx) => {
    for (let s = 0; s < households.length; s += 200) await trx.insertInto('household').values(households.slice(s, s + 200)).execute();
    for (let s = 0; s < persons.length; s += 200) {
      const batch = persons.slice(s, s + 200);
      await trx.insertInto('person').values(batch).execute();
      await trx.insertInto('person_index').values(batch.map((p) => ({ id_hash: p.id_hash, county_code: p.county_code, person_id: p.id }))).execute();
    }
  });
  await analyzeAfterBulk(db, ['household', 'person', 'person_index']);
  return households;
}
