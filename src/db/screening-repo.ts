import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database, PovertyPersonTable, ScreeningCampaignTable, ScreeningRowTable } from './schema.ts';
import { type AreaScope, whereInScope } from './scope.ts';

type Q = Kysely<Database> | Transaction<Database>;

/** A ledger row's key. */
export interface RowKey {
  campaignId: string;
  countyCode: string;
  hhNo: string;
}

/** One area's figures: rows, rows concluded, rows not concluded past the deadline. */
export interface TallyRow {
  township_code: string;
  area_code: string;
  total: number;
  done: number;
}

/** A person of the row's snapshot household with doudi's person they are matched to (id or confirmed match), if any. */
export type RowPersonRow = Pick<PovertyPersonTable, 'person_key' | 'name' | 'relation' | 'birth_date' | 'sex' | 'health' | 'disability_grade' | 'labor_capacity' | 'row_no'> & {
  matched_person_id: string | null;
  matched_household_id: string | null;
};

const CITY_PREFIX_LENGTH = 4;

/**
 * 集中排查 campaigns and their ledger rows (ADR 0035). Rows are area-scoped like every case table: a township reads its
 * township's rows, a village assistant their village's (`area_code` is the household's village, from the office's
 * record). Campaigns are read by whoever's area they cover or lie in (a county's campaign by its county and the city,
 * the city's by everyone); the commands check the scope of what they change.
 */
export class ScreeningRepo {
  readonly db: Q;
  readonly scope: AreaScope;

  constructor(db: Q, scope: AreaScope) {
    this.db = db;
    this.scope = scope;
  }

  /** Every snapshot of the poverty registry, newest first (a handful a year). */
  async snapshots(): Promise<{ id: string; area_code: string; imported_at: string }[]> {
    return this.db.selectFrom('poverty_snapshot').select(['id', 'area_code', 'imported_at']).orderBy('imported_at', 'desc').orderBy('id', 'desc').execute();
  }

  /** The counties a snapshot holds households of. */
  async snapshotCounties(snapshotId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('poverty_household').select('county_code').distinct().where('snapshot_id', '=', snapshotId).orderBy('county_code').execute();
    return rows.map((r) => r.county_code);
  }

  /** Campaigns of a year whose scope is one of `areaCodes`. */
  async campaignsOf(year: number, areaCodes: readonly string[]): Promise<ScreeningCampaignTable[]> {
    if (areaCodes.length === 0) return [];
    return this.db.selectFrom('screening_campaign').selectAll().where('year', '=', year).where('area_code', 'in', [...areaCodes]).execute();
  }

  async insertCampaign(row: ScreeningCampaignTable): Promise<void> {
    await this.db.insertInto('screening_campaign').values(row).execute();
  }

  /** A campaign the scope may read: its area contains the reader's, or lies inside it. */
  async campaign(id: string): Promise<ScreeningCampaignTable | undefined> {
    const c = await this.db.selectFrom('screening_campaign').selectAll().where('id', '=', id).executeTakeFirst();
    return c && this.covers(c.area_code) ? c : undefined;
  }

  /** Campaigns the scope may read, newest year first. */
  async campaigns(): Promise<ScreeningCampaignTable[]> {
    let q = this.db.selectFrom('screening_campaign').selectAll();
    if (this.scope.countyCode) q = q.where('area_code', 'in', [`${this.scope.countyCode}000000`, `${this.scope.areaCode.slice(0, CITY_PREFIX_LENGTH)}00000000`]);
    return q.orderBy('year', 'desc').orderBy('opened_at', 'desc').execute();
  }

  private covers(areaCode: string): boolean {
    if (!this.scope.countyCode) return areaCode.startsWith(this.scope.prefix.slice(0, CITY_PREFIX_LENGTH));
    return areaCode === `${this.scope.countyCode}000000` || areaCode === `${this.scope.areaCode.slice(0, CITY_PREFIX_LENGTH)}00000000`;
  }

