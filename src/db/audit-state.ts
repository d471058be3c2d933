import { createHash, type Hash } from 'node:crypto';
import { type Kysely, PostgresAdapter, type RawBuilder, sql, type Transaction } from 'kysely';
import { isSealed, type KeyRing, type SealPurpose, unseal } from '../kernel/sealing.ts';
import { canonicalJson } from './audit.ts';
import { keysOf } from './key-ring-carrier.ts';
import type { Database } from './schema.ts';

type Q = Kysely<Database> | Transaction<Database>;

/**
 * 审计状态 The state of an audited entity, as its write's audit event digests it (`after`) and as `audit verify --deep`
 * recomputes it from the stored rows (ADR 0015): one definition for both, so that a row edited behind the
 * application's back no longer matches the after-digest of its latest event.
 *
 * - An entity is its row and the rows that belong to it: a household with its members, incomes and assets; an
 *   enrollment with its terms; a payroll roll with its lines (as a count and a streaming digest); a case, a review and a
 *   user with their own row.
 * - Only the columns listed here count (a column added later does not change the state of rows written before it);
 *   values are normalised (integers as numbers, missing as null), lists sorted by key.
 * - Sealed values (ID numbers, bank accounts, phone numbers: ADR 0012) are taken opened, so sealing existing values or
 *   re-sealing them under a new key changes no state.
 * - Volatile security counters (failed logins, lockout) are not state: they change on every wrong password.
 */
export type AuditedEntity = 'household' | 'enrollment' | 'case' | 'review' | 'user' | 'payroll_roll';

export const STATE_COLUMNS = {
  household: ['county_code', 'id', 'area_code', 'address', 'hukou_type', 'registered_poor', 'bank_name', 'bank_account_sealed', 'phone_sealed', 'head_name', 'member_count', 'synthetic', 'version', 'created_at', 'updated_at'],
  person: [
    'county_code', 'id', 'household_id', 'area_code', 'id_number_sealed', 'name', 'sex', 'birth_date', 'relation', 'hukou_type', 'disability_kind', 'disability_grade',
    'serious_illness', 'labor_capacity', 'self_care_mask', 'supporter_status', 'in_school', 'synthetic', 'version', 'created_at', 'updated_at',
  ],
  income_item: ['county_code', 'id', 'household_id', 'person_id', 'kind', 'annual_fen', 'note', 'created_at'],
  asset_item: ['county_code', 'id', 'household_id', 'kind', 'value_fen', 'quantity', 'note', 'created_at'],
  enrollment: ['county_code', 'id', 'program', 'unit', 'household_id', 'person_id', 'decision_id', 'monthly_amount_fen', 'start_month', 'end_month', 'status', 'version', 'created_at', 'updated_at'],
  enrollment_term: ['county_code', 'enrollment_id', 'from_month', 'status', 'amount_fen', 'basis', 'reasons', 'determination', 'actor_id', 'actor_name', 'created_at'],
  assistance_case: [
    'county_code', 'id', 'kind', 'program', 'state', 'version', 'household_id', 'applicant_person_id', 'area_code', 'staff_relative', 'staff_relative_note', 'contested',
    'on_behalf', 'signed_declaration', 'data_check_authorised', 'filed_by', 'rule_set', 'applied_on', 'accepted_on', 'state_since', 'due_date', 'notice_ends_on',
    'county_review_since', 'county_objection_on', 'spot_check', 'spot_check_id', 'proposed_amount_fen', 'decision_id', 'open_program', 'created_at', 'updated_at',
  ],
  review_case: [
    'county_code', 'id', 'enrollment_id', 'household_id', 'program', 'trigger', 'reported_change', 'state', 'version', 'opened_on', 'state_since', 'due_date',
    'open_enrollment', 'outcome', 'decided_on', 'decider_id', 'decider_name', 'decision_reasons', 'amount_fen', 'effective_month', 'gradual_months', 'opened_by',
    'created_at', 'updated_at',
  ],
  // A user's state: who they are, what they may do, their password. Not updated_at: second-factor bookkeeping touches it
  // at sign-in (ADR 0014), and the second factor's own columns are not state either.
  app_user: ['id', 'username', 'display_name', 'role', 'area_code', 'role_confirmed', 'password_hash', 'must_change_password', 'active', 'version', 'created_at'],
  payroll_roll: [
    'county_code', 'id', 'program', 'month', 'kind', 'round', 'status', 'phase', 'cursor', 'line_count', 'pay_line_count', 'person_count', 'total_fen', 'regular_fen',
    'backpay_fen', 'reissue_fen', 'recovery_fen', 'gradual_exit_count', 'skipped_count', 'built_by', 'built_by_name', 'build_started_at', 'built_at', 'approved_by',
    'approved_by_name', 'approved_at', 'export_count', 'exported_at', 'exported_by_name', 'closed_at', 'closed_by_name', 'paid_count', 'paid_fen', 'failed_count',
    'failed_fen', 'version', 'created_at', 'updated_at',
  ],
  payroll_line: [
    'county_code', 'roll_id', 'seq', 'kind', 'program', 'benefit_month', 'enrollment_id', 'unit', 'payee_id', 'household_id', 'person_id', 'area_code', 'payee_name',
    'bank_name', 'bank_account_sealed', 'person_count', 'amount_fen', 'term_status', 'reissue_of_roll', 'reissue_of_seq', 'bank_status', 'bank_reason', 'bank_at',
  ],
} as const;

