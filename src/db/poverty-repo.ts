import { randomBytes } from 'node:crypto';
import { type Kysely, PostgresAdapter, type Transaction, sql } from 'kysely';
import { type AreaScope, codeRange } from './scope.ts';
import type { Database, PovertyHouseholdTable, PovertyPersonTable, PovertySnapshotChangeTable, PovertySnapshotTable } from './schema.ts';

type Q = Kysely<Database> | Transaction<Database>;

/** The columns of a person as the import stages them. */
const STAGED_COLUMNS = [
  'snapshot_id', 'person_key', 'hh_no', 'row_no', 'name', 'relation', 'id_number_sealed', 'id_hash', 'id_form', 'birth_date', 'sex',
  'labor_capacity', 'health', 'disability_grade', 'county_code', 'village_code',
] as const satisfies readonly (keyof PovertyPersonTable)[];
/** The match columns, set on the stage by the ID pass (`matchStagedById`) and written with the rest. */
const MATCH_COLUMNS = ['match_county', 'match_person_id', 'match_method', 'match_confidence'] as const satisfies readonly (keyof PovertyPersonTable)[];

/** Rows per insert: the person row has 20 columns, so 400 rows stay far below SQLite's bind limit. */
const BATCH = 400;

export type SnapshotCounts = Pick<
  PovertySnapshotTable,
  'households' | 'persons' | 'added_households' | 'removed_households' | 'changed_households' | 'added_persons' | 'removed_persons' | 'changed_persons'
>;

/** A pair of rows under one key in two snapshots that differ in a compared column. */
export interface ChangedPair<T> {
  key: string;
  county_code: string;
  label: string;
  before: T;
  after: T;
}

/**
 * 建档立卡快照 The poverty office's registry as doudi keeps it (ADR 0032): snapshots, their households and persons, and
 * what changed from the previous snapshot of the same area. A snapshot covers the city or one county; who sees what is
 * the scope's: a user sees the snapshots of the city and of the counties their area lies in, and a snapshot's changes
 * within their area (by the village of the household or person).
 */
export class PovertyRepo {
  readonly db: Q;
  readonly scope: AreaScope;

  /** The areas whose snapshots the scope sees: the city's and, within a county, that county's. */
  private areas(): string[] | null {
    if (!this.scope.countyCode) return null;
    return [`${this.scope.countyCode.slice(0, 4)}00000000`, `${this.scope.countyCode}000000`];
  }