  async patchCampaign(id: string, version: number, patch: Partial<ScreeningCampaignTable>): Promise<boolean> {
    const r = await this.db.updateTable('screening_campaign').set({ ...patch, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /**
   * The ledger rows of one county's households of a snapshot, in one statement: 序号 by village then household number
   * (after `seqFrom`), each with doudi's household its persons are matched to (by ID number or a confirmed suggestion;
   * the head's first), then the programs in force for that household ("already on dibao/tekun"). Returns the count.
   */
  async createRows(o: { campaignId: string; county: string; snapshotId: string; seqFrom: number; at: string }): Promise<number> {
    await sql`
      insert into screening_row (campaign_id, county_code, hh_no, seq, snapshot_id, township_code, area_code, head_name, attribute, status, exit_year,
        member_count, matched_household_id, covered_at_open, methods, findings, assessment, conclusion, conclusion_detail, concluded_on, case_county, case_id,
        version, updated_by_id, updated_by_name, updated_at)
      select ${o.campaignId}, ph.county_code, ph.hh_no, ${o.seqFrom} + row_number() over (order by ph.village_code, ph.hh_no), ph.snapshot_id, ph.township_code,
        ph.village_code, ph.head_name, ph.attribute, ph.status, ph.exit_year, ph.member_count,
        (select p.household_id from poverty_person pp join person p on p.county_code = pp.match_county and p.id = pp.match_person_id
          where pp.snapshot_id = ph.snapshot_id and pp.hh_no = ph.hh_no and pp.match_county = ph.county_code and pp.match_method in ('id', 'confirmed')
          order by pp.row_no limit 1),
        '[]', '[]', null, null, null, null, null, null, null, 1, null, null, ${o.at}
      from poverty_household ph
      where ph.snapshot_id = ${o.snapshotId} and ph.county_code = ${o.county}`.execute(this.db);
    const on = (program: 'dibao' | 'tekun') =>
      sql`exists (select 1 from enrollment e where e.county_code = screening_row.county_code and e.household_id = screening_row.matched_household_id
        and e.program = ${program} and e.status = 'active')`;
    await sql`
      update screening_row set covered_at_open = case
          when ${on('dibao')} and ${on('tekun')} then '["dibao","tekun"]'
          when ${on('dibao')} then '["dibao"]'
          when ${on('tekun')} then '["tekun"]'
          else '[]' end
      where campaign_id = ${o.campaignId} and county_code = ${o.county} and matched_household_id is not null`.execute(this.db);
    const n = await this.db
      .selectFrom('screening_row')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('campaign_id', '=', o.campaignId)
      .where('county_code', '=', o.county)
      .executeTakeFirstOrThrow();
    return Number(n.n);
  }

  private rowsInScope(campaignId: string) {
    return whereInScope(this.db.selectFrom('screening_row').where('campaign_id', '=', campaignId), this.scope, 'screening_row');
  }

  /** Rows and rows concluded per township and village, in the scope. */
  async tallies(campaignId: string): Promise<TallyRow[]> {
    const rows = await this.rowsInScope(campaignId)
      .select((eb) => [
        'township_code',
        'area_code',
        eb.fn.countAll<number>().as('total'),
        eb.fn.count<number>('conclusion').as('done'),
      ])
      .groupBy(['township_code', 'area_code'])
      .orderBy('township_code')
      .orderBy('area_code')
      .execute();
    return rows.map((r) => ({ township_code: r.township_code, area_code: r.area_code, total: Number(r.total), done: Number(r.done) }));
  }

  /** A page of rows in the scope, in ledger order. */
  async rows(campaignId: string, o: { village?: string; concluded?: boolean; limit: number; offset: number }): Promise<{ rows: ScreeningRowTable[]; total: number }> {
    let q = this.rowsInScope(campaignId);
    if (o.village) q = q.where('area_code', '=', o.village);
    if (o.concluded === true) q = q.where('conclusion', 'is not', null);
    if (o.concluded === false) q = q.where('conclusion', 'is', null);
    const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await q.selectAll().orderBy('seq').orderBy('county_code').limit(o.limit).offset(o.offset).execute();
    return { rows, total: Number(total.n) };
  }

  /** Every row in the scope, in ledger order, a batch at a time (the export). */
  async *batches(campaignId: string, size: number): AsyncGenerator<ScreeningRowTable[]> {
    let after: { seq: number; county: string } | null = null;
    for (;;) {
      let q = this.rowsInScope(campaignId).selectAll();
      if (after) {
        const a: { seq: number; county: string } = after;
        q = q.where((eb) => eb.or([eb('seq', '>', a.seq), eb.and([eb('seq', '=', a.seq), eb('county_code', '>', a.county)])]));
      }
      const batch = await q.orderBy('seq').orderBy('county_code').limit(size).execute();
      if (batch.length === 0) return;
      yield batch;
      const last = batch[batch.length - 1];
      after = { seq: Number(last.seq), county: last.county_code };
      if (batch.length < size) return;
    }
  }

  async countInScope(campaignId: string): Promise<number> {
    const r = await this.rowsInScope(campaignId).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Rows of the whole campaign (not the scope's: closing counts them all) without a conclusion. */
  async unconcluded(campaignId: string): Promise<number> {
    const r = await this.db
      .selectFrom('screening_row')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('campaign_id', '=', campaignId)
      .where('conclusion', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /**
   * 核查走访任务 The rows waiting for their verification visit (ADR 0051): of open campaigns, no conclusion and no findings
   * yet, in the scope, soonest deadline first, then in ledger order.
   */
  async rowsAwaitingVisit(limit: number): Promise<(ScreeningRowTable & { deadline: string })[]> {
    const q = this.db
      .selectFrom('screening_row')
      .innerJoin('screening_campaign as c', 'c.id', 'screening_row.campaign_id')
      .where('c.state', '=', 'open')
      .where('screening_row.conclusion', 'is', null)
      .where('screening_row.findings', 'is', null);
    return whereInScope(q, this.scope, 'screening_row')
      .selectAll('screening_row')
      .select('c.deadline as deadline')
      .orderBy('c.deadline')
      .orderBy('screening_row.seq')
      .orderBy('screening_row.county_code')
      .orderBy('screening_row.campaign_id')
      .limit(limit)
      .execute();
  }

  /** The row a field visit recorded (its id is unique per county), whatever its area: asked only after the row was read through the scope. */
  async rowByVisit(countyCode: string, visitId: string): Promise<Pick<ScreeningRowTable, 'campaign_id' | 'hh_no'> | undefined> {
    return this.db.selectFrom('screening_row').select(['campaign_id', 'hh_no']).where('county_code', '=', countyCode).where('visit_id', '=', visitId).executeTakeFirst();
  }

  /** One row, when in the scope. */
  async row(k: RowKey): Promise<ScreeningRowTable | undefined> {
    return this.rowsInScope(k.campaignId).selectAll().where('county_code', '=', k.countyCode).where('hh_no', '=', k.hhNo).executeTakeFirst();
  }

  /** Writes a row at the version read (false: someone else wrote it first). */
  async patchRow(k: RowKey, version: number, patch: Partial<ScreeningRowTable>): Promise<boolean> {
    const r = await this.db
      .updateTable('screening_row')
      .set({ ...patch, version: version + 1 })
      .where('campaign_id', '=', k.campaignId)
      .where('county_code', '=', k.countyCode)
      .where('hh_no', '=', k.hhNo)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** The row's persons as the snapshot holds them, with their matches to doudi's registry (by ID or confirmed) in the row's county. */
  async persons(row: Pick<ScreeningRowTable, 'snapshot_id' | 'hh_no' | 'county_code'>): Promise<RowPersonRow[]> {
    const rows = await this.db
      .selectFrom('poverty_person as pp')
      .leftJoin('person as p', (j) =>
        j
          .onRef('p.county_code', '=', 'pp.match_county')
          .onRef('p.id', '=', 'pp.match_person_id')
          .on('pp.match_county', '=', row.county_code)
          .on('pp.match_method', 'in', ['id', 'confirmed']),
      )
      .select([
        'pp.person_key',
        'pp.name',
        'pp.relation',
        'pp.birth_date',
        'pp.sex',
        'pp.health',
        'pp.disability_grade',
        'pp.labor_capacity',
        'pp.row_no',
        'p.id as matched_person_id',
        'p.household_id as matched_household_id',
      ])
      .where('pp.snapshot_id', '=', row.snapshot_id)
      .where('pp.hh_no', '=', row.hh_no)
      .orderBy('pp.row_no')
      .execute();
    return rows.map((r) => ({ ...r, matched_person_id: r.matched_person_id ?? null, matched_household_id: r.matched_household_id ?? null }));
  }

  /** The row a case was opened from, if any (the case page's link back). */
  async rowOfCase(countyCode: string, caseId: string): Promise<(ScreeningRowTable & { campaign_area: string; year: number }) | undefined> {
    return this.db
      .selectFrom('screening_row as r')
      .innerJoin('screening_campaign as c', 'c.id', 'r.campaign_id')
      .selectAll('r')
      .select(['c.area_code as campaign_area', 'c.year'])
      .where('r.case_county', '=', countyCode)
      .where('r.case_id', '=', caseId)
      .executeTakeFirst();
  }

  /** Programs in force for a household now (enrollment status active). */
  async programsInForce(countyCode: string, householdId: string): Promise<('dibao' | 'tekun')[]> {
    const rows = await this.db
      .selectFrom('enrollment')
      .select('program')
      .distinct()
      .where('county_code', '=', countyCode)
      .where('household_id', '=', householdId)
      .where('status', '=', 'active')
      .execute();
    return rows.map((r) => r.program as 'dibao' | 'tekun').sort();
  }
}
