import { type Kysely, type Migration, PostgresAdapter, sql } from 'kysely';
import { rewriteRows } from '../batch-rewrite.ts';
import { type KeyRing, seal } from '../../kernel/sealing.ts';
import { accountHashOf, idHashOf } from '../personal-data.ts';
import { frozenLineChange, type PayrollGuardOptions, postgresTriggers, sqliteTriggers } from './0005-payroll.ts';

/**
 * Personal data sealed at rest (issue 9 point 15, ADR 0012). ID numbers, bank accounts and phone numbers were stored
 * in clear; from here on only their AES-256-GCM sealed form is (`…_sealed`), beside a keyed hash where an exact lookup
 * or a comparison needs one (`id_hash`: search, uniqueness and the city's person index; `bank_account_hash`: "has the
 * account changed", the frozen-roll guard). Existing rows are sealed in keyset batches with the database's own keys,
 * then the clear columns are dropped.
 *
 * On SQLite the person table is rebuilt (its clear column sits in a UNIQUE constraint of the original CREATE TABLE,
 * which SQLite cannot drop); household and payroll_line drop their columns in place. The roll guards are recreated to
 * compare the account's hash, and to let a closed roll's line be re-sealed (key rotation) but not otherwise changed.
 */
export function sealedPersonalData(keys: KeyRing): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const pg = db.getExecutor().adapter instanceof PostgresAdapter;
      // Kysely runs SQLite migrations outside a transaction; this one rebuilds a table, so it makes its own (SQLite's
      // DDL is transactional): a failure half-way leaves the database as it was. PostgreSQL migrations run in one.
      if (pg) return migrate(db, keys, true);
      await sql`begin immediate`.execute(db);
      try {
        await migrate(db, keys, false);
        await sql`commit`.execute(db);
      } catch (e) {
        await sql`rollback`.execute(db);
        throw e;
      }
    },
  };
}

async function migrate(db: Kysely<unknown>, keys: KeyRing, pg: boolean): Promise<void> {
      const s = db.schema;

      // person: id_number → id_number_sealed + id_hash
      await s.alterTable('person').addColumn('id_number_sealed', 'text').execute();
      await s.alterTable('person').addColumn('id_hash', 'text').execute();
      await sealColumn(db, 'person', ['county_code', 'id'], 'id_number', [
        { column: 'id_number_sealed', value: (v) => seal(keys, 'id_number', v) },
        { column: 'id_hash', value: (v) => idHashOf(keys, v) },
      ]);
      if (pg) {
        await sql`alter table person drop constraint person_id_number_uq`.execute(db);
        await sql`alter table person drop column id_number`.execute(db);
        await sql`alter table person alter column id_number_sealed set not null`.execute(db);
        await sql`alter table person alter column id_hash set not null`.execute(db);
        await sql`alter table person add constraint person_id_hash_uq unique (county_code, id_hash)`.execute(db);
      } else {
        await rebuildSqlitePerson(db);
      }

      // person_index: keyed by the hash (the city-wide uniqueness of an ID number and the cross-county lookup)
      await s
        .createTable('person_index_sealed')
        .addColumn('id_hash', 'text', (c) => c.primaryKey())
        .addColumn('county_code', 'text', (c) => c.notNull())
        .addColumn('person_id', 'text', (c) => c.notNull())
        .execute();
      await sql`insert into person_index_sealed (id_hash, county_code, person_id)
                select p.id_hash, i.county_code, i.person_id from person_index i
                join person p on p.county_code = i.county_code and p.id = i.person_id`.execute(db);
      await s.dropTable('person_index').execute();
      await s.alterTable('person_index_sealed').renameTo('person_index').execute();

      // household: bank account (sealed + hash) and phone (sealed)
      await s.alterTable('household').addColumn('bank_account_sealed', 'text').execute();
      await s.alterTable('household').addColumn('bank_account_hash', 'text').execute();
      await s.alterTable('household').addColumn('phone_sealed', 'text').execute();
      await sealColumn(db, 'household', ['county_code', 'id'], 'bank_account', accountColumns(keys));
      await sealColumn(db, 'household', ['county_code', 'id'], 'phone', [{ column: 'phone_sealed', value: (v) => seal(keys, 'phone', v) }]);
      await s.alterTable('household').dropColumn('bank_account').execute();
      await s.alterTable('household').dropColumn('phone').execute();

      // payroll_line: the account as it was sent, sealed; the guards compare its hash. The guards go first: sealing
      // updates lines of approved and closed rolls, which they refuse.
      if (pg) await sql`drop trigger payroll_line_change_guard on payroll_line`.execute(db);
      else await sql`drop trigger payroll_line_update_guard`.execute(db);
      await s.alterTable('payroll_line').addColumn('bank_account_sealed', 'text').execute();
      await s.alterTable('payroll_line').addColumn('bank_account_hash', 'text').execute();
      await sealColumn(db, 'payroll_line', ['county_code', 'roll_id', 'seq'], 'bank_account', accountColumns(keys));
      await s.alterTable('payroll_line').dropColumn('bank_account').execute();
      if (pg) {
        for (const st of postgresTriggers(SEALED_GUARDS).filter((t) => t.includes('create or replace function payroll_line_change_guard'))) await sql.raw(st).execute(db);
        await sql`create trigger payroll_line_change_guard before update or delete on payroll_line
                  for each row execute function payroll_line_change_guard()`.execute(db);
      } else {
        for (const st of sqliteTriggers(SEALED_GUARDS).filter((t) => t.includes('trigger payroll_line_update_guard'))) await sql.raw(st).execute(db);
      }
}

