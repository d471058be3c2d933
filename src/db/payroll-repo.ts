import { type Kysely, type SelectQueryBuilder, sql, type Transaction } from 'kysely';
import type { AreaScope } from './scope.ts';
import { codeRange, outOfArea } from './scope.ts';
import type { Database, PayrollJobTable, PayrollLineTable, PayrollRollTable } from './schema.ts';

type Q = Kysely<Database> | Transaction<Database>;

export interface LineFilter {
  kind?: PayrollLineTable['kind'];
  gradualExit?: boolean;
  bankStatus?: 'paid' | 'failed' | 'none';
  /** true: held out of the bank file only; false: sent to the bank only. */
  held?: boolean;
}

const BANK_LINE_COLUMNS = ['roll_id', 'seq', 'kind', 'benefit_month', 'payee_name', 'bank_name', 'bank_account_sealed', 'person_count', 'amount_fen', 'term_status'] as const;
export type BankLine = Pick<PayrollLineTable, (typeof BANK_LINE_COLUMNS)[number]>;

/** `current_account_hash`: the keyed hash of the household's account as it is now (has it been corrected?). */
export type QueueRow = PayrollLineTable & { roll_month: string; current_account_hash: string | null };

/**
 * Payment rolls' data access, bound to an area scope like the registry's (ADR 0003). A roll covers a whole county, so
 * only a scope that covers the county (a county or the city) sees it, its lines, its jobs and the re-issue queue;
 * anything else is simply not found. Every write re-checks the roll's state in its WHERE clause, so a write racing a
 * change of state finds nothing to change (and the database triggers refuse what slips through).
 */
export class PayrollRepo {
  readonly db: Q;
  readonly scope: AreaScope;

  constructor(db: Q, scope: AreaScope) {
    this.db = db;
    this.scope = scope;
  }

  covers(county: string): boolean {
    return this.scope.prefix.length <= 6 && county.startsWith(this.scope.prefix);
  }

  /** A county the caller names (to build, to list): outside the scope is refused, not hidden. */
  assertCounty(county: string, field = 'county'): void {
    if (!this.covers(county)) throw outOfArea(field);
  }

  private rolls(): SelectQueryBuilder<Database, 'payroll_roll', object> {
    const q = this.db.selectFrom('payroll_roll') as SelectQueryBuilder<Database, 'payroll_roll', object>;
    if (this.scope.prefix.length > 6) return q.where(sql<boolean>`1 = 0`);
    if (this.scope.countyCode) return q.where('payroll_roll.county_code', '=', this.scope.countyCode);
    const [lo, hi] = codeRange(this.scope.prefix, 6);
    return q.where('payroll_roll.county_code', '>=', lo).where('payroll_roll.county_code', '<=', hi);
  }

  async listRolls(o: { county?: string; program?: string; page: number; pageSize: number }): Promise<{ rows: PayrollRollTable[]; total: number }> {
    let q = this.rolls();
    if (o.county) q = q.where('county_code', '=', o.county);
    if (o.program) q = q.where('program', '=', o.program as 'dibao');
    const [{ total }] = await q.select((eb) => eb.fn.countAll<number>().as('total')).execute();
    const rows = await q
      .selectAll()
      .orderBy('month', 'desc')
      .orderBy('county_code')
      .orderBy('program')
      .orderBy('kind')
      .orderBy('round', 'desc')
      .limit(o.pageSize)
      .offset((o.page - 1) * o.pageSize)
      .execute();
    return { rows: rows as PayrollRollTable[], total: Number(total) };
  }

  async getRoll(county: string, id: string): Promise<PayrollRollTable | undefined> {
    return (await this.rolls().selectAll().where('county_code', '=', county).where('id', '=', id).executeTakeFirst()) as PayrollRollTable | undefined;
  }

