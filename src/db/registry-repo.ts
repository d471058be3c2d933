import { type Kysely, type SelectQueryBuilder, type Transaction, sql } from 'kysely';
import { type PageTotal, cappedCount, countBound, countUpTo, totalOfShortPage, totalUpTo } from './capped-count.ts';
import type { AreaScope } from './scope.ts';
import { codeRange, inScope, outOfArea, whereInScope } from './scope.ts';
import type { AssetItemTable, Database, HouseholdTable, IncomeItemTable, PersonTable } from './schema.ts';
import { keysOf } from './connect.ts';
import { idHashOf } from './personal-data.ts';

type Q = Kysely<Database> | Transaction<Database>;

/**
 * The registry's data access, bound to an area scope. Every read, count and write goes through here and is
 * filtered by the scope, so no caller can reach a record outside the user's area (ARCHITECTURE.md, security model).
 * Out-of-area records are simply not found: their existence is not revealed.
 */
export class RegistryRepo {
  readonly db: Q;
  readonly scope: AreaScope;

  constructor(db: Q, scope: AreaScope) {
    this.db = db;
    this.scope = scope;
  }

  /** Applies the scope to a query over `household` or `person` (both carry `county_code` and `area_code`). */
  private scoped<O>(
    qb: SelectQueryBuilder<Database, 'household' | 'person', O>,
    table: 'household' | 'person',
  ): SelectQueryBuilder<Database, 'household' | 'person', O> {
    return whereInScope(qb, this.scope, table);
  }

  assertInScope(areaCode: string, field?: string): void {
    if (!inScope(this.scope, areaCode)) throw outOfArea(field);
  }

  /**
   * A page of households, by a member's name prefix or ID number when `q` is given, with its total counted only up to
   * a bound (capped-count.ts); `countStep` is the bound's step (tests make it small). A list without `q` is in area and
   * head-of-household order; a search is in the order of the matching member's name (then area), so it is answered
   * from the person index alone (searchKeys) and only the page's own households are read.
   */
  async searchHouseholds(opts: {
    q?: string;
    page: number;
    pageSize: number;
    countStep?: number;
  }): Promise<{ rows: HouseholdTable[] } & PageTotal> {
    const offset = (opts.page - 1) * opts.pageSize;
    const q = opts.q?.trim();
    if (q) return this.searchByMember(q, offset, opts.pageSize, countBound(offset, opts.pageSize, opts.countStep));
    const base = this.scoped(this.db.selectFrom('household') as never, 'household') as unknown as SelectQueryBuilder<Database, 'household', object>;
    const bound = countBound(offset, opts.pageSize, opts.countStep);
    // The page and its capped count in one statement (the count as a scalar beside each row).
    const found = await base
      .selectAll('household')
      .select(countUpTo(base, bound).as('capped_n'))
      .orderBy('household.county_code')
      .orderBy('household.area_code')
      .orderBy('household.head_name')
      .orderBy('household.id')
      .limit(opts.pageSize)
      .offset(offset)
      .execute();
    const rows = found.map(({ capped_n: _, ...h }) => h as HouseholdTable);
    const n = found.length > 0 ? Number(found[0].capped_n) : null;
    const total =
      totalOfShortPage(offset, opts.pageSize, rows.length) ??
      (n === null ? await cappedCount(this.db, base, bound) : totalUpTo(n, bound));
    return { rows, ...total };
  }

