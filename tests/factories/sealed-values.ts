import { PassThrough } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { operatorContext } from '../../src/commands/context.ts';
import { prepareExport } from '../../src/commands/payroll/export-roll.ts';
import type { Db } from '../../src/db/connect.ts';
import { columnName, SEALED_COLUMNS } from '../../src/db/sealed-columns.ts';
import { sealedKeyId, unseal } from '../../src/kernel/sealing.ts';

export interface SealedValue {
  sealed: string;
  plain: string;
  keyId: string | null;
}

/**
 * Every sealed value of the database, opened with the connection's keys, by `<table.column>|<row key>` (key rotation
 * tests: what each value opens to before and after, and under which key it is sealed).
 */
export async function sealedValues(db: Db): Promise<Map<string, SealedValue>> {
  const out = new Map<string, SealedValue>();
  for (const c of SEALED_COLUMNS) {
    const { rows } = await sql<Record<string, string | number | null>>`select ${sql.join([...c.key, c.column].map((k) => sql.ref(k)))} from ${sql.table(c.table)}
      where ${sql.ref(c.column)} is not null`.execute(db.kysely);
    for (const r of rows) {
      const sealed = String(r[c.column]);
      out.set(`${columnName(c)}|${c.key.map((k) => r[k]).join('/')}`, { sealed, plain: unseal(db.keys, c.purpose, sealed), keyId: sealedKeyId(sealed) });
    }
  }
  return out;
}

/** Sealed values by the key that sealed them. */
export function byKey(values: ReadonlyMap<string, SealedValue>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values.values()) out[v.keyId ?? ''] = (out[v.keyId ?? ''] ?? 0) + 1;
  return out;
}

/** Sealed values by column (`person.id_number_sealed` …). */
export function byColumn(values: ReadonlyMap<string, SealedValue>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of values.keys()) {
    const c = k.slice(0, k.indexOf('|'));
    out[c] = (out[c] ?? 0) + 1;
  }
  return out;
}

/** The keyed hashes (ID numbers, bank accounts), which a data key rotation must leave as they are. */
export async function keyedHashes(db: Db): Promise<string[]> {
  const k = db.kysely;
  const [p, h, l, i] = await Promise.all([
    k.selectFrom('person').select(['county_code', 'id', 'id_hash']).orderBy('county_code').orderBy('id').execute(),
    k.selectFrom('household').select(['county_code', 'id', 'bank_account_hash']).orderBy('county_code').orderBy('id').execute(),
    k.selectFrom('payroll_line').select(['county_code', 'roll_id', 'seq', 'bank_account_hash']).orderBy('county_code').orderBy('roll_id').orderBy('seq').execute(),
    k.selectFrom('person_index').select(['id_hash', 'county_code', 'person_id']).orderBy('id_hash').execute(),
  ]);
  return [...p, ...h, ...l, ...i].map((r) => JSON.stringify(r));
}

/** A roll's bank file (CSV) written through this connection, as rows of cells. */
export async function bankFileRows(db: Db, county: string, rollId: string): Promise<string[][]> {
  const prepared = await prepareExport(operatorContext(db, { name: 'cli:test' }), { ref: { county, id: rollId }, format: 'csv' });
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await prepared.write(out);
  return parse(Buffer.concat(chunks), { bom: true, relax_column_count: true }) as string[][];
}