  async lines(roll: PayrollRollTable, f: LineFilter, page: number, pageSize: number): Promise<{ rows: PayrollLineTable[]; total: number }> {
    let q = this.db.selectFrom('payroll_line').where('county_code', '=', roll.county_code).where('roll_id', '=', roll.id);
    if (f.kind) q = q.where('kind', '=', f.kind);
    if (f.gradualExit !== undefined) q = q.where('term_status', f.gradualExit ? '=' : '<>', 'gradual_exit');
    if (f.bankStatus) q = f.bankStatus === 'none' ? q.where('bank_status', 'is', null) : q.where('bank_status', '=', f.bankStatus);
    // Held lines through the partial index payroll_line_held (its filter written as the index's).
    if (f.held === true) q = q.where('program', '=', roll.program).where(sql<boolean>`hold_reason is not null`);
    if (f.held === false) q = q.where('hold_reason', 'is', null);
    const [{ total }] = await q.select((eb) => eb.fn.countAll<number>().as('total')).execute();
    const rows = await q.selectAll().orderBy('seq').limit(pageSize).offset((page - 1) * pageSize).execute();
    return { rows, total: Number(total) };
  }

  /**
   * Lines of a roll from `afterSeq` on, for the bank file: payments only (recovery is not the bank's business) and not
   * held (a payment without an account stays in the roll, out of the file). Only the file's columns: the export reads a
   * county's roll, and every column of every row is garbage a moment later.
   */
  async paymentBatch(roll: PayrollRollTable, afterSeq: number, limit: number): Promise<BankLine[]> {
    return this.db
      .selectFrom('payroll_line')
      .select(BANK_LINE_COLUMNS)
      .where('county_code', '=', roll.county_code)
      .where('roll_id', '=', roll.id)
      .where('seq', '>', afterSeq)
      .where('kind', '<>', 'recovery')
      .where('hold_reason', 'is', null)
      .orderBy('seq')
      .limit(limit)
      .execute();
  }

  async linesBySeq(roll: PayrollRollTable, seqs: readonly number[]): Promise<PayrollLineTable[]> {
    if (seqs.length === 0) return [];
    return this.db.selectFrom('payroll_line').selectAll().where('county_code', '=', roll.county_code).where('roll_id', '=', roll.id).where('seq', 'in', [...seqs]).execute();
  }