  /**
   * A search by a member's name prefix (an index range plus LIKE for exactness) or ID number. One grouped read of the
   * person index (county, name, area, household) yields the matching households in page order, up to the count's bound:
   * its length is the capped total and the page is a slice of it, so no household row is read to sort or count, and a
   * county-wide search never walks the county's households. A member's area is always their household's
   * (update-household and move-person keep them equal), so the scope filter on persons is the scope on households.
   */
  private async searchByMember(q: string, offset: number, pageSize: number, bound: number): Promise<{ rows: HouseholdTable[] } & PageTotal> {
    // An ID number is found by its keyed hash only (the number itself is sealed, ADR 0012): the whole number, exactly.
    const isIdLike = ID_LIKE.test(q);
    const name = escapeLike(q);
    let persons = whereInScope(this.db.selectFrom('person') as unknown as SelectQueryBuilder<Database, 'person', object>, this.scope, 'person');
    persons = isIdLike
      ? persons.where('person.id_hash', '=', idHashOf(keysOf(this.db), q))
      : persons.where('person.name', '>=', name).where('person.name', '<', `${name}\uffff`).where('person.name', 'like', `${name}%`);
    const grouped = persons
      .select(['person.county_code', 'person.household_id', sql<string>`min(person.name)`.as('first_name'), sql<string>`min(person.area_code)`.as('area')])
      .groupBy(['person.county_code', 'person.household_id'])
      .orderBy('first_name')
      .orderBy('area')
      .orderBy('person.county_code')
      .orderBy('person.household_id')
      .limit(bound + 1);
    // One statement: the matching households in page order up to the bound (from the person index), the page's slice
    // of them joined to its household rows, and their number (the capped total) beside each row.
    const query = this.db
      .with('matched', () => grouped)
      .selectFrom((db) =>
        db.selectFrom('matched').selectAll().orderBy('first_name').orderBy('area').orderBy('county_code').orderBy('household_id').limit(pageSize).offset(offset).as('k'),
      )
      .innerJoin('household', (j) => j.onRef('household.county_code', '=', 'k.county_code').onRef('household.id', '=', 'k.household_id'))
      .selectAll('household')
      .select((eb) => eb.selectFrom('matched').select(eb.fn.countAll<number | string>().as('n')).as('capped_n'))
      .orderBy('k.first_name')
      .orderBy('k.area')
      .orderBy('k.county_code')
      .orderBy('k.household_id');
    // The households are in scope because their members are; the scope is applied to them all the same.
    const found = await whereInScope(query, this.scope, 'household').execute();
    const rows = found.map(({ capped_n: _, ...h }) => h as HouseholdTable);
    const n = found.length > 0 ? Number(found[0].capped_n) : await this.countMatched(grouped);
    return { rows, ...totalUpTo(n, bound) };
  }

  /** The number of matches when the page asked for is past them (no row to carry the count). */
  private async countMatched(grouped: SelectQueryBuilder<Database, 'person', object>): Promise<number> {
    const r = await sql<{ n: number | string }>`select count(*) as n from (${grouped}) as matched`.execute(this.db);
    return Number(r.rows[0]?.n ?? 0);
  }

  async getHousehold(countyCode: string, id: string): Promise<HouseholdTable | undefined> {
    const q = this.scoped(this.db.selectFrom('household') as never, 'household') as unknown as SelectQueryBuilder<
      Database,
      'household',
      object
    >;
    return (await q
      .selectAll('household')
      .where('household.county_code', '=', countyCode)
      .where('household.id', '=', id)
      .executeTakeFirst()) as HouseholdTable | undefined;
  }

  async getPerson(countyCode: string, id: string): Promise<PersonTable | undefined> {
    const q = this.scoped(this.db.selectFrom('person') as never, 'person') as unknown as SelectQueryBuilder<Database, 'person', object>;
    return (await q
      .selectAll('person')
      .where('person.county_code', '=', countyCode)
      .where('person.id', '=', id)
      .executeTakeFirst()) as PersonTable | undefined;
  }

  /** Members, incomes and assets of a household already read through the scope. */
  async householdParts(h: HouseholdTable): Promise<{ members: PersonTable[]; incomes: IncomeItemTable[]; assets: AssetItemTable[] }> {
    const [members, incomes, assets] = await Promise.all([
      this.db
        .selectFrom('person')
        .selectAll()
        .where('county_code', '=', h.county_code)
        .where('household_id', '=', h.id)
        .orderBy(sql`case when relation = 'head' then 0 else 1 end`)
        .orderBy('birth_date')
        .execute(),
      this.db.selectFrom('income_item').selectAll().where('county_code', '=', h.county_code).where('household_id', '=', h.id).orderBy('created_at').orderBy('id').execute(),
      this.db.selectFrom('asset_item').selectAll().where('county_code', '=', h.county_code).where('household_id', '=', h.id).orderBy('created_at').orderBy('id').execute(),
    ]);
    return { members, incomes, assets };
  }