type StateTable = keyof typeof STATE_COLUMNS;

/**
 * Columns added after state digests began (migration 0016: a line's hold, a roll's held totals and its last refresh;
 * 0027: a line's temporary-aid stage; 0028: a household's heating; 0029: a heating line's basis):
 * part of the state only when set, so that a row written before them — where they are null — keeps the state its
 * events recorded, while a hold or a refresh written since counts like any other column. Their rows are read whole
 * (a migration before theirs digests rows that do not have them yet).
 */
export const LATER_STATE_COLUMNS: Partial<Record<StateTable, readonly string[]>> = {
  payroll_roll: ['held_count', 'held_fen', 'refreshed_by', 'refreshed_by_name', 'refreshed_at'],
  // Migration 0027: the temporary-aid stage a line pays; 0029: what a heating line's amount was computed from.
  payroll_line: ['hold_reason', 'case_id', 'stage_n', 'heating_mode', 'heated_area_dm2', 'heating_months'],
  // Migration 0028: the household's heating (null = not recorded, the state of every household written before).
  household: ['heating_mode', 'heated_area_dm2'],
};

/**
 * Sealed columns (ADR 0012) and the purpose they were sealed for: in the state they appear opened, under the name of
 * what they hold (`id_number`, not `id_number_sealed`). Their keyed hashes are not state: they follow from the value.
 */
const SEALED: Partial<Record<string, SealPurpose>> = { id_number_sealed: 'id_number', bank_account_sealed: 'bank_account', phone_sealed: 'phone' };

/**
 * Lines of heating rolls (program `heating`, migration 0029 on: no earlier event recorded them) name the account by its
 * keyed hash instead of the opened account: the lookup key is never rotated (ADR 0019), so the hash changes exactly
 * when the account does, and a season roll's digest (hundreds of thousands of lines) opens no account (ADR 0043).
 * Lines of the older programs keep the opened account, so that the states their events recorded stay valid.
 */
const KEYED_ACCOUNT_PROGRAMS: ReadonlySet<unknown> = new Set(['heating']);
const KEYED_LINE_COLUMNS = STATE_COLUMNS.payroll_line.map((c) => (c === 'bank_account_sealed' ? 'bank_account_hash' : c));
const keyedAccount = (table: StateTable, r: Record<string, unknown>) => table === 'payroll_line' && KEYED_ACCOUNT_PROGRAMS.has(r.program);

/** A row reduced to its state columns, normalised. */
export function stateRow(keys: KeyRing, table: StateTable, row: object): Record<string, unknown> {
  const r = row as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const c of keyedAccount(table, r) ? KEYED_LINE_COLUMNS : STATE_COLUMNS[table]) {
    const purpose = SEALED[c];
    // A row still in clear (the demo generator digests the rows it is about to seal) has the value under its plain name.
    let v = r[c] === undefined && purpose ? r[purpose] : r[c];
    if (v === undefined) v = null;
    else if (typeof v === 'bigint') v = Number(v);
    else if (typeof v === 'boolean') v = v ? 1 : 0;
    else if (typeof v === 'string' && purpose && isSealed(v)) v = unseal(keys, purpose, v);
    out[purpose ?? c] = v;
  }
  for (const c of LATER_STATE_COLUMNS[table] ?? []) {
    const v = r[c];
    if (v !== undefined && v !== null) out[c] = typeof v === 'bigint' ? Number(v) : v;
  }
  return out;
}

