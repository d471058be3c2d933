import type { Db } from '../../src/db/connect.ts';
import { sealIdNumber } from '../../src/db/personal-data.ts';
import type { SimulationFigures } from '../../src/contracts/simulate.ts';
import { AREAS } from './users.ts';

/**
 * A hand-built registry whose what-if figures are known exactly (issue 3, point 8), for 2019-08: the rural dibao
 * standard is 4,770 yuan a year (397.50 a month), the urban one 592 a month, tekun 1.3 × the dibao standard plus
 * 300 a month for full care (4+ self-care items failed). The scenario raises `dibao.standard.rural` to 6,000.
 * Each household's amounts are worked out by hand in its comment: (standard × members − countable income) / 12.
 */
interface PersonSpec {
  born: string;
  labor?: 'full' | 'partial' | 'none';
  supporter?: 'none' | 'able' | 'unable';
  selfCareMask?: number;
  disability?: { kind: string; grade: number };
}

interface HouseholdSpec {
  key: string;
  county: string;
  area: string;
  hukou?: 'rural' | 'urban';
  persons: PersonSpec[];
  incomes?: { kind: string; fen: number }[];
  assets?: { kind: string; fen: number; quantity?: number }[];
}

const TIELING = '211221';
const XIFENG = '211223';

export const SIMULATION_HOUSEHOLDS: HouseholdSpec[] = [
  // A: 3 counted (a child born 2021 is not yet a member in 2019-08); wage 6,000.
  // baseline (14,310 − 6,000) / 12 = 692.50; scenario (18,000 − 6,000) / 12 = 1,000.00.
  { key: 'A', county: TIELING, area: AREAS.village, persons: [{ born: '1970-05-01' }, { born: '1972-03-01' }, { born: '1995-06-01' }, { born: '2021-02-01' }], incomes: [{ kind: 'wage', fen: 600_000 }] },
  // B: 2 members, wage 10,000 ≥ 9,540: not eligible; scenario (12,000 − 10,000) / 12 = 166.666… → 166.67. A member
  // without labour capacity but with an able supporter: never a tekun candidate.
  { key: 'B', county: TIELING, area: AREAS.village, persons: [{ born: '1960-01-01', labor: 'partial', supporter: 'able' }, { born: '1962-01-01', labor: 'none', supporter: 'able' }], incomes: [{ kind: 'wage', fen: 1_000_000 }] },
  // C: income exactly at the standard (4,770) is not below it; scenario (6,000 − 4,770) / 12 = 102.50.
  { key: 'C', county: TIELING, area: AREAS.village, persons: [{ born: '1980-01-01' }], incomes: [{ kind: 'wage', fen: 477_000 }] },
  // D: wage 20,000: never eligible. One member (40, no disability) is assessed for tekun and has no category.
  { key: 'D', county: TIELING, area: AREAS.siblingVillage, persons: [{ born: '1975-01-01' }, { born: '1979-01-01', labor: 'none', supporter: 'none' }], incomes: [{ kind: 'wage', fen: 2_000_000 }] },
  // E: no income; deposits 6,000 + 4,000 = 10,000 > 2 × 4,770 = 9,540 (baseline fails the asset test);
  // ≤ 2 × 6,000 = 12,000 under the scenario: 6,000 / 12 = 500.00.
  { key: 'E', county: TIELING, area: AREAS.siblingVillage, persons: [{ born: '1985-01-01' }], assets: [{ kind: 'financial', fen: 600_000 }, { kind: 'financial', fen: 400_000 }, { kind: 'house', fen: 5_000_000 }] },
  // F: 2 members; family-planning award 9,600 is not counted, wages 1,000 + 2,000 are:
  // baseline (9,540 − 3,000) / 12 = 545.00; scenario (12,000 − 3,000) / 12 = 750.00.
  {
    key: 'F', county: TIELING, area: AREAS.siblingVillage, persons: [{ born: '1970-01-01' }, { born: '1971-01-01' }],
    incomes: [{ kind: 'family_planning_award', fen: 960_000 }, { kind: 'wage', fen: 100_000 }, { kind: 'wage', fen: 200_000 }],
  },
  // G: urban, no income: 592.00 under both (the rural standard does not apply).
  { key: 'G', county: TIELING, area: AREAS.village, hukou: 'urban', persons: [{ born: '1980-01-01' }] },
  // H: no income but a vehicle: never eligible. A baby born on the month's last day is a member; one born the day
  // after is not (yet).
  {
    key: 'H', county: TIELING, area: AREAS.village, persons: [{ born: '1980-01-01' }, { born: '2019-08-31' }, { born: '2019-09-01' }],
    assets: [{ kind: 'vehicle', fen: 3_000_000, quantity: 1 }],
  },
  // J: 79, no labour capacity, no supporter, 4 self-care items failed; pension 1,200.
  // dibao (4,770 − 1,200) / 12 = 297.50 → (6,000 − 1,200) / 12 = 400.00;
  // tekun 1.3 × 4,770 / 12 + 300 = 816.75 → 1.3 × 6,000 / 12 + 300 = 950.00.
  { key: 'J', county: TIELING, area: AREAS.village, persons: [{ born: '1940-05-01', labor: 'none', supporter: 'none', selfCareMask: 0b001111 }], incomes: [{ kind: 'pension', fen: 120_000 }] },
  // I: 2 members, wage 5,000: (9,540 − 5,000) / 12 = 378.333… → 378.33; (12,000 − 5,000) / 12 = 583.333… → 583.33.
  { key: 'I', county: XIFENG, area: AREAS.otherCountyVillage, persons: [{ born: '1970-01-01' }, { born: '1972-01-01' }], incomes: [{ kind: 'wage', fen: 500_000 }] },
  // K: wage 4,500: (4,770 − 4,500) / 12 = 22.50; (6,000 − 4,500) / 12 = 125.00 (and not eligible at 4,000).
  { key: 'K', county: XIFENG, area: AREAS.otherCountyVillage, persons: [{ born: '1980-01-01' }], incomes: [{ kind: 'wage', fen: 450_000 }] },
];

