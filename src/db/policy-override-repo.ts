import { type Kysely, sql, type Transaction } from 'kysely';
import type { DialectName } from './connect.ts';
import type { Database, OverrideStatus, PolicyOverrideTable } from './schema.ts';

type Q = Kysely<Database> | Transaction<Database>;

/**
 * 参数调整 The table of parameter overrides (ADR 0017): every read and write of `policy_override` goes through here.
 * Parameters are city-wide reference data, so there is no area scope; who may propose, confirm or withdraw is the
 * commands' check. Status changes re-check the expected status and version in their WHERE clause: of two confirmations
 * or a confirmation racing a withdrawal, exactly one changes the row.
 */
/**
 * Queues changes of what is in force one behind the other until this transaction ends: SQLite's write transaction is
 * exclusive already; on PostgreSQL a self-conflicting table lock does it (reads go on).
 */
export async function oneOverrideChangeAtATime(trx: Transaction<Database>, dialect: DialectName): Promise<void> {
  if (dialect === 'postgres') await sql`lock table policy_override in share row exclusive mode`.execute(trx);
}

/**
 * The confirmed overrides, in the order they are layered over the files: by date, then the later proposed after the
 * earlier (of two for the same parameter, area and date the later proposed wins).
 */
export async function overridesInForce(q: Q, names?: readonly string[]): Promise<PolicyOverrideTable[]> {
  let s = q.selectFrom('policy_override').selectAll().where('status', '=', 'confirmed');
  if (names) s = s.where('name', 'in', names.length > 0 ? [...names] : ['']);
  return s.orderBy('effective_from').orderBy('created_at').orderBy('id').execute();
}

/** The same order in memory: where a row about to be confirmed would sit among those in force (the check sees what will be in force). */
export function inForceOrder<R extends Pick<PolicyOverrideTable, 'effective_from' | 'created_at' | 'id'>>(rows: readonly R[]): R[] {
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...rows].sort((a, b) => cmp(a.effective_from, b.effective_from) || cmp(a.created_at, b.created_at) || cmp(a.id, b.id));
}

export async function listOverrides(q: Q, o: { status?: OverrideStatus; name?: string; limit?: number } = {}): Promise<PolicyOverrideTable[]> {
  let s = q.selectFrom('policy_override').selectAll();
  if (o.status) s = s.where('status', '=', o.status);
  if (o.name) s = s.where('name', '=', o.name);
  return s.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(o.limit ?? 500).execute();
}

export async function getOverride(q: Q, id: string): Promise<PolicyOverrideTable | undefined> {
  return q.selectFrom('policy_override').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertOverride(q: Q, row: PolicyOverrideTable): Promise<void> {
  await q.insertInto('policy_override').values(row).execute();
}

/** Moves a row from `from` to its new status if it still is at `version`; false when someone else changed it first. */
export async function changeOverrideStatus(
  q: Q,
  id: string,
  expect: { status: OverrideStatus; version: number },
  set: Partial<Pick<PolicyOverrideTable, 'status' | 'confirmed_by' | 'confirmed_by_name' | 'confirmed_at' | 'withdrawn_by' | 'withdrawn_by_name' | 'withdrawn_at' | 'withdraw_reason'>>,
): Promise<boolean> {
  const r = await q
    .updateTable('policy_override')
    .set({ ...set, version: expect.version + 1 })
    .where('id', '=', id)
    .where('status', '=', expect.status)
    .where('version', '=', expect.version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * The latest month of a payment roll per county (any program) among rolls in `statuses`: approved and closed ones are
 * what has been paid for sure; any roll at all has read the parameters of its month.
 */
export async function lastRollMonths(q: Q, counties: readonly string[], statuses: readonly ('building' | 'built' | 'approved' | 'closed')[]): Promise<Map<string, string>> {
  if (counties.length === 0) return new Map();
  const rows = await q
    .selectFrom('payroll_roll')
    .select((eb) => ['county_code', eb.fn.max('month').as('month')])
    .where('county_code', 'in', counties)
    .where('status', 'in', [...statuses])
    .groupBy('county_code')
    .execute();
  return new Map(rows.filter((r) => r.month !== null).map((r) => [r.county_code, String(r.month)]));
}
