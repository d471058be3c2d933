import { type Kysely, type Transaction, sql } from 'kysely';
import type { Database } from './schema.ts';
import { type AreaScope, whereInScope } from './scope.ts';

type Q = Kysely<Database> | Transaction<Database>;

/** A snapshot person still unmatched and one of doudi's persons that may be them (the fuzzy pass's pairs). */
export interface CandidatePair {
  person_key: string;
  p_name: string;
  p_birth: string | null;
  p_sex: string | null;
  p_village: string;
  c_county: string;
  c_id: string;
  c_name: string;
  c_birth: string;
  c_sex: string;
  c_area: string;
}

/** A suggestion written by the fuzzy pass. */
export interface Suggestion {
  personKey: string;
  county: string;
  personId: string;
  confidence: number;
}

/** A row of the review queue: both sides of a suggested match. */
export interface QueueRow {
  snapshot_id: string;
  person_key: string;
  p_name: string;
  p_id_sealed: string | null;
  p_id_form: string;
  p_birth: string | null;
  p_sex: string | null;
  p_village: string;
  hh_no: string;
  attribute: string;
  status: string;
  confidence: number | null;
  c_county: string;
  c_id: string;
  c_name: string;
  c_id_sealed: string;
  c_birth: string;
  c_sex: string;
  c_area: string;
  household_id: string;
  head_name: string;
}

/**
 * The match of a poverty-registry snapshot's persons to doudi's registry (issue 12, ADR 0033). The snapshot is the city's
 * or a county's file as the poverty office sent it, not a record of doudi's area: the passes write a match for every
 * person of the snapshot; the review queue's reads and decisions are area-scoped by the matched doudi person's county
 * and village (a township caseworker sees the suggestions that point into their township).
 */
export class PovertyMatchRepo {
  readonly db: Q;

  constructor(db: Q) {
    this.db = db;
  }

  /**
   * The ID-number pass: a snapshot person whose keyed ID-number hash is in `person_index` (the city-wide index of
   * registered ID numbers) is that person. One set-based `UPDATE … FROM` (PostgreSQL; SQLite since 3.33): one probe of
   * the index per row, where correlated sub-selects took three. Returns how many persons it matched.
   */
  async matchById(snapshotId: string): Promise<number> {
    const r = await sql`update poverty_person
      set match_county = pi.county_code, match_person_id = pi.person_id, match_method = 'id', match_confidence = 100
      from person_index pi
      where pi.id_hash = poverty_person.id_hash and poverty_person.snapshot_id = ${snapshotId} and poverty_person.id_hash is not null
        and poverty_person.match_method is null`.execute(this.db);
    return Number(r.numAffectedRows ?? 0);
  }

  /**
   * The ID-number match at insert time: which of these keyed hashes are registered, and as whom. An import that writes
   * its persons with `match_method = 'id'` (and the match columns) from this map writes each row once; `matchById` then
   * finds nothing left to do. On PostgreSQL this is the fast way (ADR 0033: an UPDATE of 180,000 rows rewrites every
   * row and every index entry of them). Batches of `batch` hashes (5,000: measured better than 500 on both databases; at most 30,000 for SQLite's parameter limit).
   */
  async idMatches(hashes: readonly string[], batch = 5000): Promise<Map<string, { county: string; personId: string }>> {
    const out = new Map<string, { county: string; personId: string }>();
    for (let i = 0; i < hashes.length; i += batch) {
      const rows = await this.db
        .selectFrom('person_index')
        .select(['id_hash', 'county_code', 'person_id'])
        .where('id_hash', 'in', hashes.slice(i, i + batch))
        .execute();
      for (const r of rows) out.set(r.id_hash, { county: r.county_code, personId: r.person_id });
    }
    return out;
  }

  /**
   * Earlier decisions: a person the ID pass left unmatched whose stable key a caseworker confirmed as one of doudi's
   * persons (who still exists) is that person. Set-based; returns how many.
   */
  async applyConfirmed(snapshotId: string): Promise<number> {
    const r = await sql`update poverty_person
      set match_county = d.county_code, match_person_id = d.person_id, match_method = 'confirmed', match_confidence = 100
      from poverty_match_decision d join person c on c.county_code = d.county_code and c.id = d.person_id
      where d.person_key = poverty_person.person_key and d.decision = 'confirmed'
        and poverty_person.snapshot_id = ${snapshotId} and poverty_person.match_method is null`.execute(this.db);
    return Number(r.numAffectedRows ?? 0);
  }

  /** The next `limit` keys of unmatched persons after `after` (keyset over the primary key). */
  async unmatchedKeys(snapshotId: string, after: string, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('poverty_person')
      .select('person_key')
      .where('snapshot_id', '=', snapshotId)
      .where('person_key', '>', after)
      .where('match_method', 'is', null)
      .orderBy('person_key')
      .limit(limit)
      .execute();
    return rows.map((r) => r.person_key);
  }