function accountColumns(keys: KeyRing): SealTarget[] {
  return [
    { column: 'bank_account_sealed', value: (v) => seal(keys, 'bank_account', v) },
    { column: 'bank_account_hash', value: (v) => accountHashOf(keys, v) },
  ];
}

/** Columns of payroll_line after this migration, but the sealed account: on a closed roll none of them may change. */
export const LINE_COLUMNS_BUT_SEALED = [
  'county_code', 'roll_id', 'seq', 'kind', 'program', 'benefit_month', 'enrollment_id', 'unit', 'payee_id', 'household_id', 'person_id',
  'area_code', 'payee_name', 'bank_name', 'bank_account_hash', 'person_count', 'amount_fen', 'term_status', 'reissue_of_roll',
  'reissue_of_seq', 'bank_status', 'bank_reason', 'bank_at',
];

export const SEALED_GUARDS: PayrollGuardOptions = {
  frozen: frozenLineChange('bank_account_hash'),
  closedChange: {
    // SQLite: column by column (a column added later must be added here, in that migration's own guard).
    sqlite: LINE_COLUMNS_BUT_SEALED.map((c) => `new.${c} is not old.${c}`).join(' or '),
    postgres: `(to_jsonb(new) - 'bank_account_sealed') is distinct from (to_jsonb(old) - 'bank_account_sealed')`,
  },
};

interface SealTarget {
  column: string;
  value: (clear: string) => string;
}

/** Seals one clear column of every row into `targets` (rows whose clear value is null or empty stay null). */
async function sealColumn(db: Kysely<unknown>, table: string, key: string[], clear: string, targets: SealTarget[]): Promise<void> {
  await rewriteRows(db, {
    table,
    key,
    read: [clear],
    write: (r) => {
      const v = r[clear];
      return v === null || v === '' ? null : Object.fromEntries(targets.map((t) => [t.column, t.value(String(v))]));
    },
  });
}

/**
 * SQLite's way to drop a column held by a table constraint: a new table with the final columns and constraints, the
 * rows copied, the old table dropped and the new one renamed, its indexes made again from their own definitions.
 * No foreign key refers to person, so dropping it leaves no dangling reference.
 */
async function rebuildSqlitePerson(db: Kysely<unknown>): Promise<void> {
  const indexes = (
    await sql<{ sql: string }>`select sql from sqlite_master where type = 'index' and tbl_name = 'person' and sql is not null`.execute(db)
  ).rows.map((r) => r.sql);
  const columns = [
    'county_code', 'id', 'household_id', 'area_code', 'id_number_sealed', 'id_hash', 'name', 'sex', 'birth_date', 'relation', 'hukou_type',
    'disability_kind', 'disability_grade', 'serious_illness', 'labor_capacity', 'self_care_mask', 'supporter_status', 'in_school',
    'synthetic', 'version', 'created_at', 'updated_at',
  ];
  await sql`create table person_sealed (
    county_code text not null,
    id text not null,
    household_id text not null,
    area_code text not null,
    id_number_sealed text not null,
    id_hash text not null,
    name text not null,
    sex text not null check (sex in ('M', 'F')),
    birth_date text not null,
    relation text not null,
    hukou_type text not null,
    disability_kind text,
    disability_grade integer,
    serious_illness integer default 0 not null,
    labor_capacity text not null check (labor_capacity in ('full', 'partial', 'none')),
    self_care_mask integer default 0 not null,
    supporter_status text not null,
    in_school integer default 0 not null,
    synthetic integer default 0 not null,
    version integer default 1 not null,
    created_at text not null,
    updated_at text not null,
    constraint person_pk primary key (county_code, id),
    constraint person_id_hash_uq unique (county_code, id_hash),
    constraint person_household_fk foreign key (county_code, household_id) references household (county_code, id)
  )`.execute(db);
  const list = sql.join(columns.map((c) => sql.ref(c)));
  await sql`insert into person_sealed (${list}) select ${list} from person`.execute(db);
  await sql`drop table person`.execute(db);
  await sql`alter table person_sealed rename to person`.execute(db);
  for (const ddl of indexes) await sql.raw(ddl).execute(db);
}