/** A table's state columns in the order canonical JSON writes them (sorted by the name they appear under). */
interface StateField {
  column: string;
  purpose: SealPurpose | undefined;
  later: boolean;
  /** `"name":`, as canonical JSON writes the key. */
  key: string;
}
const layouts = new Map<string, StateField[]>();
function layoutOf(table: StateTable, keyed: boolean): StateField[] {
  const id = keyed ? `${table}:keyed` : table;
  let l = layouts.get(id);
  if (!l) {
    const fields = [
      ...(keyed ? KEYED_LINE_COLUMNS : STATE_COLUMNS[table]).map((c) => ({ column: c, purpose: SEALED[c], later: false, name: SEALED[c] ?? c })),
      ...(LATER_STATE_COLUMNS[table] ?? []).map((c) => ({ column: c, purpose: undefined, later: true, name: c })),
    ];
    const names = fields.map((f) => f.name).sort();
    l = names.map((n) => {
      const f = fields.find((x) => x.name === n)!;
      return { column: f.column, purpose: f.purpose, later: f.later, key: `${JSON.stringify(n)}:` };
    });
    layouts.set(id, l);
  }
  return l;
}

/**
 * `canonicalJson(stateRow(keys, table, row))`, written directly (the same text, checked by a property test): a roll's
 * digest serialises every line, and this skips building the object and sorting its keys for each of them.
 */
export function stateRowJson(keys: KeyRing, table: StateTable, row: object): string {
  const r = row as Record<string, unknown>;
  let out = '{';
  let first = true;
  for (const f of layoutOf(table, keyedAccount(table, r))) {
    let v: unknown;
    if (f.later) {
      v = r[f.column];
      if (v === undefined || v === null) continue;
      if (typeof v === 'bigint') v = Number(v);
    } else {
      v = r[f.column] === undefined && f.purpose ? r[f.purpose] : r[f.column];
      if (v === undefined) v = null;
      else if (typeof v === 'bigint') v = Number(v);
      else if (typeof v === 'boolean') v = v ? 1 : 0;
      else if (typeof v === 'string' && f.purpose && isSealed(v)) v = unseal(keys, f.purpose, v);
    }
    out += `${first ? '' : ','}${f.key}${v === null ? 'null' : typeof v === 'object' ? canonicalJson(v) : JSON.stringify(v)}`;
    first = false;
  }
  return `${out}}`;
}

const byKey = (k: string) => (a: Record<string, unknown>, b: Record<string, unknown>) => (String(a[k]) < String(b[k]) ? -1 : String(a[k]) > String(b[k]) ? 1 : 0);

/** A household's state from its rows (the demo generator builds it from the rows it writes, the checker from those it reads). */
export function householdStateOf(
  keys: KeyRing,
  household: object,
  parts: { members: readonly object[]; incomes: readonly object[]; assets: readonly object[] },
): unknown {
  return {
    household: stateRow(keys, 'household', household),
    members: parts.members.map((m) => stateRow(keys, 'person', m)).sort(byKey('id')),
    incomes: parts.incomes.map((i) => stateRow(keys, 'income_item', i)).sort(byKey('id')),
    assets: parts.assets.map((a) => stateRow(keys, 'asset_item', a)).sort(byKey('id')),
  };
}

export function enrollmentStateOf(keys: KeyRing, enrollment: object, terms: readonly object[]): unknown {
  return { enrollment: stateRow(keys, 'enrollment', enrollment), terms: terms.map((t) => stateRow(keys, 'enrollment_term', t)).sort(byKey('from_month')) };
}

const groupBy = <T extends Record<string, unknown>>(rows: readonly T[], key: string) => {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = String(r[key]);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
};

const LINE_BATCH = 1_000;

