import { type Kysely, PostgresAdapter, sql, type Transaction } from 'kysely';
import type { AccountabilityRecordTable, Database, FindingHistoryTable, FindingTable, SupervisionCampaignTable } from './schema.ts';
import { type AreaScope, codeRange, scopeCondition, scopeOf, whereInScope } from './scope.ts';

type Q = Kysely<Database> | Transaction<Database>;

/** The rectification columns a step of the workflow writes (with `status`, `due_on`, `updated_at`). */
export type FindingPatch = Partial<
  Pick<
    FindingTable,
    'status' | 'due_on' | 'answer_action' | 'answer_evidence' | 'answered_by' | 'answered_by_name' | 'answered_at' | 'sent_back_count' | 'closed_by' | 'closed_by_name' | 'closed_at' | 'close_note' | 'updated_at'
  >
>;

/** The audit chain a campaign's events go to: its county's, or `city` for a campaign over the city. */
export const campaignChain = (c: Pick<SupervisionCampaignTable, 'area_code'>): string => (c.area_code.slice(4, 6) === '00' ? 'city' : c.area_code.slice(0, 6));

/** A campaign's or a county's figures. */
export interface CampaignCountsRow {
  county_code: string;
  found: number;
  open: number;
  answered: number;
  closed: number;
  overdue: number;
}

/**
 * 整改 The rectification's writes and reads over findings (ADR 0048), area-scoped like SupervisionRepo (whose reads of
 * one finding and its history the commands reuse): a township reads and answers its own findings, a county its county's,
 * the city all; out of area is not found. Campaigns (专项治理) are read by every reader whose area meets the campaign's
 * (a county sees the city's campaign, counted over its own findings); accountability records by the scope of their
 * finding.
 */
export class RectificationRepo {
  readonly db: Q;
  readonly scope: AreaScope;

  constructor(db: Q, scope: AreaScope) {
    this.db = db;
    this.scope = scope;
  }

  /** The finding within the scope, read for update inside the step's transaction (PostgreSQL row lock). */
  async findingForUpdate(county: string, id: string): Promise<FindingTable | undefined> {
    let q = whereInScope(this.db.selectFrom('finding').selectAll(), this.scope, 'finding').where('county_code', '=', county).where('id', '=', id);
    if (this.isPostgres()) q = q.forUpdate();
    return q.executeTakeFirst();
  }