  /**
   * The registry rows of a batch of households of one county, for batch jobs (recalculation, demo enrollment,
   * review schedules): four set-based reads whatever the batch size, households filtered by the scope (the parts of a
   * household outside it are dropped with it). Members come in birth order (the situation mapping puts the head
   * first itself), incomes in the order they were entered, as `householdParts` gives them for one household.
   */
  async householdsWithParts(
    countyCode: string,
    householdIds: readonly string[],
  ): Promise<Map<string, { household: HouseholdTable; members: PersonTable[]; incomes: IncomeItemTable[]; assets: AssetItemTable[] }>> {
    const out = new Map<string, { household: HouseholdTable; members: PersonTable[]; incomes: IncomeItemTable[]; assets: AssetItemTable[] }>();
    if (householdIds.length === 0) return out;
    const ids = [...new Set(householdIds)];
    const households = this.scoped(this.db.selectFrom('household') as never, 'household') as unknown as SelectQueryBuilder<Database, 'household', object>;
    const [rows, persons, incomes, assets] = await Promise.all([
      households.selectAll('household').where('household.county_code', '=', countyCode).where('household.id', 'in', ids).execute() as Promise<HouseholdTable[]>,
      this.db.selectFrom('person').selectAll().where('county_code', '=', countyCode).where('household_id', 'in', ids).orderBy('household_id').orderBy('birth_date').orderBy('id').execute(),
      this.db.selectFrom('income_item').selectAll().where('county_code', '=', countyCode).where('household_id', 'in', ids).orderBy('household_id').orderBy('created_at').orderBy('id').execute(),
      this.db.selectFrom('asset_item').selectAll().where('county_code', '=', countyCode).where('household_id', 'in', ids).orderBy('household_id').orderBy('id').execute(),
    ]);
    for (const household of rows) out.set(household.id, { household, members: [], incomes: [], assets: [] });
    for (const p of persons) out.get(p.household_id)?.members.push(p);
    for (const i of incomes) out.get(i.household_id)?.incomes.push(i);
    for (const a of assets) out.get(a.household_id)?.assets.push(a);
    return out;
  }

  /**
   * Whether an ID number (by its keyed hash) is registered anywhere in the city — the index answers across counties —
   * and whether that registration lies within this repository's area (the caller may say where only then).
   */
  async idNumberTaken(idHash: string): Promise<{ countyCode: string; personId: string; inArea: boolean } | undefined> {
    const r = await this.db.selectFrom('person_index').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
    if (!r) return undefined;
    const person = await this.getPerson(r.county_code, r.person_id);
    return { countyCode: r.county_code, personId: r.person_id, inArea: person !== undefined };
  }

  /** `idNumberTaken` for many numbers at once (an import): the registered ones only, by hash, in chunks of 500. */
  async idNumbersTaken(idHashes: readonly string[]): Promise<Map<string, { countyCode: string; personId: string; inArea: boolean }>> {
    const out = new Map<string, { countyCode: string; personId: string; inArea: boolean }>();
    for (let i = 0; i < idHashes.length; i += 500) {
      const chunk = idHashes.slice(i, i + 500);
      const found = await this.db.selectFrom('person_index').selectAll().where('id_hash', 'in', chunk).execute();
      for (const r of found) {
        const person = await this.getPerson(r.county_code, r.person_id);
        out.set(r.id_hash, { countyCode: r.county_code, personId: r.person_id, inArea: person !== undefined });
      }
    }
    return out;
  }

  /** Households of the scope by id (any county of it), in chunks of 500: those outside the scope are simply absent. */
  async householdsByIds(ids: readonly string[]): Promise<Map<string, HouseholdTable>> {
    const out = new Map<string, HouseholdTable>();
    const list = [...new Set(ids)];
    for (let i = 0; i < list.length; i += 500) {
      const q = this.scoped(this.db.selectFrom('household') as never, 'household') as unknown as SelectQueryBuilder<Database, 'household', object>;
      const rows = (await q.selectAll('household').where('household.id', 'in', list.slice(i, i + 500)).execute()) as HouseholdTable[];
      for (const h of rows) out.set(h.id, h);
    }
    return out;
  }