  /**
   * 待重发 Payments waiting to be paid again, that no later line has reissued yet: failed ones of closed rolls, and ones
   * held out of the bank file (no account) of approved or closed rolls; with the account the household has now.
   */
  async reissueQueue(o: { county?: string; program?: string; reason?: 'failed' | 'held'; page: number; pageSize: number }): Promise<{ rows: QueueRow[]; total: number }> {
    if (this.scope.prefix.length > 6) return { rows: [], total: 0 };
    let q = this.db
      .selectFrom('payroll_line as f')
      .innerJoin('payroll_roll as r', (j) => j.onRef('r.county_code', '=', 'f.county_code').onRef('r.id', '=', 'f.roll_id'))
      .innerJoin('household as h', (j) => j.onRef('h.county_code', '=', 'f.county_code').onRef('h.id', '=', 'f.household_id'))
      .where((eb) => {
        const failed = eb.and([eb('f.bank_status', '=', 'failed'), eb('r.status', '=', 'closed')]);
        const held = eb.and([eb('f.hold_reason', 'is not', null), eb('r.status', 'in', ['approved', 'closed'])]);
        return o.reason === 'failed' ? failed : o.reason === 'held' ? held : eb.or([failed, held]);
      })
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('payroll_line as x')
              .select(sql`1`.as('one'))
              .whereRef('x.county_code', '=', 'f.county_code')
              .where('x.kind', '=', 'reissue')
              .whereRef('x.reissue_of_roll', '=', 'f.roll_id')
              .whereRef('x.reissue_of_seq', '=', 'f.seq'),
          ),
        ),
      );
    if (this.scope.countyCode) q = q.where('f.county_code', '=', this.scope.countyCode);
    else {
      const [lo, hi] = codeRange(this.scope.prefix, 6);
      q = q.where('f.county_code', '>=', lo).where('f.county_code', '<=', hi);
    }
    if (o.county) q = q.where('f.county_code', '=', o.county);
    if (o.program) q = q.where('f.program', '=', o.program as 'dibao');
    const [{ total }] = await q.select((eb) => eb.fn.countAll<number>().as('total')).execute();
    const rows = await q
      .selectAll('f')
      .select(['r.month as roll_month', 'h.bank_account_hash as current_account_hash'])
      .orderBy('f.county_code')
      .orderBy('r.month')
      .orderBy('f.roll_id')
      .orderBy('f.seq')
      .limit(o.pageSize)
      .offset((o.page - 1) * o.pageSize)
      .execute();
    return { rows: rows as QueueRow[], total: Number(total) };
  }

  /** Moves a built roll to approved if it is still at `version`; false when it was not (stale, or no longer built). */
  async approve(roll: PayrollRollTable, version: number, by: { id: string; name: string }, at: string): Promise<boolean> {
    const r = await this.db
      .updateTable('payroll_roll')
      .set({ status: 'approved', approved_by: by.id, approved_by_name: by.name, approved_at: at, version: version + 1, updated_at: at })
      .where('county_code', '=', roll.county_code)
      .where('id', '=', roll.id)
      .where('version', '=', version)
      .where('status', '=', 'built')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async recordExport(roll: PayrollRollTable, byName: string, at: string): Promise<void> {
    await this.db
      .updateTable('payroll_roll')
      .set((eb) => ({ export_count: eb('export_count', '+', 1), exported_at: at, exported_by_name: byName, updated_at: at }))
      .where('county_code', '=', roll.county_code)
      .where('id', '=', roll.id)
      .where('status', '=', 'approved')
      .execute();
  }

  /** Writes one batch of bank outcomes (seq, status, reason) into an approved roll's lines. */
  async setBankOutcomes(roll: PayrollRollTable, rows: readonly { seq: number; status: 'paid' | 'failed'; reason: string | null }[], at: string): Promise<number> {
    if (rows.length === 0) return 0;
    const values = sql.join(rows.map((r) => sql`(cast(${r.seq} as integer), ${r.status}, ${r.reason})`));
    const res = await sql`
      update payroll_line set bank_status = v.column2, bank_reason = v.column3, bank_at = ${at}
      from (values ${values}) as v
      where payroll_line.county_code = ${roll.county_code} and payroll_line.roll_id = ${roll.id} and payroll_line.seq = v.column1
        and payroll_line.kind <> 'recovery' and payroll_line.hold_reason is null and payroll_line.bank_status is null`.execute(this.db);
    return Number(res.numAffectedRows ?? 0);
  }

  async close(roll: PayrollRollTable, o: { paid: number; paidFen: number; failed: number; failedFen: number; byName: string; at: string }): Promise<boolean> {
    const r = await this.db
      .updateTable('payroll_roll')
      .set({
        status: 'closed',
        paid_count: o.paid,
        paid_fen: o.paidFen,
        failed_count: o.failed,
        failed_fen: o.failedFen,
        closed_at: o.at,
        closed_by_name: o.byName,
        version: Number(roll.version) + 1,
        updated_at: o.at,
      })
      .where('county_code', '=', roll.county_code)
      .where('id', '=', roll.id)
      .where('status', '=', 'approved')
      .where('version', '=', roll.version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async insertJob(row: PayrollJobTable): Promise<void> {
    this.assertCounty(row.county_code);
    await this.db.insertInto('payroll_job').values(row).execute();
  }

  /** Jobs of a county and kind still marked running with these parameters (a build of the same roll is joined). */
  async runningJobs(county: string, kind: PayrollJobTable['kind'], params: string): Promise<PayrollJobTable[]> {
    if (!this.covers(county)) return [];
    return this.db.selectFrom('payroll_job').selectAll().where('county_code', '=', county).where('kind', '=', kind).where('status', '=', 'running').where('params', '=', params).execute();
  }

  async getJob(county: string, id: string): Promise<PayrollJobTable | undefined> {
    if (!this.covers(county)) return undefined;
    return this.db.selectFrom('payroll_job').selectAll().where('county_code', '=', county).where('id', '=', id).executeTakeFirst();
  }
}

/** Job bookkeeping from the job itself (a worker thread acting for the user who started it). */
export async function updateJob(db: Q, county: string, id: string, patch: Partial<PayrollJobTable>, o: { onlyRunning?: boolean } = {}): Promise<void> {
  let q = db.updateTable('payroll_job').set(patch).where('county_code', '=', county).where('id', '=', id);
  if (o.onlyRunning) q = q.where('status', '=', 'running');
  await q.execute();
}
