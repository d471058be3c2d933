import { randomUUID } from 'node:crypto';
import { type Kysely, PostgresAdapter, sql } from 'kysely';
import { formatDocumentNumber, numberPrefix } from '../../kernel/document-number.ts';

/**
 * 文号 Official document numbers (issue 11 point 9, ADR 0030).
 *
 * - `document_counter`: one row per county, document kind and year holding the last number given; an issue increments
 *   it in its own transaction (row-locked on PostgreSQL, the one writer on SQLite), so numbers never collide and a
 *   rolled-back issue gives its number back: no gaps.
 * - `issued_document`: each number given, with what it was given to (a case, an enrollment's change), the day, the
 *   issuing level and, for the enrollment notices, what the notice states (JSON). Unique per county, kind, year and
 *   sequence: a second writer of the same number fails rather than printing a duplicate.
 * - Existing decisions (批准 / 不予批准) are numbered in the order of their decision time, per county and year. Other
 *   documents issued before this migration (acceptance, missing documents, closes after the data check) keep the old
 *   form, printed marked as such; changes to enrollments before it have no notice.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  if (pg) return migrate(db);
  await sql`begin immediate`.execute(db);
  try {
    await migrate(db);
    await sql`commit`.execute(db);
  } catch (e) {
    await sql`rollback`.execute(db);
    throw e;
  }
}

interface OldDecision {
  county_code: string;
  id: string;
  case_id: string;
  outcome: 'approved' | 'refused';
  decided_on: string;
  decided_at: string;
  decider_id: string;
  decider_name: string;
}

async function migrate(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await s
    .createTable('document_counter')
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last_seq', 'integer', (c) => c.notNull().check(sql`last_seq >= 0`))
    .addPrimaryKeyConstraint('document_counter_pk', ['county_code', 'kind', 'year'])
    .execute();
  await s
    .createTable('issued_document')
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull().check(sql`seq >= 1`))
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text')
    .addColumn('enrollment_id', 'text')
    .addColumn('issuer_level', 'text', (c) => c.notNull().check(sql`issuer_level in ('county', 'township')`))
    .addColumn('issued_on', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('issued_by_id', 'text', (c) => c.notNull())
    .addColumn('issued_by_name', 'text', (c) => c.notNull())
    .addColumn('content', 'text')
    .addPrimaryKeyConstraint('issued_document_pk', ['county_code', 'id'])
    .addUniqueConstraint('issued_document_seq_uq', ['county_code', 'kind', 'year', 'seq'])
    .execute();
  await s.createIndex('issued_document_case').on('issued_document').columns(['county_code', 'case_id', 'kind']).execute();
  await s.createIndex('issued_document_enrollment').on('issued_document').columns(['county_code', 'enrollment_id']).execute();

  const k = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  const decisions = (await k
    .selectFrom('case_decision')
    .select(['county_code', 'id', 'case_id', 'outcome', 'decided_on', 'decided_at', 'decider_id', 'decider_name'])
    .orderBy('decided_at')
    .orderBy('id')
    .execute()) as unknown as OldDecision[];
  if (decisions.length === 0) return;
  const names = new Map<string, string>();
  for (const r of (await k.selectFrom('division').select(['code', 'name']).where('level', '=', 'county').execute()) as { code: string; name: string }[]) {
    names.set(r.code.slice(0, 6), r.name);
  }
  const counters = new Map<string, number>();
  const rows = decisions.map((d) => {
    const kind = d.outcome === 'approved' ? 'approval' : 'refusal';
    const year = Number(d.decided_on.slice(0, 4));
    const key = `${d.county_code}|${kind}|${year}`;
    const seq = (counters.get(key) ?? 0) + 1;
    counters.set(key, seq);
    return {
      county_code: d.county_code,
      id: randomUUID(),
      kind,
      year,
      seq,
      number: formatDocumentNumber(numberPrefix(names.get(d.county_code) ?? d.county_code, kind), year, seq),
      case_id: d.case_id,
      enrollment_id: null,
      issuer_level: 'county',
      issued_on: d.decided_on,
      issued_at: d.decided_at,
      issued_by_id: d.decider_id,
      issued_by_name: d.decider_name,
      content: null,
    };
  });
  for (let i = 0; i < rows.length; i += 200) await k.insertInto('issued_document').values(rows.slice(i, i + 200)).execute();
  const counterRows = [...counters].map(([key, last]) => {
    const [county_code, kind, year] = key.split('|');
    return { county_code, kind, year: Number(year), last_seq: last };
  });
  for (let i = 0; i < counterRows.length; i += 200) await k.insertInto('document_counter').values(counterRows.slice(i, i + 200)).execute();
}