  /**
   * The households of the scope holding a member with one of these ID numbers (by keyed hash), with that member's name
   * and relation, in chunks of 500: a number registered outside the scope, or nowhere, is simply absent.
   */
  async householdsByMemberHashes(hashes: readonly string[]): Promise<Map<string, { household: HouseholdTable; name: string; relation: string }>> {
    const out = new Map<string, { household: HouseholdTable; name: string; relation: string }>();
    const list = [...new Set(hashes)];
    for (let i = 0; i < list.length; i += 500) {
      const persons = whereInScope(this.db.selectFrom('person') as unknown as SelectQueryBuilder<Database, 'person', object>, this.scope, 'person')
        .select(['person.id_hash', 'person.name', 'person.relation', 'person.county_code', 'person.household_id'])
        .where('person.id_hash', 'in', list.slice(i, i + 500));
      const found = await persons.execute();
      const households = new Map<string, HouseholdTable>();
      const byCounty = new Map<string, string[]>();
      for (const p of found) byCounty.set(p.county_code, [...(byCounty.get(p.county_code) ?? []), p.household_id]);
      for (const [county, ids] of byCounty) {
        const q = this.scoped(this.db.selectFrom('household') as never, 'household') as unknown as SelectQueryBuilder<Database, 'household', object>;
        const rows = (await q.selectAll('household').where('household.county_code', '=', county).where('household.id', 'in', ids).execute()) as HouseholdTable[];
        for (const h of rows) households.set(`${h.county_code}/${h.id}`, h);
      }
      for (const p of found) {
        const household = households.get(`${p.county_code}/${p.household_id}`);
        if (household) out.set(p.id_hash, { household, name: p.name, relation: p.relation });
      }
    }
    return out;
  }

  /**
   * 取暖信息缺失 The scope's enrolled households (an active dibao or tekun enrollment) whose heating is missing — no mode
   * recorded, or central heating without its area (ADR 0042) — in area and head order, a page at a time with the exact
   * total, each with the programmes it is enrolled in.
   */
  async heatingMissing(o: { page: number; pageSize: number }): Promise<{ rows: (HouseholdTable & { on_dibao: number; on_tekun: number })[]; total: number }> {
    const enrolled = (program: 'dibao' | 'tekun') =>
      sql<number>`case when exists (select 1 from enrollment e where e.county_code = household.county_code and e.household_id = household.id and e.status = 'active' and e.program = ${program}) then 1 else 0 end`;
    const base = (this.scoped(this.db.selectFrom('household') as never, 'household') as unknown as SelectQueryBuilder<Database, 'household', object>)
      .where((eb) => eb.or([eb('household.heating_mode', 'is', null), eb.and([eb('household.heating_mode', '=', 'central'), eb('household.heated_area_dm2', 'is', null)])]))
      .where(sql<boolean>`exists (select 1 from enrollment e where e.county_code = household.county_code and e.household_id = household.id and e.status = 'active')`);
    const [{ n }] = await base.select((eb) => eb.fn.countAll<number | string>().as('n')).execute();
    const rows = await base
      .selectAll('household')
      .select([enrolled('dibao').as('on_dibao'), enrolled('tekun').as('on_tekun')])
      .orderBy('household.county_code')
      .orderBy('household.area_code')
      .orderBy('household.head_name')
      .orderBy('household.id')
      .limit(o.pageSize)
      .offset((o.page - 1) * o.pageSize)
      .execute();
    return { rows: rows as (HouseholdTable & { on_dibao: number; on_tekun: number })[], total: Number(n) };
  }

  async insertHousehold(row: HouseholdTable): Promise<void> {
    this.assertInScope(row.area_code, 'areaCode');
    await this.db.insertInto('household').values(row).execute();
  }

