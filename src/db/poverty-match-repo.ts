import { type Kysely, type Transaction, sql } from 'kysely';
import type { Database } from './schema.ts';

type Q = Kysely<Database> | Transaction<Database>;

/**
 * The match of a poverty-registry snapshot's persons to doudi's registry (issue 12, ADR 0032). The snapshot is the city's
 * or a county's file as the poverty office sent it, not a record of doudi's area: a match is written for every person
 * of the snapshot; who may see it is decided by the reads that show it (area-scoped by the matched person's or the
 * snapshot row's county and village).
 */
export class PovertyMatchRepo {
  readonly db: Q;

  constructor(db: Q) {
    this.db = db;
  }

  /**
   * The ID-number pass: a snapshot person whose keyed ID-number hash is in `person_index` (the city-wide index of
   * registered ID numbers) is that person. One set-based statement; returns how many persons it matched.
   */
  async matchById(snapshotId: string): Promise<number> {
    const r = await sql`update poverty_person
      set match_county = (select pi.county_code from person_index pi where pi.id_hash = poverty_person.id_hash),
          match_person_id = (select pi.person_id from person_index pi where pi.id_hash = poverty_person.id_hash),
          match_method = 'id',
          match_confidence = 100
      where snapshot_id = ${snapshotId} and id_hash is not null
        and exists (select 1 from person_index pi where pi.id_hash = poverty_person.id_hash)`.execute(this.db);
    return Number(r.numAffectedRows ?? 0);
  }
}