  /** The most recent snapshot of one area (by imported_at): the one a new import is compared with. */
  async latestOfArea(areaCode: string): Promise<PovertySnapshotTable | undefined> {
    return this.db.selectFrom('poverty_snapshot').selectAll().where('area_code', '=', areaCode).orderBy('imported_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  }

  async snapshot(id: string): Promise<PovertySnapshotTable | undefined> {
    let q = this.db.selectFrom('poverty_snapshot').selectAll().where('id', '=', id);
    const areas = this.areas();
    if (areas) q = q.where('area_code', 'in', areas);
    return q.executeTakeFirst();
  }

  /** The snapshots the scope sees, newest first. */
  async list(limit = 500): Promise<PovertySnapshotTable[]> {
    let q = this.db.selectFrom('poverty_snapshot').selectAll();
    const areas = this.areas();
    if (areas) q = q.where('area_code', 'in', areas);
    return q.orderBy('imported_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  }

  async insertSnapshot(row: PovertySnapshotTable): Promise<void> {
    await this.db.insertInto('poverty_snapshot').values(row).execute();
  }

  async setCounts(id: string, counts: SnapshotCounts): Promise<void> {
    await this.db.updateTable('poverty_snapshot').set(counts).where('id', '=', id).execute();
  }

  async insertHouseholds(rows: readonly PovertyHouseholdTable[]): Promise<void> {
    for (let i = 0; i < rows.length; i += BATCH) await this.db.insertInto('poverty_household').values(rows.slice(i, i + BATCH)).execute();
  }

  async insertPersons(rows: readonly PovertyPersonTable[]): Promise<void> {
    for (let i = 0; i < rows.length; i += BATCH) await this.db.insertInto('poverty_person').values(rows.slice(i, i + BATCH)).execute();
  }

  /**
   * The staging table of this repository's import (ADR 0033): created by `openPersonStage`, filled by `stagePersons`,
   * matched by `matchStagedById` and written (then dropped) by `writeStagedPersons`. On SQLite a temporary table; on
   * PostgreSQL an unlogged ordinary table named per import (temporary tables are never scanned by parallel workers),
   * created inside the import's transaction, so a rollback drops it with everything else.
   */
  readonly stage: string;
  /** PostgreSQL: the ID pass's matches (person key → registry person), a narrow table the write joins. */
  private readonly stageMatches: string;
  private stageMatched = false;

  constructor(db: Q, scope: AreaScope) {
    this.db = db;
    this.scope = scope;
    const pg = db.getExecutor().adapter instanceof PostgresAdapter;
    const suffix = pg ? `_${randomBytes(6).toString('hex')}` : '';
    this.stage = `poverty_person_stage${suffix}`;
    this.stageMatches = `poverty_person_stage_match${suffix}`;
  }

  private get pg(): boolean {
    return this.db.getExecutor().adapter instanceof PostgresAdapter;
  }

  /**
   * The staging table of an import's persons, shaped as `poverty_person` without its indexes. On SQLite a temporary
   * table (the connection's own, dropped by `writeStagedPersons`); on PostgreSQL an unlogged table of this import's own
   * name (no WAL, and parallel plans may scan it), which must be opened inside a transaction: the import's commit
   * follows `writeStagedPersons`, which drops it, and a rollback drops it as it undoes its creation. The import fills it
   * in batches (`stagePersons`) and writes the snapshot's persons from it in one statement.
   */
  async openPersonStage(): Promise<void> {
    if (this.pg) {
      await sql`create unlogged table ${sql.id(this.stage)} as select * from poverty_person where 1 = 0`.execute(this.db);
      return;
    }
    await sql`drop table if exists ${sql.id(this.stage)}`.execute(this.db);
    await sql`create temporary table ${sql.id(this.stage)} as select * from poverty_person where 1 = 0`.execute(this.db);
  }

  async stagePersons(rows: readonly PovertyPersonTable[]): Promise<void> {
    const stage = this.db as unknown as Kysely<Record<string, PovertyPersonTable>>;
    for (let i = 0; i < rows.length; i += BATCH) await stage.insertInto(this.stage).values(rows.slice(i, i + BATCH)).execute();
  }

  /**
   * 身份证号匹配 The ID pass, on the staged persons (ADR 0033). SQLite: one `UPDATE … FROM person_index` on the keyed
   * hash sets the match columns of every staged person whose number doudi has registered (the stage is a temporary table
   * without indexes: the pass costs the join and the rewrite of the matched rows). PostgreSQL: the matches are written
   * to a narrow table of their own (`CREATE TABLE … AS SELECT` of the join, which — unlike an UPDATE — may run as a
   * parallel hash join, the stage being an ordinary table) and `writeStagedPersons` joins them; the stage is not
   * rewritten. Returns how many matched.
   */
  async matchStagedById(): Promise<number> {
    if (!this.pg) {
      const r = await sql`update ${sql.id(this.stage)} as s set match_county = i.county_code, match_person_id = i.person_id, match_method = 'id', match_confidence = 100
        from person_index as i where i.id_hash = s.id_hash`.execute(this.db);
      return Number(r.numAffectedRows ?? 0);
    }
    // The stage has no statistics: without them PostgreSQL guesses its size and may probe the index row by row.
    await sql`analyze ${sql.id(this.stage)}`.execute(this.db);
    // The hash of the stage's keys (~20 MB for 200,000 persons) in memory: with the default 4 MB work_mem PostgreSQL
    // split the join into batches and wrote both sides to temporary files. For this statement only.
    const was = (await sql<{ w: string }>`select current_setting('work_mem') as w`.execute(this.db)).rows[0].w;
    await sql`select set_config('work_mem', '64MB', true)`.execute(this.db);
    await sql`create unlogged table ${sql.id(this.stageMatches)} as
      select s.person_key, i.county_code, i.person_id from ${sql.id(this.stage)} as s join person_index as i on i.id_hash = s.id_hash`.execute(this.db);
    await sql`select set_config('work_mem', ${was}, true)`.execute(this.db);
    this.stageMatched = true;
    const n = await sql<{ n: string }>`select count(*) as n from ${sql.id(this.stageMatches)}`.execute(this.db);
    return Number(n.rows[0].n);
  }

  /**
   * The staged persons written to the snapshot in one `INSERT … SELECT`, as staged (matched by `matchStagedById`
   * before, or not): each row is written once, already matched. The stage (and the matches) are dropped. Returns how
   * many were written.
   */
  async writeStagedPersons(): Promise<number> {
    const cols = sql.join([...STAGED_COLUMNS, ...MATCH_COLUMNS].map((c) => sql.ref(c)));
    let r: { numAffectedRows?: bigint };
    if (this.stageMatched) {
      await sql`analyze ${sql.id(this.stageMatches)}`.execute(this.db);
      const staged = sql.join(STAGED_COLUMNS.map((c) => sql.ref(`s.${c}`)));
      r = await sql`insert into poverty_person (${cols})
        select ${staged},
          case when m.person_key is null then s.match_county else m.county_code end,
          case when m.person_key is null then s.match_person_id else m.person_id end,
          case when m.person_key is null then s.match_method else 'id' end,
          case when m.person_key is null then s.match_confidence else 100 end
        from ${sql.id(this.stage)} as s left join ${sql.id(this.stageMatches)} as m on m.person_key = s.person_key`.execute(this.db);
      await sql`drop table ${sql.id(this.stageMatches)}`.execute(this.db);
      this.stageMatched = false;
    } else r = await sql`insert into poverty_person (${cols}) select ${cols} from ${sql.id(this.stage)}`.execute(this.db);
    await sql`drop table ${sql.id(this.stage)}`.execute(this.db);
    // The snapshot's persons are new to the planner: without fresh statistics PostgreSQL plans the fuzzy pass that
    // follows (in this transaction) for a snapshot of no rows, and probes by nested loops for minutes.
    if (this.pg) await sql`analyze poverty_person`.execute(this.db);
    return Number(r.numAffectedRows ?? 0);
  }

  async insertChanges(rows: readonly PovertySnapshotChangeTable[]): Promise<void> {
    for (let i = 0; i < rows.length; i += BATCH) await this.db.insertInto('poverty_snapshot_change').values(rows.slice(i, i + BATCH)).execute();
  }

  /**
   * Households and persons added (in `next`, not in `prev`) and removed (the other way), written as changes in one
   * statement each; with no previous snapshot everything is added. Returns the counts.
   */
  async writeAddedRemoved(next: string, prev: string | null): Promise<{ addedHouseholds: number; removedHouseholds: number; addedPersons: number; removedPersons: number }> {
    const run = async (q: ReturnType<typeof sql>) => Number((await q.execute(this.db)).numAffectedRows ?? 0);
    const other = prev ?? '';
    const hh = (from: string, to: string, change: 'added' | 'removed') => sql`insert into poverty_snapshot_change (snapshot_id, kind, key, change, county_code, label, fields)
      select ${next}, 'household', h.hh_no, ${change}, h.county_code, h.head_name, null from poverty_household h
      where h.snapshot_id = ${from} and not exists (select 1 from poverty_household o where o.snapshot_id = ${to} and o.hh_no = h.hh_no)`;
    const ps = (from: string, to: string, change: 'added' | 'removed') => sql`insert into poverty_snapshot_change (snapshot_id, kind, key, change, county_code, label, fields)
      select ${next}, 'person', p.person_key, ${change}, p.county_code, p.name, null from poverty_person p
      where p.snapshot_id = ${from} and not exists (select 1 from poverty_person o where o.snapshot_id = ${to} and o.person_key = p.person_key)`;
    return {
      addedHouseholds: await run(hh(next, other, 'added')),
      removedHouseholds: prev ? await run(hh(prev, next, 'removed')) : 0,
      addedPersons: await run(ps(next, other, 'added')),
      removedPersons: prev ? await run(ps(prev, next, 'removed')) : 0,
    };
  }

  /** Households under the same 户编号 in both snapshots that differ, a page at a time by 户编号 (memory stays flat). */
  async changedHouseholds(next: string, prev: string, after: string, limit: number): Promise<ChangedPair<PovertyHouseholdTable>[]> {
    const rows = await this.db
      .selectFrom('poverty_household as n')
      .innerJoin('poverty_household as p', (j) => j.onRef('p.hh_no', '=', 'n.hh_no').on('p.snapshot_id', '=', prev))
      .selectAll('n')
      .select([
        'p.village_code as p_village_code',
        'p.county_code as p_county_code',
        'p.township_code as p_township_code',
        'p.head_name as p_head_name',
        'p.attribute as p_attribute',
        'p.poverty_cause as p_poverty_cause',
        'p.status as p_status',
        'p.exit_year as p_exit_year',
        'p.member_count as p_member_count',
      ])
      .where('n.snapshot_id', '=', next)
      .where('n.hh_no', '>', after)
      .where(
        sql<boolean>`(n.village_code <> p.village_code or n.head_name <> p.head_name or n.attribute <> p.attribute or n.poverty_cause <> p.poverty_cause
          or n.status <> p.status or coalesce(n.exit_year, 0) <> coalesce(p.exit_year, 0) or n.member_count <> p.member_count)`,
      )
      .orderBy('n.hh_no')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      key: r.hh_no,
      county_code: r.county_code,
      label: r.head_name,
      after: r,
      before: {
        ...r,
        village_code: r.p_village_code,
        county_code: r.p_county_code,
        township_code: r.p_township_code,
        head_name: r.p_head_name,
        attribute: r.p_attribute,
        poverty_cause: r.p_poverty_cause,
        status: r.p_status,
        exit_year: r.p_exit_year,
        member_count: r.p_member_count,
      },
    }));
  }

  /** Persons under the same key in both snapshots that differ, a page at a time by key. */
  async changedPersons(next: string, prev: string, after: string, limit: number): Promise<ChangedPair<PovertyPersonTable>[]> {
    const rows = await this.db
      .selectFrom('poverty_person as n')
      .innerJoin('poverty_person as p', (j) => j.onRef('p.person_key', '=', 'n.person_key').on('p.snapshot_id', '=', prev))
      .selectAll('n')
      .select([
        'p.hh_no as p_hh_no',
        'p.village_code as p_village_code',
        'p.name as p_name',
        'p.relation as p_relation',
        'p.id_form as p_id_form',
        'p.labor_capacity as p_labor_capacity',
        'p.health as p_health',
        'p.disability_grade as p_disability_grade',
      ])
      .where('n.snapshot_id', '=', next)
      .where('n.person_key', '>', after)
      .where(
        sql<boolean>`(n.hh_no <> p.hh_no or n.village_code <> p.village_code or n.name <> p.name or n.relation <> p.relation or n.id_form <> p.id_form
          or n.labor_capacity <> p.labor_capacity or n.health <> p.health or coalesce(n.disability_grade, 0) <> coalesce(p.disability_grade, 0))`,
      )
      .orderBy('n.person_key')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      key: r.person_key,
      county_code: r.county_code,
      label: r.name,
      after: r,
      before: {
        ...r,
        hh_no: r.p_hh_no,
        village_code: r.p_village_code,
        name: r.p_name,
        relation: r.p_relation,
        id_form: r.p_id_form,
        labor_capacity: r.p_labor_capacity,
        health: r.p_health,
        disability_grade: r.p_disability_grade,
      },
    }));
  }

  /**
   * A page of a snapshot's changes within the scope, each with the household's number and village and (for a person)
   * the sealed ID number — from the snapshot, or for what was removed from the previous one.
   */
  async changes(
    s: Pick<PovertySnapshotTable, 'id' | 'previous_id'>,
    o: { kind?: 'household' | 'person'; change?: 'added' | 'removed' | 'changed'; offset: number; limit: number },
  ): Promise<{ total: number; rows: (PovertySnapshotChangeTable & { hh_no: string | null; village_code: string | null; id_number_sealed: string | null })[] }> {
    const prev = s.previous_id ?? '';
    let q = this.db
      .selectFrom('poverty_snapshot_change as c')
      .leftJoin('poverty_household as hn', (j) => j.on('hn.snapshot_id', '=', s.id).onRef('hn.hh_no', '=', 'c.key').on('c.kind', '=', 'household'))
      .leftJoin('poverty_household as ho', (j) => j.on('ho.snapshot_id', '=', prev).onRef('ho.hh_no', '=', 'c.key').on('c.kind', '=', 'household'))
      .leftJoin('poverty_person as pn', (j) => j.on('pn.snapshot_id', '=', s.id).onRef('pn.person_key', '=', 'c.key').on('c.kind', '=', 'person'))
      .leftJoin('poverty_person as po', (j) => j.on('po.snapshot_id', '=', prev).onRef('po.person_key', '=', 'c.key').on('c.kind', '=', 'person'))
      .where('c.snapshot_id', '=', s.id);
    if (o.kind) q = q.where('c.kind', '=', o.kind);
    if (o.change) q = q.where('c.change', '=', o.change);
    if (this.scope.countyCode) q = q.where('c.county_code', '=', this.scope.countyCode);
    if (this.scope.prefix.length > 6) {
      const [lo, hi] = codeRange(this.scope.prefix, 12);
      q = q.where(sql`coalesce(hn.village_code, ho.village_code, pn.village_code, po.village_code)`, '>=', lo).where(sql`coalesce(hn.village_code, ho.village_code, pn.village_code, po.village_code)`, '<=', hi);
    }
    const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await q
      .selectAll('c')
      .select([
        sql<string | null>`coalesce(hn.hh_no, ho.hh_no, pn.hh_no, po.hh_no)`.as('hh_no'),
        sql<string | null>`coalesce(hn.village_code, ho.village_code, pn.village_code, po.village_code)`.as('village_code'),
        sql<string | null>`coalesce(pn.id_number_sealed, po.id_number_sealed)`.as('id_number_sealed'),
      ])
      .orderBy('c.kind')
      .orderBy('c.change')
      .orderBy('c.key')
      .offset(o.offset)
      .limit(o.limit)
      .execute();
    return { total: Number(total.n), rows };
  }
}