  private exclusions(snapshotId: string) {
    // A doudi person matched by ID number in this snapshot is one whose ID-number hash the snapshot carries: probed
    // through the id_hash index (a probe by match columns is a scan where every row of the snapshot shares them).
    return sql`p.snapshot_id = ${snapshotId} and p.match_method is null
      and not exists (select 1 from poverty_person m where m.id_hash = c.id_hash and m.snapshot_id = p.snapshot_id)
      and not exists (select 1 from poverty_match_decision d where d.person_key = p.person_key and d.county_code = c.county_code
        and d.person_id = c.id and d.decision = 'rejected')`;
  }

  private static readonly COLS = sql`p.person_key, p.name as p_name, p.birth_date as p_birth, p.sex as p_sex, p.village_code as p_village,
      c.county_code as c_county, c.id as c_id, c.name as c_name, c.birth_date as c_birth, c.sex as c_sex, c.area_code as c_area`;

  /**
   * The candidates of the unmatched persons whose keys lie in [from, to] born the same day: doudi's persons of the
   * same county (index `person_county_birth`). Persons already matched by ID number in this snapshot and pairs a
   * caseworker rejected are left out (those matched by a confirmation: `confirmedPersons`, left out by the caller).
   */
  async candidatesByBirth(snapshotId: string, from: string, to: string): Promise<CandidatePair[]> {
    const r = await sql<CandidatePair>`select ${PovertyMatchRepo.COLS} from poverty_person p
      join person c on c.county_code = p.county_code and c.birth_date = p.birth_date
      where ${this.exclusions(snapshotId)} and p.person_key >= ${from} and p.person_key <= ${to}`.execute(this.db);
    return r.rows;
  }

  /**
   * For the persons `keys` the birth date found no one for (a birth date mistyped, or unknown): doudi's persons of the
   * same village with the same surname, the name's first character (expression index `person_village_surname`).
   */
  async candidatesByVillage(snapshotId: string, keys: readonly string[]): Promise<CandidatePair[]> {
    if (keys.length === 0) return [];
    const r = await sql<CandidatePair>`select ${PovertyMatchRepo.COLS} from poverty_person p
      join person c on c.county_code = p.county_code and c.area_code = p.village_code and substr(c.name, 1, 1) = substr(p.name, 1, 1)
      where ${this.exclusions(snapshotId)} and p.person_key in (${sql.join(keys)})
        and (p.birth_date is null or c.birth_date <> p.birth_date)`.execute(this.db);
    return r.rows;
  }

  /** The doudi persons (`county/id`) matched in this snapshot by a confirmation: few, read once per pass. */
  async confirmedPersons(snapshotId: string): Promise<Set<string>> {
    const rows = await this.db
      .selectFrom('poverty_person')
      .select(['match_county', 'match_person_id'])
      .where('snapshot_id', '=', snapshotId)
      .where('match_method', '=', 'confirmed')
      .execute();
    return new Set(rows.map((r) => `${r.match_county}/${r.match_person_id}`));
  }

  /** Writes the fuzzy pass's suggestions of one batch: one `UPDATE … FROM (VALUES …)` per 500. */
  async writeSuggestions(snapshotId: string, suggestions: readonly Suggestion[]): Promise<void> {
    for (let i = 0; i < suggestions.length; i += 500) {
      const chunk = suggestions.slice(i, i + 500);
      const values = sql.join(chunk.map((s) => sql`(${s.personKey}, ${s.county}, ${s.personId}, ${String(s.confidence)})`));
      await sql`update poverty_person
        set match_county = v.column2, match_person_id = v.column3, match_method = 'suggested', match_confidence = cast(v.column4 as integer)
        from (values ${values}) as v
        where poverty_person.snapshot_id = ${snapshotId} and poverty_person.person_key = v.column1`.execute(this.db);
    }
  }

  /** How the snapshot's persons stand: matched by ID, confirmed, suggested, unknown. */
  async counts(snapshotId: string): Promise<{ id: number; confirmed: number; suggested: number; unknown: number }> {
    const rows = await this.db
      .selectFrom('poverty_person')
      .select(['match_method', (e) => e.fn.countAll<number>().as('n')])
      .where('snapshot_id', '=', snapshotId)
      .groupBy('match_method')
      .execute();
    const out = { id: 0, confirmed: 0, suggested: 0, unknown: 0 };
    for (const r of rows) out[r.match_method ?? 'unknown'] += Number(r.n);
    return out;
  }