const fig = (households: number, persons: number, monthlyFen: number, tekunPersons = 0, tekunFen = 0): SimulationFigures => ({
  households, persons, monthlyFen, tekun: { persons: tekunPersons, monthlyFen: tekunFen },
});

/** Expected figures for `dibao.standard.rural=6000` from 2019-08, by county (the sums of the comments above). */
export const EXPECTED_6000 = {
  [TIELING]: {
    assessed: { households: 9, persons: 15 },
    // A + F + G + J = 692.50 + 545.00 + 592.00 + 297.50
    baseline: fig(4, 7, 212_700, 1, 81_675),
    // A + B + C + E + F + G + J = 1,000.00 + 166.67 + 102.50 + 500.00 + 750.00 + 592.00 + 400.00
    scenario: fig(7, 11, 351_117, 1, 95_000),
    delta: fig(3, 4, 138_417, 0, 13_325),
    dibaoChanged: { gained: 3, lost: 0 },
  },
  [XIFENG]: {
    assessed: { households: 2, persons: 3 },
    baseline: fig(2, 3, 40_083),
    scenario: fig(2, 3, 70_833),
    delta: fig(0, 0, 30_750),
    dibaoChanged: { gained: 0, lost: 0 },
  },
};

let serial = 0;

/** Writes the households straight into the registry tables (ids unique within the test process). */
export async function buildSimulationRegistry(db: Db, households: readonly HouseholdSpec[] = SIMULATION_HOUSEHOLDS): Promise<Map<string, string>> {
  const now = '2026-01-05T02:00:00.000Z';
  const ids = new Map<string, string>();
  await db.kysely.transaction().execute(async (trx) => {
    for (const h of households) {
      const hid = `sim-${++serial}-${h.key}`;
      ids.set(h.key, hid);
      const hukou = h.hukou ?? 'rural';
      await trx
        .insertInto('household')
        .values({
          county_code: h.county, id: hid, area_code: h.area, address: `测算 ${h.key}`, hukou_type: hukou, registered_poor: 0, bank_name: null, bank_account_sealed: null,
          bank_account_hash: null, phone_sealed: null, head_name: `户主${h.key}`, member_count: h.persons.length, synthetic: 1, version: 1, created_at: now, updated_at: now,
        })
        .execute();
      for (const [i, p] of h.persons.entries()) {
        const n = ++serial;
        await trx
          .insertInto('person')
          .values({
            county_code: h.county, id: `${hid}-p${i}`, household_id: hid, area_code: h.area, ...sealIdNumber(db.keys, `SIM${String(n).padStart(12, '0')}`), name: `成员${h.key}${i}`,
            sex: 'M', birth_date: p.born, relation: i === 0 ? 'head' : 'other', hukou_type: hukou, disability_kind: p.disability?.kind ?? null,
            disability_grade: p.disability?.grade ?? null, serious_illness: 0, labor_capacity: p.labor ?? 'full', self_care_mask: p.selfCareMask ?? 0,
            supporter_status: p.supporter ?? 'none', in_school: 0, synthetic: 1, version: 1, created_at: now, updated_at: now,
          })
          .execute();
      }
      for (const [i, x] of (h.incomes ?? []).entries()) {
        await trx.insertInto('income_item').values({ county_code: h.county, id: `${hid}-i${i}`, household_id: hid, person_id: null, kind: x.kind, annual_fen: x.fen, note: null, created_at: now }).execute();
      }
      for (const [i, x] of (h.assets ?? []).entries()) {
        await trx
          .insertInto('asset_item')
          .values({ county_code: h.county, id: `${hid}-a${i}`, household_id: hid, kind: x.kind, value_fen: x.fen, quantity: x.quantity ?? 1, note: null, created_at: now })
          .execute();
      }
    }
  });
  return ids;
}
