import type { Kysely, Transaction } from 'kysely';
import type { Database, ReserveEntryKind, TownshipReserveEntryTable, TownshipReserveTable } from './schema.ts';
import { type AreaScope, codeRange, inScope, outOfArea } from './scope.ts';

type Q = Kysely<Database> | Transaction<Database>;

/** A township's reserve: its county and 12-digit township code. */
export interface ReserveKey {
  countyCode: string;
  townshipCode: string;
}

/** What one movement did: the ledger number it takes (the reserve's new version) and the balance after it. */
export interface Moved {
  seq: number;
  balanceAfterFen: number;
}

/** A township of the scope with its reserve, if it has one yet. */
export interface TownshipReserveRow {
  county_code: string;
  township_code: string;
  name: string;
  balance_fen: number | null;
  version: number | null;
  updated_at: string | null;
}

/** Whether a 12-digit code is a township's (乡镇/街道: nine significant digits, the village part zero). */
export const isTownshipCode = (code: string): boolean => /^\d{9}000$/.test(code) && !/^\d{6}000000$/.test(code);

/**
 * 乡镇临时救助备用金 The township reserves and their ledger (ADR 0039), area-scoped: a township's staff reach their own
 * township's reserve, a county's its townships', the city every one; a township outside the scope is refused
 * (AREA_FORBIDDEN), whatever the caller asks. Money moves in one statement each way: `credit` adds (creating the
 * reserve at its first top-up), `debit` takes only while the balance covers the amount — two debits racing can never
 * both pass a balance that covers one, on either database, and the table's check refuses a negative balance even if
 * they could. Each movement raises the reserve's version, which is the number of the ledger entry the caller writes
 * next (`insertEntry`) in the same transaction.
 */
export class ReserveRepo {
  readonly db: Q;
  readonly scope: AreaScope;

  constructor(db: Q, scope: AreaScope) {
    this.db = db;
    this.scope = scope;
  }

  /** Refuses a township outside the scope (or a code that is not a township's). */
  requireInScope(k: ReserveKey): void {
    if (!isTownshipCode(k.townshipCode) || k.townshipCode.slice(0, 6) !== k.countyCode || !inScope(this.scope, k.townshipCode)) throw outOfArea('township');
  }

  async reserve(k: ReserveKey): Promise<TownshipReserveTable | undefined> {
    this.requireInScope(k);
    return this.db.selectFrom('township_reserve').selectAll().where('county_code', '=', k.countyCode).where('township_code', '=', k.townshipCode).executeTakeFirst();
  }

  /** Adds `amountFen` (> 0), creating the reserve at zero first if the township has none. */
  async credit(k: ReserveKey, amountFen: number, at: string): Promise<Moved> {
    this.requireInScope(k);
    const row = await this.db
      .insertInto('township_reserve')
      .values({ county_code: k.countyCode, township_code: k.townshipCode, balance_fen: amountFen, version: 1, updated_at: at })
      .onConflict((oc) =>
        oc.columns(['county_code', 'township_code']).doUpdateSet((eb) => ({
          balance_fen: eb(eb.ref('township_reserve.balance_fen'), '+', amountFen),
          version: eb(eb.ref('township_reserve.version'), '+', 1),
          updated_at: at,
        })),
      )
      .returning(['balance_fen', 'version'])
      .executeTakeFirstOrThrow();
    return { seq: Number(row.version), balanceAfterFen: Number(row.balance_fen) };
  }

  /**
   * Takes `amountFen` (> 0) if the balance covers it, in one statement (`… where balance_fen >= amount`); null when it
   * does not (or the township has no reserve yet): nothing changed.
   */
  async debit(k: ReserveKey, amountFen: number, at: string): Promise<Moved | null> {
    this.requireInScope(k);
    const row = await this.db
      .updateTable('township_reserve')
      .set((eb) => ({ balance_fen: eb('balance_fen', '-', amountFen), version: eb('version', '+', 1), updated_at: at }))
      .where('county_code', '=', k.countyCode)
      .where('township_code', '=', k.townshipCode)
      .where('balance_fen', '>=', amountFen)
      .returning(['balance_fen', 'version'])
      .executeTakeFirst();
    return row ? { seq: Number(row.version), balanceAfterFen: Number(row.balance_fen) } : null;
  }

  async insertEntry(row: TownshipReserveEntryTable): Promise<void> {
    this.requireInScope({ countyCode: row.county_code, townshipCode: row.township_code });
    await this.db.insertInto('township_reserve_entry').values(row).execute();
  }

  /** A page of the township's ledger, newest first, entries numbered below `beforeSeq` when given. */
  async entries(k: ReserveKey, o: { beforeSeq?: number; limit: number }): Promise<TownshipReserveEntryTable[]> {
    this.requireInScope(k);
    let q = this.db.selectFrom('township_reserve_entry').selectAll().where('county_code', '=', k.countyCode).where('township_code', '=', k.townshipCode);
    if (o.beforeSeq !== undefined) q = q.where('seq', '<', o.beforeSeq);
    return q.orderBy('seq', 'desc').limit(o.limit).execute();
  }

  /**
   * The reserve movements (payments, refunds) of some cases of a county, by case and then in ledger order: for reconciling
   * the assist-first payments against a disbursement batch. Townships outside the scope are left out.
   */
  async entriesOfCases(countyCode: string, caseIds: readonly string[]): Promise<TownshipReserveEntryTable[]> {
    if (caseIds.length === 0) return [];
    const out: TownshipReserveEntryTable[] = [];
    // In slices: a batch may hold thousands of cases, and SQLite binds at most 32,766 parameters per statement.
    for (let i = 0; i < caseIds.length; i += 1000) {
      const rows = await this.db
        .selectFrom('township_reserve_entry')
        .selectAll()
        .where('county_code', '=', countyCode)
        .where('case_id', 'in', caseIds.slice(i, i + 1000))
        .orderBy('case_id')
        .orderBy('township_code')
        .orderBy('seq')
        .execute();
      out.push(...rows.filter((r) => inScope(this.scope, r.township_code)));
    }
    return out;
  }

  /** Every township of the scope (from the divisions) with its reserve, by code. */
  async townships(): Promise<TownshipReserveRow[]> {
    // A village's scope holds no township.
    if (this.scope.prefix.length > 9) return [];
    const [lo, hi] = codeRange(this.scope.prefix, 12);
    const rows = await this.db
      .selectFrom('division as d')
      .leftJoin('township_reserve as r', (j) => j.onRef('r.county_code', '=', 'd.county_code').onRef('r.township_code', '=', 'd.code'))
      .select(['d.code as township_code', 'd.name', 'r.county_code', 'r.balance_fen', 'r.version', 'r.updated_at'])
      .where('d.level', '=', 'township')
      .where('d.code', '>=', lo)
      .where('d.code', '<=', hi)
      .orderBy('d.code')
      .execute();
    return rows.map((r) => ({
      county_code: r.county_code ?? r.township_code.slice(0, 6),
      township_code: r.township_code,
      name: r.name,
      balance_fen: r.balance_fen === null ? null : Number(r.balance_fen),
      version: r.version === null ? null : Number(r.version),
      updated_at: r.updated_at,
    }));
  }
}

export type { ReserveEntryKind };