  /** Writes a step's columns when the finding still has the version read; false when someone changed it meanwhile. */
  async updateFinding(county: string, id: string, version: number, patch: FindingPatch): Promise<boolean> {
    const r = await this.db
      .updateTable('finding')
      .set({ ...patch, version: version + 1 })
      .where('county_code', '=', county)
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Appends a history row numbered after the finding's last. */
  async appendHistory(row: Omit<FindingHistoryTable, 'seq'>): Promise<number> {
    const last = await this.db
      .selectFrom('finding_history')
      .select(sql<number>`coalesce(max(seq), 0)`.as('n'))
      .where('county_code', '=', row.county_code)
      .where('finding_id', '=', row.finding_id)
      .executeTakeFirstOrThrow();
    const seq = Number(last.n) + 1;
    await this.db.insertInto('finding_history').values({ ...row, seq }).execute();
    return seq;
  }

  /** Open findings of the scope past their deadline (`due_on` before `today`), the longest overdue first. */
  async overdue(today: string, limit: number): Promise<FindingTable[]> {
    return whereInScope(this.db.selectFrom('finding').selectAll(), this.scope, 'finding')
      .where('status', '=', 'open')
      .where('due_on', '<', today)
      .orderBy('due_on')
      .orderBy('county_code')
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  async countOverdue(today: string): Promise<number> {
    const r = await whereInScope(this.db.selectFrom('finding').select(sql<number>`count(*)`.as('n')), this.scope, 'finding')
      .where('status', '=', 'open')
      .where('due_on', '<', today)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** The open findings of the scope: how many, and how many of them overdue (the township's worklist card). */
  async openCounts(today: string): Promise<{ open: number; answered: number; overdue: number }> {
    const r = await whereInScope(
      this.db
        .selectFrom('finding')
        .select([
          sql<number>`coalesce(sum(case when status = 'open' then 1 else 0 end), 0)`.as('open'),
          sql<number>`coalesce(sum(case when status = 'answered' then 1 else 0 end), 0)`.as('answered'),
          sql<number>`coalesce(sum(case when status = 'open' and due_on < ${today} then 1 else 0 end), 0)`.as('overdue'),
        ]),
      this.scope,
      'finding',
    ).executeTakeFirstOrThrow();
    return { open: Number(r.open), answered: Number(r.answered), overdue: Number(r.overdue) };
  }

  /* ── Campaigns ── */

  async insertCampaign(row: SupervisionCampaignTable): Promise<void> {
    await this.db.insertInto('supervision_campaign').values(row).execute();
  }

  /**
   * The campaigns a reader sees: those of an area within the scope (a county's own) and those of an area that contains
   * it (the city's, for a county or township reader).
   */
  async campaigns(): Promise<SupervisionCampaignTable[]> {
    const [lo, hi] = codeRange(this.scope.prefix, 12);
    const containing = containingAreas(this.scope.areaCode);
    return this.db
      .selectFrom('supervision_campaign')
      .selectAll()
      .where((eb) => {
        const within = eb.and([eb('area_code', '>=', lo), eb('area_code', '<=', hi)]);
        return containing.length > 0 ? eb.or([within, eb('area_code', 'in', containing)]) : within;
      })
      .orderBy('year', 'desc')
      .orderBy('created_at', 'desc')
      .execute();
  }

  async campaign(id: string): Promise<SupervisionCampaignTable | undefined> {
    return (await this.campaigns()).find((c) => c.id === id);
  }

  async closeCampaign(id: string, version: number, at: string): Promise<boolean> {
    const r = await this.db
      .updateTable('supervision_campaign')
      .set({ status: 'closed', updated_at: at, version: version + 1 })
      .where('id', '=', id)
      .where('version', '=', version)
      .where('status', '=', 'open')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /**
   * Groups into an open campaign the findings of its area, its rules and its period (first found on a day of it) that
   * belong to no campaign yet: one set-based INSERT of their history rows (`campaign`), then one UPDATE, in the caller's
   * transaction. Idempotent: a finding once grouped keeps its campaign. Only within the repository's scope when it is
   * narrower than the campaign's (a county's reader groups its county's findings, never another's). Returns how many
   * were grouped.
   */
  async groupIntoCampaign(c: SupervisionCampaignTable, at: string, actor: { id: string | null; name: string }): Promise<number> {
    const own = scopeOf(c.area_code);
    const scope = this.scope.prefix.startsWith(own.prefix) ? this.scope : own;
    const rules = JSON.parse(c.rules) as string[];
    const pg = this.isPostgres();
    const eligibleAs = (alias: string) => {
      const col = (name: string) => sql.ref(`${alias}.${name}`);
      const ruleCond = rules.length > 0 ? sql`and ${col('rule')} in (${sql.join(rules)})` : sql``;
      // first_found_at is an instant (UTC); the period's days are China's: the instant's China day is compared.
      const day = pg
        ? sql`to_char((${col('first_found_at')}::timestamptz at time zone 'Asia/Shanghai'), 'YYYY-MM-DD')`
        : sql`substr(datetime(${col('first_found_at')}, '+8 hours'), 1, 10)`;
      return sql`${col('campaign_id')} is null and ${scopeCondition(scope, alias)} ${ruleCond} and ${day} >= ${c.starts_on} and ${day} <= ${c.ends_on}`;
    };
    const eligible = eligibleAs('f');
    await sql`insert into finding_history (county_code, finding_id, seq, at, event, run_id, actor_id, actor_name, record)
      select f.county_code, f.id, (select coalesce(max(h.seq), 0) from finding_history h where h.county_code = f.county_code and h.finding_id = f.id) + 1,
        ${at}, 'campaign', null, ${actor.id}, ${actor.name}, ${JSON.stringify({ campaignId: c.id, title: c.title })}
      from finding f where ${eligible}`.execute(this.db);
    const r = await sql`update finding set campaign_id = ${c.id}, version = version + 1 where ${eligibleAs('finding')}`.execute(this.db);
    return Number(r.numAffectedRows ?? 0);
  }

  /** The campaign's findings within the reader's scope, counted per county. */
  async campaignCounts(campaignId: string, today: string): Promise<CampaignCountsRow[]> {
    const rows = await whereInScope(
      this.db
        .selectFrom('finding')
        .select([
          'county_code',
          sql<number>`count(*)`.as('found'),
          sql<number>`sum(case when status = 'open' then 1 else 0 end)`.as('open'),
          sql<number>`sum(case when status = 'answered' then 1 else 0 end)`.as('answered'),
          sql<number>`sum(case when status = 'closed' then 1 else 0 end)`.as('closed'),
          sql<number>`sum(case when status = 'open' and due_on < ${today} then 1 else 0 end)`.as('overdue'),
        ]),
      this.scope,
      'finding',
    )
      .where('campaign_id', '=', campaignId)
      .groupBy('county_code')
      .orderBy('county_code')
      .execute();
    return rows.map((r) => ({ county_code: r.county_code, found: Number(r.found), open: Number(r.open), answered: Number(r.answered), closed: Number(r.closed), overdue: Number(r.overdue) }));
  }

  /** Whether any finding of the campaign (anywhere, not only the reader's scope) is not closed. */
  async campaignHasUnclosed(campaignId: string): Promise<boolean> {
    const r = await this.db.selectFrom('finding').select('id').where('campaign_id', '=', campaignId).where('status', '<>', 'closed').limit(1).executeTakeFirst();
    return r !== undefined;
  }

  /** 台账 The campaign's findings within the scope, a page in key order. */
  async campaignLedger(campaignId: string, limit: number): Promise<FindingTable[]> {
    return whereInScope(this.db.selectFrom('finding').selectAll(), this.scope, 'finding')
      .where('campaign_id', '=', campaignId)
      .orderBy('county_code')
      .orderBy('area_code')
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  /* ── Accountability ── */

  async insertAccountability(row: AccountabilityRecordTable): Promise<void> {
    await this.db.insertInto('accountability_record').values(row).execute();
  }

  /**
   * The records of a finding (the finding itself checked in scope by the caller). Below the city, only the records made
   * by a user of the scope's county (a county reads what it recorded, not what the city recorded about its staff).
   */
  async accountability(county: string, findingId: string): Promise<AccountabilityRecordTable[]> {
    let q = this.db
      .selectFrom('accountability_record as a')
      .selectAll('a')
      .where('a.county_code', '=', county)
      .where('a.finding_id', '=', findingId);
    if (this.scope.countyCode) {
      const [lo, hi] = codeRange(this.scope.countyCode, 12);
      q = q.where((eb) => eb.exists(eb.selectFrom('app_user as u').select('u.id').whereRef('u.id', '=', 'a.recorded_by').where('u.area_code', '>=', lo).where('u.area_code', '<=', hi)));
    }
    return q.orderBy('a.recorded_at').orderBy('a.id').execute();
  }

  /** Active users by user name (the responsible staff named in a record). */
  async usersByName(names: readonly string[]): Promise<{ id: string; username: string; display_name: string; area_code: string }[]> {
    if (names.length === 0) return [];
    return this.db
      .selectFrom('app_user')
      .select(['id', 'username', 'display_name', 'area_code'])
      .where(sql<string>`lower(username)`, 'in', names.map((n) => n.toLowerCase()))
      .execute();
  }

  private isPostgres(): boolean {
    return this.db.getExecutor().adapter instanceof PostgresAdapter;
  }
}

/** The areas containing a 12-digit code above it: its township's, its county's and the city's codes. */
function containingAreas(areaCode: string): string[] {
  const out = new Set<string>([`${areaCode.slice(0, 4)}00000000`, `${areaCode.slice(0, 6)}000000`, `${areaCode.slice(0, 9)}000`]);
  out.delete(areaCode);
  return [...out];
}