  /**
   * The snapshots whose suggestions are waiting: the latest of each area (the city's file, or a county's). A suggestion
   * of an older snapshot is history: the next snapshot was matched again.
   */
  async currentSnapshotIds(): Promise<string[]> {
    const rows = await this.db
      .selectFrom('poverty_snapshot as s')
      .select('s.id')
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('poverty_snapshot as t').select('t.id').whereRef('t.area_code', '=', 's.area_code').whereRef('t.imported_at', '>', 's.imported_at'))),
      )
      .execute();
    return rows.map((r) => r.id);
  }

  private queueQuery(scope: AreaScope, snapshotIds: readonly string[]) {
    const q = this.db
      .selectFrom('poverty_person as pp')
      .innerJoin('poverty_household as ph', (j) => j.onRef('ph.snapshot_id', '=', 'pp.snapshot_id').onRef('ph.hh_no', '=', 'pp.hh_no'))
      .innerJoin('person as c', (j) => j.onRef('c.county_code', '=', 'pp.match_county').onRef('c.id', '=', 'pp.match_person_id'))
      .innerJoin('household as h', (j) => j.onRef('h.county_code', '=', 'c.county_code').onRef('h.id', '=', 'c.household_id'))
      .where('pp.snapshot_id', 'in', snapshotIds.length > 0 ? [...snapshotIds] : [''])
      .where('pp.match_method', '=', 'suggested');
    return whereInScope(q, scope, 'c');
  }

  /** A page of the review queue in the scope (by the doudi person's county and village), best suggestions first. */
  async queue(scope: AreaScope, snapshotIds: readonly string[], page: { offset: number; limit: number }): Promise<{ rows: QueueRow[]; total: number }> {
    const total = await this.queueQuery(scope, snapshotIds)
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const rows = await this.queueQuery(scope, snapshotIds)
      .select([
        'pp.snapshot_id', 'pp.person_key', 'pp.name as p_name', 'pp.id_number_sealed as p_id_sealed', 'pp.id_form as p_id_form', 'pp.birth_date as p_birth',
        'pp.sex as p_sex', 'pp.village_code as p_village', 'pp.hh_no', 'ph.attribute', 'ph.status', 'pp.match_confidence as confidence',
        'c.county_code as c_county', 'c.id as c_id', 'c.name as c_name', 'c.id_number_sealed as c_id_sealed', 'c.birth_date as c_birth', 'c.sex as c_sex',
        'c.area_code as c_area', 'c.household_id', 'h.head_name',
      ])
      .orderBy('pp.match_confidence', 'desc')
      .orderBy('pp.snapshot_id')
      .orderBy('pp.person_key')
      .offset(page.offset)
      .limit(page.limit)
      .execute();
    return { rows: rows as QueueRow[], total: Number(total.n) };
  }

  /** One snapshot person with the doudi person it points to, if that person is in the scope (else undefined). */
  async getPair(scope: AreaScope, snapshotId: string, personKey: string, county: string, personId: string) {
    const q = this.db
      .selectFrom('poverty_person as pp')
      .innerJoin('person as c', (j) => j.on('c.county_code', '=', county).on('c.id', '=', personId))
      .select([
        'pp.snapshot_id', 'pp.person_key', 'pp.name', 'pp.match_method', 'pp.match_county', 'pp.match_person_id', 'pp.match_confidence',
        'c.county_code as c_county', 'c.id as c_id', 'c.name as c_name', 'c.area_code as c_area',
      ])
      .where('pp.snapshot_id', '=', snapshotId)
      .where('pp.person_key', '=', personKey);
    return whereInScope(q, scope, 'c').executeTakeFirst();
  }

  /** The decision on a suggested pair, if the row still holds that suggestion: 'confirmed' keeps it, 'rejected' clears it. */
  async decideRow(snapshotId: string, personKey: string, county: string, personId: string, decision: 'confirmed' | 'rejected'): Promise<boolean> {
    const set =
      decision === 'confirmed'
        ? { match_method: 'confirmed' as const, match_confidence: 100 }
        : { match_method: null, match_county: null, match_person_id: null, match_confidence: null };
    const r = await this.db
      .updateTable('poverty_person')
      .set(set)
      .where('snapshot_id', '=', snapshotId)
      .where('person_key', '=', personKey)
      .where('match_method', '=', 'suggested')
      .where('match_county', '=', county)
      .where('match_person_id', '=', personId)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /**
   * Keeps the decision for later snapshots: one row per (person key, doudi person). A confirmation replaces any other
   * confirmation of the same key (a snapshot person is one of doudi's persons).
   */
  async recordDecision(d: {
    personKey: string;
    county: string;
    personId: string;
    decision: 'confirmed' | 'rejected';
    snapshotId: string;
    byId: string;
    byName: string;
    at: string;
  }): Promise<void> {
    if (d.decision === 'confirmed') {
      await this.db.deleteFrom('poverty_match_decision').where('person_key', '=', d.personKey).where('decision', '=', 'confirmed').execute();
    }
    await this.db
      .deleteFrom('poverty_match_decision')
      .where('person_key', '=', d.personKey)
      .where('county_code', '=', d.county)
      .where('person_id', '=', d.personId)
      .execute();
    await this.db
      .insertInto('poverty_match_decision')
      .values({
        person_key: d.personKey,
        county_code: d.county,
        person_id: d.personId,
        decision: d.decision,
        snapshot_id: d.snapshotId,
        decided_by_id: d.byId,
        decided_by_name: d.byName,
        decided_at: d.at,
      })
      .execute();
  }
}
