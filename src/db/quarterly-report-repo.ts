import type { Kysely, Transaction, Updateable } from 'kysely';
import type { Database, QuarterlyReportTable, ReportBulletinTable, ReportCorrectionTable } from './schema.ts';
import { type AreaScope, codeRange, outOfArea } from './scope.ts';

type Q = Kysely<Database> | Transaction<Database>;

/** The tables written as versioned drafts, and the column their row is keyed by beside the quarter. */
const DRAFT_KEY = { quarterly_report: 'county_code', report_bulletin: 'city_code' } as const;
type DraftTable = keyof typeof DRAFT_KEY;

/**
 * 季度报告 Quarterly reports, their corrections and the city's bulletins (ADR 0045), area-scoped like the payment rolls:
 * a report covers a whole county, so only a scope covering the county (the county's or the city's) sees it — a
 * township's staff see none, a county none of another county's (out of area = not found when listing, refused when
 * named). Bulletins belong to the city: drafts are read only by whoever writes them (the command checks the permission),
 * issued ones by everyone. Writes re-check the state in their WHERE clause; the database's triggers refuse any change to
 * a submitted report (but its receipt, once), to an issued bulletin and to a correction.
 */
export class QuarterlyReportRepo {
  readonly db: Q;
  readonly scope: AreaScope;

  constructor(db: Q, scope: AreaScope) {
    this.db = db;
    this.scope = scope;
  }

  covers(county: string): boolean {
    return this.scope.prefix.length <= 6 && county.startsWith(this.scope.prefix);
  }

  assertCounty(county: string, field = 'county'): void {
    if (!this.covers(county)) throw outOfArea(field);
  }

  /** The counties' range the scope covers (none below a county). */
  private countyRange(): [string, string] | null {
    if (this.scope.prefix.length > 6) return null;
    return codeRange(this.scope.prefix, 6);
  }

  async report(county: string, quarter: string): Promise<QuarterlyReportTable | undefined> {
    this.assertCounty(county);
    return this.db.selectFrom('quarterly_report').selectAll().where('county_code', '=', county).where('quarter', '=', quarter).executeTakeFirst();
  }

  /** The reports of the scope's counties, newest quarter first; one quarter when given. */
  async reports(o: { quarter?: string; county?: string; status?: QuarterlyReportTable['status'] } = {}): Promise<QuarterlyReportTable[]> {
    const range = this.countyRange();
    if (!range) return [];
    let q = this.db.selectFrom('quarterly_report').selectAll().where('county_code', '>=', range[0]).where('county_code', '<=', range[1]);
    if (o.county) {
      this.assertCounty(o.county);
      q = q.where('county_code', '=', o.county);
    }
    if (o.quarter) q = q.where('quarter', '=', o.quarter);
    if (o.status) q = q.where('status', '=', o.status);
    return q.orderBy('quarter', 'desc').orderBy('county_code').execute();
  }

