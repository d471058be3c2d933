import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * On SQLite, `person_index` (the city-wide index of registered ID numbers by keyed hash) becomes a WITHOUT ROWID table:
 * its rows live in the primary key's b-tree, so a lookup by hash that reads the county and the person — the poverty
 * import's ID match, every registration's uniqueness check — is one b-tree search instead of two (the key's index,
 * then the table by rowid). ADR 0033 has the measurements. PostgreSQL keeps its heap and primary key (its joins are hash
 * joins there); nothing changes on it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return;
  await sql`create table person_index_clustered (
      id_hash text not null primary key,
      county_code text not null,
      person_id text not null
    ) without rowid`.execute(db);
  await sql`insert into person_index_clustered (id_hash, county_code, person_id) select id_hash, county_code, person_id from person_index`.execute(db);
  await sql`drop table person_index`.execute(db);
  await sql`alter table person_index_clustered rename to person_index`.execute(db);
}
