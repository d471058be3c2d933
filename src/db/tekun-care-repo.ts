import type { Kysely, Transaction } from 'kysely';
import type { Database, TekunCareTable, TekunInstitutionTable } from './schema.ts';
import { type AreaScope, inScope, whereInScope } from './scope.ts';

type Q = Kysely<Database> | Transaction<Database>;

/** One tekun enrollment's placement and care record in force in a month, with where the person lives (the clean read for heating, reports, lists). */
export interface TekunPlacementRow {
  county_code: string;
  enrollment_id: string;
  household_id: string;
  person_id: string | null;
  person_name: string | null;
  area_code: string;
  status: string;
  from_month: string;
  placement: 'home' | 'institution';
  institution_id: string | null;
  institution_name: string | null;
  self_care_mask: number;
  level_override: TekunCareTable['level_override'];
}

/**
 * 特困供养：供养方式与护理等级 (ADR 0027). Institutions of a county (供养服务机构) and the care records of tekun cases
 * and enrollments. Reads by owner are of a case or an enrollment the caller has already read through its scoped
 * repository (CaseRepo, EnrollmentRepo); the repository still refuses a county outside the scope (empty result), and
 * the list read (`placements`) filters on the household's area itself.
 */
export class TekunCareRepo {
  readonly db: Q;
  readonly scope: AreaScope;

  constructor(db: Q, scope: AreaScope) {
    this.db = db;
    this.scope = scope;
  }

  private countyInScope(county: string): boolean {
    return inScope(this.scope, `${county}000000`) || this.scope.countyCode === county;
  }

  /** A county's institutions, by name (closed ones too when `all`). */
  async institutions(county: string, o: { all?: boolean } = {}): Promise<TekunInstitutionTable[]> {
    if (!this.countyInScope(county)) return [];
    let q = this.db.selectFrom('tekun_institution').selectAll().where('county_code', '=', county);
    if (!o.all) q = q.where('active', '=', 1);
    return q.orderBy('name').orderBy('id').execute();
  }

  async institution(county: string, id: string): Promise<TekunInstitutionTable | undefined> {
    if (!this.countyInScope(county)) return undefined;
    return this.db.selectFrom('tekun_institution').selectAll().where('county_code', '=', county).where('id', '=', id).executeTakeFirst();
  }

  async insertInstitutions(rows: readonly TekunInstitutionTable[]): Promise<void> {
    if (rows.length > 0) await this.db.insertInto('tekun_institution').values([...rows]).execute();
  }

  /** Care rows of cases or enrollments (read through their scope first), by owner then month. */
  async careOf(county: string, owner: TekunCareTable['owner'], ownerIds: readonly string[]): Promise<TekunCareTable[]> {
    if (ownerIds.length === 0 || !this.countyInScope(county)) return [];
    // In chunks of 500: a recalculation batch can name tens of thousands (SQLite binds at most 32,766 values).
    const out: TekunCareTable[] = [];
    for (let i = 0; i < ownerIds.length; i += 500) {
      const rows = await this.db
        .selectFrom('tekun_care')
        .selectAll()
        .where('county_code', '=', county)
        .where('owner', '=', owner)
        .where('owner_id', 'in', ownerIds.slice(i, i + 500))
        .orderBy('owner_id')
        .orderBy('from_month')
        .execute();
      out.push(...rows);
    }
    return out;
  }

  /** Writes a case's record for its month (a second record in the same month replaces the first: the case is not yet decided). */
  async putCaseCare(row: TekunCareTable): Promise<void> {
    await this.db.deleteFrom('tekun_care').where('county_code', '=', row.county_code).where('owner', '=', 'case').where('owner_id', '=', row.owner_id).where('from_month', '=', row.from_month).execute();
    await this.db.insertInto('tekun_care').values(row).execute();
  }

  /** An enrollment's care from a month (the caller has refused a second change for the same month). */
  async insertCare(row: TekunCareTable): Promise<void> {
    await this.db.insertInto('tekun_care').values(row).execute();
  }

  /**
   * 特困供养名册 The tekun enrollments of a county within the scope that are not ended in `month`, each with the care
   * record in force that month, optionally of one placement: the one read later features (heating, reports) and the
   * list use. Enrollments without a care record are left out (`withoutRecord` counts them).
   */
  async placements(county: string, o: { month: string; placement?: 'home' | 'institution'; limit?: number }): Promise<{ rows: TekunPlacementRow[]; withoutRecord: number }> {
    if (!this.countyInScope(county)) return { rows: [], withoutRecord: 0 };
    let q = this.db
      .selectFrom('enrollment as e')
      .innerJoin('household', (j) => j.onRef('household.county_code', '=', 'e.county_code').onRef('household.id', '=', 'e.household_id'))
      .leftJoin('tekun_care as c', (j) =>
        j.onRef('c.county_code', '=', 'e.county_code').on('c.owner', '=', 'enrollment').onRef('c.owner_id', '=', 'e.id').on('c.from_month', '<=', o.month),
      )
      .leftJoin('person as p', (j) => j.onRef('p.county_code', '=', 'e.county_code').onRef('p.id', '=', 'e.person_id'))
      .leftJoin('tekun_institution as i', (j) => j.onRef('i.county_code', '=', 'c.county_code').onRef('i.id', '=', 'c.institution_id'))
      .select([
        'e.county_code', 'e.id as enrollment_id', 'e.household_id', 'e.person_id', 'p.name as person_name', 'household.area_code', 'e.status',
        'c.from_month', 'c.placement', 'c.institution_id', 'i.name as institution_name', 'c.self_care_mask', 'c.level_override',
      ])
      .where('e.county_code', '=', county)
      .where('e.program', '=', 'tekun')
      .where('e.start_month', '<=', o.month)
      .where((eb) => eb.or([eb('e.end_month', 'is', null), eb('e.end_month', '>', o.month)]));
    q = whereInScope(q, this.scope, 'household');
    const raw = await q.orderBy('e.id').orderBy('c.from_month').execute();
    const latest = new Map<string, (typeof raw)[number]>();
    for (const r of raw) latest.set(r.enrollment_id, r);
    let withoutRecord = 0;
    const rows: TekunPlacementRow[] = [];
    for (const r of latest.values()) {
      if (r.placement === null || r.from_month === null || r.self_care_mask === null) {
        withoutRecord++;
        continue;
      }
      if (o.placement && r.placement !== o.placement) continue;
      rows.push({ ...r, from_month: r.from_month, placement: r.placement, self_care_mask: Number(r.self_care_mask) });
      if (o.limit && rows.length >= o.limit) break;
    }
    return { rows, withoutRecord };
  }
}

/** The record in force in `month` among one owner's rows (in month order): the latest starting on or before it. */
export function careAt<T extends Pick<TekunCareTable, 'from_month'>>(rows: readonly T[], month: string): T | undefined {
  let hit: T | undefined;
  for (const r of rows) if (r.from_month <= month && (!hit || r.from_month > hit.from_month)) hit = r;
  return hit;
}