  /** The county's latest submitted report before `quarter` (the one the next report's corrections are against). */
  async previousSubmitted(county: string, quarter: string): Promise<QuarterlyReportTable | undefined> {
    this.assertCounty(county);
    return this.db
      .selectFrom('quarterly_report')
      .selectAll()
      .where('county_code', '=', county)
      .where('quarter', '<', quarter)
      .where('status', '=', 'submitted')
      .orderBy('quarter', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  async insertDraft(row: QuarterlyReportTable): Promise<void> {
    this.assertCounty(row.county_code);
    await this.db.insertInto('quarterly_report').values(row).execute();
  }

  /** Saves the county's text if the draft is still at `version`; false when it is not (stale, or submitted meanwhile). */
  async saveText(county: string, quarter: string, version: number, t: Pick<QuarterlyReportTable, 'progress_text' | 'problems_text' | 'next_steps_text' | 'drafted_by_name' | 'updated_at'>): Promise<boolean> {
    this.assertCounty(county);
    return this.updateDraft('quarterly_report', county, quarter, version, t);
  }

  /** Freezes the draft at `version` with its figures; false when it is not a draft at that version any more. */
  async submit(county: string, quarter: string, version: number, s: Pick<QuarterlyReportTable, 'figures' | 'figures_digest' | 'submitted_by' | 'submitted_by_name' | 'submitted_at'>): Promise<boolean> {
    this.assertCounty(county);
    return this.updateDraft('quarterly_report', county, quarter, version, { ...s, status: 'submitted', updated_at: s.submitted_at! });
  }

  /** The city's receipt of a submitted report, once; false when it is not submitted or already received. */
  async receive(county: string, quarter: string, r: { by: string | null; name: string; at: string }): Promise<boolean> {
    this.assertCounty(county);
    const u = await this.db
      .updateTable('quarterly_report')
      .set({ received_by: r.by, received_by_name: r.name, received_at: r.at })
      .where('county_code', '=', county)
      .where('quarter', '=', quarter)
      .where('status', '=', 'submitted')
      .where('received_at', 'is', null)
      .executeTakeFirst();
    return Number(u.numUpdatedRows) === 1;
  }

  async insertCorrections(rows: readonly ReportCorrectionTable[]): Promise<void> {
    if (rows.length === 0) return;
    for (const r of rows) this.assertCounty(r.county_code);
    await this.db.insertInto('report_correction').values([...rows]).execute();
  }

  /** The corrections a report lists (found when it was submitted). */
  async corrections(county: string, quarter: string): Promise<ReportCorrectionTable[]> {
    this.assertCounty(county);
    return this.db.selectFrom('report_correction').selectAll().where('county_code', '=', county).where('quarter', '=', quarter).orderBy('of_quarter').orderBy('program').orderBy('figure').execute();
  }

  /**
   * 农村户籍人口（登记）: persons with rural hukou that doudi's registry holds in the county — the comparison's
   * denominator, since no division table carries a population figure (the registry holds applicants' and recipients'
   * households, not the whole population: the rates are relative to it, and the pages say so).
   */
  async registeredRuralPersons(county: string): Promise<number> {
    this.assertCounty(county);
    const r = await this.db.selectFrom('person').select((eb) => eb.fn.countAll<number>().as('n')).where('county_code', '=', county).where('hukou_type', '=', 'rural').executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  /** A bulletin of the city (the command decides who may read a draft). */
  async bulletin(city: string, quarter: string): Promise<ReportBulletinTable | undefined> {
    return this.db.selectFrom('report_bulletin').selectAll().where('city_code', '=', city).where('quarter', '=', quarter).executeTakeFirst();
  }

  async bulletins(city: string, o: { issuedOnly: boolean }): Promise<ReportBulletinTable[]> {
    let q = this.db.selectFrom('report_bulletin').selectAll().where('city_code', '=', city);
    if (o.issuedOnly) q = q.where('status', '=', 'issued');
    return q.orderBy('quarter', 'desc').execute();
  }

  async insertBulletin(row: ReportBulletinTable): Promise<void> {
    await this.db.insertInto('report_bulletin').values(row).execute();
  }

  async saveBulletin(city: string, quarter: string, version: number, t: Pick<ReportBulletinTable, 'title' | 'body' | 'drafted_by_name' | 'updated_at'>): Promise<boolean> {
    return this.updateDraft('report_bulletin', city, quarter, version, t);
  }

  async issueBulletin(city: string, quarter: string, version: number, s: Pick<ReportBulletinTable, 'snapshot' | 'snapshot_digest' | 'issued_by' | 'issued_by_name' | 'issued_at'>): Promise<boolean> {
    return this.updateDraft('report_bulletin', city, quarter, version, { ...s, status: 'issued', updated_at: s.issued_at! });
  }

  /**
   * The optimistic write of a draft (a county's report or the city's bulletin): sets `set` and the next version on the
   * row of (`key`, `quarter`) only while it is a draft at `version`; false when no row changed (stale, or frozen meanwhile).
   */
  private async updateDraft<T extends DraftTable>(table: T, key: string, quarter: string, version: number, set: Updateable<Database[T]>): Promise<boolean> {
    const r = await (this.db as Kysely<Pick<Database, DraftTable>>)
      .updateTable(table as DraftTable)
      .set({ ...set, version: version + 1 })
      .where(DRAFT_KEY[table] as (typeof DRAFT_KEY)[DraftTable], '=', key)
      .where('quarter', '=', quarter)
      .where('status', '=', 'draft')
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
}