/**
 * A keyed line's state text (a heating line: the account by its keyed hash, no sealed value to open) written by the
 * database: exactly the text `stateRowJson` writes for the row — keys sorted, later columns only when set — property-
 * tested equal on both databases (tests/integration/audit-line-state.test.ts). One `concat` per line (a chain of `||`
 * would copy the growing text at each step); a later column's part is null when it is, and `concat` skips nulls.
 */
export function keyedLineStateSql(pg: boolean): RawBuilder<string> {
  const json = (c: string) => (pg ? `coalesce(to_json(${c})::text, 'null')` : `json_quote(${c})`);
  const fields = layoutOf('payroll_line', true);
  if (fields[0].later) throw new Error('keyedLineStateSql: the first field must always be present');
  const parts = fields.map((f, i) => (f.later ? `case when ${f.column} is not null then '${`,${f.key}`}' || ${json(f.column)} end` : `'${i === 0 ? '' : ','}${f.key}', ${json(f.column)}`));
  // PostgreSQL takes at most 100 arguments to a function.
  if (parts.length * 2 + 2 > 100) throw new Error('keyedLineStateSql: too many columns for one concat');
  return sql.raw(`concat('{', ${parts.join(', ')}, '}')`);
}

/** A page of a roll's lines hashed: how many, the last seq (the next page starts after it). */
interface LinePage {
  n: number;
  last: number;
}

/**
 * A page of keyed lines hashed from the text the database writes for them, the page as one value (SQLite: its UTF-8
 * bytes, never a JS string): no row objects and no string per line, which is most of the digest's cost and of the heap
 * it grows. Null when a line of the page is not keyed: the page is then the serialiser's (`linePageJs`).
 */
async function keyedLinePage(q: Q, h: Hash, county: string, rollId: string, after: number): Promise<LinePage | null> {
  const pg = q.getExecutor().adapter instanceof PostgresAdapter;
  const text = pg ? sql`string_agg(s, chr(10) order by seq) || chr(10)` : sql`cast(group_concat(s, char(10) order by seq) || char(10) as blob)`;
  const r = await sql<{ n: number | string; last: number | null; other: number | string | null; text: string | Uint8Array | null }>`
    select count(*) as n, max(seq) as last, sum(case when program in (${sql.join([...KEYED_ACCOUNT_PROGRAMS])}) then 0 else 1 end) as other, ${text} as text
    from (select seq, program, ${keyedLineStateSql(pg)} as s from payroll_line
      where county_code = ${county} and roll_id = ${rollId} and seq > ${after} order by seq limit ${LINE_BATCH}) x`.execute(q);
  const row = r.rows[0];
  if (Number(row?.other ?? 0) > 0) return null;
  const n = Number(row?.n ?? 0);
  if (n > 0 && row.text !== null) h.update(row.text);
  return { n, last: Number(row?.last ?? after) };
}

/** A page of lines hashed from their rows, each serialised by `stateRowJson` (sealed accounts opened). */
async function linePageJs(q: Q, keys: KeyRing, h: Hash, county: string, rollId: string, after: number): Promise<LinePage> {
  const rows = await q
    .selectFrom('payroll_line')
    // Every column: the later ones exist only from their migration on (the baseline of 0011b reads rolls before 0016).
    .selectAll()
    .where('county_code', '=', county)
    .where('roll_id', '=', rollId)
    .where('seq', '>', after)
    .orderBy('seq')
    .limit(LINE_BATCH)
    .execute();
  for (const r of rows) h.update(`${stateRowJson(keys, 'payroll_line', r)}\n`);
  return { n: rows.length, last: rows.length > 0 ? Number(rows[rows.length - 1].seq) : after };
}

/**
 * A roll's lines as a count and a sha256 over their states in line order (each line's `stateRowJson` and a newline),
 * read in keyset pages (memory stays flat). A heating roll's pages are written by the database (`keyedLinePage`): the
 * same text, at a fraction of the cost (ADR 0043).
 */
