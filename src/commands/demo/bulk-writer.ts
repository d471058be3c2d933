import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import type { DialectName } from '../../db/connect.ts';
import type { Database } from '../../db/schema.ts';
import type { GeneratedHousehold } from './population.ts';
import { type KeyRing, type SealPurpose, unseal } from '../../kernel/sealing.ts';
import { sealAccount, sealIdNumber, sealPhone } from '../../db/personal-data.ts';

/**
 * Bulk insert of generated households: rows are buffered as flat parameter lists per table and written as
 * multi-row INSERTs of up to ROWS_PER_STATEMENT rows, within the caller's transaction. The SQL text is built once
 * per (table, row count) and sent as a compiled query, so Kysely neither builds nor compiles a query tree per row
 * and SQLite reuses its prepared statement. Parameters per statement stay under SQLite's 32,766 and PostgreSQL's
 * 65,535 bound-parameter limits. The one writer of the registry's tables outside RegistryRepo (ADR 0024): a city-wide
 * load of synthetic data by the operator, into no one's area, at a speed one-row writes could not reach.
 */
export const BULK_TABLES = {
  household: ['county_code', 'id', 'area_code', 'address', 'hukou_type', 'registered_poor', 'bank_name', 'bank_account_sealed', 'bank_account_hash', 'phone_sealed', 'head_name', 'member_count', 'synthetic', 'version', 'created_at', 'updated_at'],
  person: ['county_code', 'id', 'household_id', 'area_code', 'id_number_sealed', 'id_hash', 'name', 'sex', 'birth_date', 'relation', 'hukou_type', 'disability_kind', 'disability_grade', 'serious_illness', 'labor_capacity', 'self_care_mask', 'supporter_status', 'in_school', 'synthetic', 'version', 'created_at', 'updated_at'],
  person_index: ['id_hash', 'county_code', 'person_id'],
  income_item: ['county_code', 'id', 'household_id', 'person_id', 'kind', 'annual_fen', 'note', 'created_at'],
  asset_item: ['county_code', 'id', 'household_id', 'kind', 'value_fen', 'quantity', 'note', 'created_at'],
} as const satisfies Record<string, readonly string[]>;

export type BulkTable = keyof typeof BULK_TABLES;
/** Parents before children, for the foreign keys. */
export const BULK_ORDER: readonly BulkTable[] = ['household', 'person', 'person_index', 'income_item', 'asset_item'];

export const ROWS_PER_STATEMENT = 1000;
const PARAM_LIMIT: Record<DialectName, number> = { sqlite: 32_766, postgres: 65_535 };

export function rowsPerStatement(dialect: DialectName, table: BulkTable): number {
  return Math.min(ROWS_PER_STATEMENT, Math.floor(PARAM_LIMIT[dialect] / BULK_TABLES[table].length));
}

/**
 * Rows per statement for `rows` rows: full statements, then the remainder in powers of two. A remainder of any size
 * would make a new statement text on every flush, and every distinct text is a prepared statement that the driver
 * caches (tens of thousands of parameters each): memory would grow with the run. This way a table has at most
 * 11 shapes of INSERT.
 */
export function statementSizes(rows: number, per: number): number[] {
  const sizes: number[] = [];
  let left = rows;
  while (left >= per) {
    sizes.push(per);
    left -= per;
  }
  for (let p = 1 << Math.floor(Math.log2(per)); p >= 1; p >>= 1) {
    if (left >= p) {
      sizes.push(p);
      left -= p;
    }
  }
  return sizes;
}

const sqlCache = new Map<string, string>();

/** `insert into "t" ("a", "b") values (?, ?), (?, ?)` — `$n` placeholders on PostgreSQL. */
export function insertSql(dialect: DialectName, table: BulkTable, rows: number): string {
  const key = `${dialect}:${table}:${rows}`;
  let text = sqlCache.get(key);
  if (text) return text;
  const cols = BULK_TABLES[table];
  const tuples: string[] = [];
  let n = 0;
  for (let r = 0; r < rows; r++) {
    const ph: string[] = [];
    for (let c = 0; c < cols.length; c++) ph.push(dialect === 'postgres' ? `$${++n}` : '?');
    tuples.push(`(${ph.join(', ')})`);
  }
  text = `insert into "${table}" (${cols.map((c) => `"${c}"`).join(', ')}) values ${tuples.join(', ')}`;
  sqlCache.set(key, text);
  return text;
}