  /** Optimistic update: returns false when the version moved on (or the row is outside the scope). */
  async updateHousehold(countyCode: string, id: string, version: number, patch: Partial<HouseholdTable>): Promise<boolean> {
    if (patch.area_code) this.assertInScope(patch.area_code, 'areaCode');
    let q = this.db
      .updateTable('household')
      .set({ ...patch, version: version + 1 })
      .where('county_code', '=', countyCode)
      .where('id', '=', id)
      .where('version', '=', version);
    if (this.scope.prefix.length > 6) q = q.where('area_code', '>=', codeRange(this.scope.prefix, 12)[0]).where('area_code', '<=', codeRange(this.scope.prefix, 12)[1]);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async insertPerson(row: PersonTable): Promise<void> {
    this.assertInScope(row.area_code, 'areaCode');
    await this.db.insertInto('person').values(row).execute();
    await this.db.insertInto('person_index').values({ id_hash: row.id_hash, county_code: row.county_code, person_id: row.id }).execute();
  }

  async updatePerson(countyCode: string, id: string, version: number, patch: Partial<PersonTable>): Promise<boolean> {
    let q = this.db
      .updateTable('person')
      .set({ ...patch, version: version + 1 })
      .where('county_code', '=', countyCode)
      .where('id', '=', id)
      .where('version', '=', version);
    if (this.scope.prefix.length > 6) q = q.where('area_code', '>=', codeRange(this.scope.prefix, 12)[0]).where('area_code', '<=', codeRange(this.scope.prefix, 12)[1]);
    const r = await q.executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return false;
    if (patch.id_hash) {
      await this.db.updateTable('person_index').set({ id_hash: patch.id_hash }).where('county_code', '=', countyCode).where('person_id', '=', id).execute();
    }
    return true;
  }

  async replaceItems(
    countyCode: string,
    householdId: string,
    incomes: IncomeItemTable[],
    assets: AssetItemTable[],
  ): Promise<void> {
    await this.db.deleteFrom('income_item').where('county_code', '=', countyCode).where('household_id', '=', householdId).execute();
    await this.db.deleteFrom('asset_item').where('county_code', '=', countyCode).where('household_id', '=', householdId).execute();
    if (incomes.length) await this.db.insertInto('income_item').values(incomes).execute();
    if (assets.length) await this.db.insertInto('asset_item').values(assets).execute();
  }

  /** A household already read through the scope changed by its members: its version moves on (optimistic locks see it). */
  async touchHousehold(h: Pick<HouseholdTable, 'county_code' | 'id' | 'version'>, at: string): Promise<void> {
    await this.db.updateTable('household').set({ version: h.version + 1, updated_at: at }).where('county_code', '=', h.county_code).where('id', '=', h.id).execute();
  }

  /** The members of a household moved to another village of the scope go with it. */
  async moveMembers(countyCode: string, householdId: string, areaCode: string): Promise<void> {
    this.assertInScope(areaCode, 'areaCode');
    await this.db.updateTable('person').set({ area_code: areaCode }).where('county_code', '=', countyCode).where('household_id', '=', householdId).execute();
  }

  /**
   * Whether a case names the person as its applicant, or an enrollment as its person (tekun, an individual dibao): such
   * a person is ended through that case or enrollment, not removed from the registry under them.
   */
  async personReferenced(countyCode: string, personId: string): Promise<boolean> {
    const [c, e] = await Promise.all([
      this.db.selectFrom('assistance_case').select('id').where('county_code', '=', countyCode).where('applicant_person_id', '=', personId).limit(1).executeTakeFirst(),
      this.db.selectFrom('enrollment').select('id').where('county_code', '=', countyCode).where('person_id', '=', personId).limit(1).executeTakeFirst(),
    ]);
    return c !== undefined || e !== undefined;
  }

  /**
   * A member who left the household (died, married out, moved away) leaves the registry with their own incomes and
   * their ID number's index entry; optimistic on the person's version, within the scope. False when the version moved on.
   */
  async deletePerson(countyCode: string, id: string, version: number): Promise<boolean> {
    let q = this.db.deleteFrom('person').where('county_code', '=', countyCode).where('id', '=', id).where('version', '=', version);
    if (this.scope.prefix.length > 6) q = q.where('area_code', '>=', codeRange(this.scope.prefix, 12)[0]).where('area_code', '<=', codeRange(this.scope.prefix, 12)[1]);
    await this.db.deleteFrom('income_item').where('county_code', '=', countyCode).where('person_id', '=', id).execute();
    await this.db.deleteFrom('person_index').where('county_code', '=', countyCode).where('person_id', '=', id).execute();
    const r = await q.executeTakeFirst();
    return Number(r.numDeletedRows) === 1;
  }

  /** A person's incomes follow the person into another household of the same county. */
  async moveIncomes(countyCode: string, personId: string, householdId: string): Promise<void> {
    await this.db.updateTable('income_item').set({ household_id: householdId }).where('county_code', '=', countyCode).where('person_id', '=', personId).execute();
  }

  /**
   * A keyset page (by county and id, after `after`) of the scope's persons with their sealed ID numbers: what the demo's
   * ID allocator must not hand out again.
   */
  async sealedIdNumbers(after: { county: string; id: string } | null, limit: number): Promise<Pick<PersonTable, 'county_code' | 'id' | 'id_number_sealed'>[]> {
    let q = this.scoped(this.db.selectFrom('person') as never, 'person') as unknown as SelectQueryBuilder<Database, 'person', object>;
    if (after) q = q.where((eb) => eb.or([eb('person.county_code', '>', after.county), eb.and([eb('person.county_code', '=', after.county), eb('person.id', '>', after.id)])]));
    return q.select(['person.county_code', 'person.id', 'person.id_number_sealed']).orderBy('person.county_code').orderBy('person.id').limit(limit).execute();
  }

  /** Whether the scope holds any household at all (a first start seeds the demo only into an empty registry). */
  async isEmpty(): Promise<boolean> {
    const q = this.scoped(this.db.selectFrom('household') as never, 'household') as unknown as SelectQueryBuilder<Database, 'household', object>;
    return (await q.select('household.id').limit(1).executeTakeFirst()) === undefined;
  }

  /** Counties of the scope that hold synthetic households (ADR 0005). */
  async syntheticCounties(): Promise<string[]> {
    const q = this.scoped(this.db.selectFrom('household') as never, 'household') as unknown as SelectQueryBuilder<Database, 'household', object>;
    const rows = await q.select('household.county_code').distinct().where('household.synthetic', '=', 1).orderBy('household.county_code').execute();
    return rows.map((r) => r.county_code);
  }

  /** A keyset batch of a county's synthetic households that have no case yet (the demo enrolls those), by id. */
  async syntheticWithoutCase(countyCode: string, after: string, limit: number): Promise<string[]> {
    const q = this.scoped(this.db.selectFrom('household') as never, 'household') as unknown as SelectQueryBuilder<Database, 'household', object>;
    const rows = await q
      .select('household.id')
      .where('household.county_code', '=', countyCode)
      .where('household.synthetic', '=', 1)
      .where('household.id', '>', after)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('assistance_case as c').select('c.id').whereRef('c.county_code', '=', 'household.county_code').whereRef('c.household_id', '=', 'household.id'))))
      .orderBy('household.id')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }

  async refreshHouseholdSummary(countyCode: string, householdId: string): Promise<void> {
    const members = await this.db
      .selectFrom('person')
      .select(['name', 'relation'])
      .where('county_code', '=', countyCode)
      .where('household_id', '=', householdId)
      .execute();
    const head = members.find((m) => m.relation === 'head') ?? members[0];
    await this.db
      .updateTable('household')
      .set({ member_count: members.length, head_name: head?.name ?? '' })
      .where('county_code', '=', countyCode)
      .where('id', '=', householdId)
      .execute();
  }
}

/** A search text taken for an ID number (searched by its keyed hash, whole) rather than a name prefix. */
export const ID_LIKE = /^\d{6,17}[\dXx]?$/;

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, "");
}