export async function linesDigest(q: Q, keys: KeyRing, county: string, rollId: string, program?: string): Promise<{ count: number; digest: string }> {
  const h = createHash('sha256');
  const prog = program ?? (await q.selectFrom('payroll_roll').select('program').where('county_code', '=', county).where('id', '=', rollId).executeTakeFirst())?.program;
  const keyed = KEYED_ACCOUNT_PROGRAMS.has(prog);
  let after = 0;
  let count = 0;
  for (;;) {
    const page = (keyed ? await keyedLinePage(q, h, county, rollId, after) : null) ?? (await linePageJs(q, keys, h, county, rollId, after));
    count += page.n;
    if (page.n < LINE_BATCH) break;
    after = page.last;
  }
  return { count, digest: h.digest('hex') };
}

/**
 * The states of several entities of one type in one chain (a county, or 'city' for users), read in a few statements;
 * entities that do not exist are absent from the map.
 */
export async function statesOf(q: Q, type: AuditedEntity, chain: string, ids: readonly string[]): Promise<Map<string, unknown>> {
  const keys = keysOf(q);
  const out = new Map<string, unknown>();
  if (ids.length === 0) return out;
  const list = [...ids];
  switch (type) {
    case 'household': {
      const [hs, ps, is, as] = await Promise.all([
        // Every column: the heating columns exist only from migration 0028 on (the baseline of 0011b reads households before).
        q.selectFrom('household').selectAll().where('county_code', '=', chain).where('id', 'in', list).execute(),
        q.selectFrom('person').select([...STATE_COLUMNS.person]).where('county_code', '=', chain).where('household_id', 'in', list).execute(),
        q.selectFrom('income_item').select([...STATE_COLUMNS.income_item]).where('county_code', '=', chain).where('household_id', 'in', list).execute(),
        q.selectFrom('asset_item').select([...STATE_COLUMNS.asset_item]).where('county_code', '=', chain).where('household_id', 'in', list).execute(),
      ]);
      const [pm, im, am] = [groupBy(ps, 'household_id'), groupBy(is, 'household_id'), groupBy(as, 'household_id')];
      for (const h of hs) out.set(h.id, householdStateOf(keys, h, { members: pm.get(h.id) ?? [], incomes: im.get(h.id) ?? [], assets: am.get(h.id) ?? [] }));
      return out;
    }
    case 'enrollment': {
      const [es, ts] = await Promise.all([
        q.selectFrom('enrollment').select([...STATE_COLUMNS.enrollment]).where('county_code', '=', chain).where('id', 'in', list).execute(),
        q.selectFrom('enrollment_term').select([...STATE_COLUMNS.enrollment_term]).where('county_code', '=', chain).where('enrollment_id', 'in', list).execute(),
      ]);
      const tm = groupBy(ts, 'enrollment_id');
      for (const e of es) out.set(e.id, enrollmentStateOf(keys, e, tm.get(e.id) ?? []));
      return out;
    }
    case 'case': {
      const rows = await q.selectFrom('assistance_case').select([...STATE_COLUMNS.assistance_case]).where('county_code', '=', chain).where('id', 'in', list).execute();
      for (const r of rows) out.set(r.id, { case: stateRow(keys, 'assistance_case', r) });
      return out;
    }
    case 'review': {
      const rows = await q.selectFrom('review_case').select([...STATE_COLUMNS.review_case]).where('county_code', '=', chain).where('id', 'in', list).execute();
      for (const r of rows) out.set(r.id, { review: stateRow(keys, 'review_case', r) });
      return out;
    }
    case 'user': {
      const rows = await q.selectFrom('app_user').select([...STATE_COLUMNS.app_user]).where('id', 'in', list).execute();
      for (const r of rows) out.set(r.id, { user: stateRow(keys, 'app_user', r) });
      return out;
    }
    case 'payroll_roll': {
      const rows = await q.selectFrom('payroll_roll').selectAll().where('county_code', '=', chain).where('id', 'in', list).execute();
      for (const r of rows) out.set(r.id, { roll: stateRow(keys, 'payroll_roll', r), lines: await linesDigest(q, keys, chain, r.id, r.program) });
      return out;
    }
  }
}

/** One entity's state as stored now (a write's `after`, read back in its own transaction), or null when it is gone. */
export async function stateOf(q: Q, type: AuditedEntity, chain: string, id: string): Promise<unknown> {
  return (await statesOf(q, type, chain, [id])).get(id) ?? null;
}