/**
 * Appends a household's rows, as parameter values in BULK_TABLES column order, to the per-table lists. Written out
 * column by column (not `row[column]` in a loop): this runs for every row and keyed access made it a hot spot. ID
 * numbers, the bank account and the phone are sealed here, with the database's keys (ADR 0012).
 */
export function appendHousehold(buffers: Record<BulkTable, unknown[]>, g: GeneratedHousehold, keys: KeyRing): void {
  const h = g.household;
  const account = sealAccount(keys, h.bank_account);
  buffers.household.push(
    h.county_code, h.id, h.area_code, h.address, h.hukou_type, h.registered_poor, h.bank_name, account.bank_account_sealed, account.bank_account_hash,
    sealPhone(keys, h.phone), h.head_name, h.member_count, h.synthetic, h.version, h.created_at, h.updated_at,
  );
  const persons = buffers.person;
  for (const p of g.persons) {
    const id = sealIdNumber(keys, p.id_number);
    persons.push(
      p.county_code, p.id, p.household_id, p.area_code, id.id_number_sealed, id.id_hash, p.name, p.sex, p.birth_date, p.relation, p.hukou_type, p.disability_kind,
      p.disability_grade, p.serious_illness, p.labor_capacity, p.self_care_mask, p.supporter_status, p.in_school, p.synthetic, p.version, p.created_at, p.updated_at,
    );
    buffers.person_index.push(id.id_hash, p.county_code, p.id);
  }
  for (const it of g.incomes) buffers.income_item.push(it.county_code, it.id, it.household_id, it.person_id, it.kind, it.annual_fen, it.note, it.created_at);
  for (const it of g.assets) buffers.asset_item.push(it.county_code, it.id, it.household_id, it.kind, it.value_fen, it.quantity, it.note, it.created_at);
}

const SEALED_PURPOSE: Record<string, SealPurpose> = { id_number_sealed: 'id_number', bank_account_sealed: 'bank_account', phone_sealed: 'phone' };

/**
 * A bulk table's row in BULK_TABLES order with its sealed columns opened and its keyed hashes left out: what two
 * databases with keys of their own can compare (the determinism test, bench/generate.bench.ts).
 */
export function comparableRow(keys: KeyRing, table: BulkTable, row: Record<string, unknown>): string[] {
  return BULK_TABLES[table]
    .filter((c) => !c.endsWith('_hash'))
    .map((c) => {
      const v = row[c];
      const purpose = SEALED_PURPOSE[c];
      return purpose && typeof v === 'string' ? unseal(keys, purpose, v) : String(v);
    });
}

export function emptyBuffers(): Record<BulkTable, unknown[]> {
  return { household: [], person: [], person_index: [], income_item: [], asset_item: [] };
}

export interface BulkWriter {
  add(h: GeneratedHousehold): void;
  /** Persons buffered since the last flush. */
  readonly pendingPersons: number;
  /** Writes everything buffered, inside the given transaction, and empties the buffers. */
  flush(trx: Transaction<Database> | Kysely<Database>): Promise<void>;
}

export function createBulkWriter(dialect: DialectName, keys: KeyRing): BulkWriter {
  let buffers = emptyBuffers();
  return {
    add: (h) => appendHousehold(buffers, h, keys),
    get pendingPersons() {
      return buffers.person.length / BULK_TABLES.person.length;
    },
    async flush(trx) {
      const full = buffers;
      buffers = emptyBuffers();
      for (const table of BULK_ORDER) {
        const values = full[table];
        const cols = BULK_TABLES[table].length;
        let start = 0;
        for (const n of statementSizes(values.length / cols, rowsPerStatement(dialect, table))) {
          await trx.executeQuery(CompiledQuery.raw(insertSql(dialect, table, n), values.slice(start * cols, (start + n) * cols)));
          start += n;
        }
      }
    },
  };
}
