import type { Kysely, Transaction } from 'kysely';
import type {
  CaseDecisionTable,
  CaseDeliberationTable,
  CaseInvestigationTable,
  CaseNoticeTable,
  CaseObjectionTable,
  CaseOpinionTable,
  Database,
  EnrollmentTable,
  SpotCheckItemTable,
  SpotCheckTable,
} from './schema.ts';

type Q = Kysely<Database> | Transaction<Database>;

/** Everything recorded for one case, read in one go for the case page. */
export interface CaseRecordRows {
  investigations: CaseInvestigationTable[];
  deliberations: CaseDeliberationTable[];
  opinions: CaseOpinionTable[];
  notices: CaseNoticeTable[];
  objections: CaseObjectionTable[];
  spotItems: SpotCheckItemTable[];
  decision: CaseDecisionTable | undefined;
  enrollment: EnrollmentTable | undefined;
}

/**
 * The records of each step (investigation, deliberation, opinions, notices, objections, spot checks, decision,
 * enrollment). Keyed by (county_code, case_id): callers reach a case through CaseRepo, which applies the area
 * scope, and only then read or write its records here.
 */
export class CaseRecordsRepo {
  readonly db: Q;

  constructor(db: Q) {
    this.db = db;
  }

  async all(countyCode: string, caseId: string): Promise<CaseRecordRows> {
    const byCase = <T extends 'case_investigation' | 'case_deliberation' | 'case_opinion' | 'case_notice' | 'case_objection' | 'case_decision'>(t: T) =>
      this.db.selectFrom(t as 'case_notice').selectAll().where('county_code', '=', countyCode).where('case_id', '=', caseId);
    const [investigations, deliberations, opinions, notices, objections, spotItems, decision] = await Promise.all([
      byCase('case_investigation').orderBy('id').execute() as unknown as Promise<CaseInvestigationTable[]>,
      byCase('case_deliberation').orderBy('id').execute() as unknown as Promise<CaseDeliberationTable[]>,
      byCase('case_opinion').orderBy('id').execute() as unknown as Promise<CaseOpinionTable[]>,
      byCase('case_notice').orderBy('posted_on').orderBy('id').execute(),
      byCase('case_objection').orderBy('id').execute() as unknown as Promise<CaseObjectionTable[]>,
      this.db.selectFrom('spot_check_item').selectAll().where('county_code', '=', countyCode).where('case_id', '=', caseId).execute(),
      byCase('case_decision').executeTakeFirst() as unknown as Promise<CaseDecisionTable | undefined>,
    ]);
    const enrollment = decision
      ? await this.db.selectFrom('enrollment').selectAll().where('county_code', '=', countyCode).where('decision_id', '=', decision.id).executeTakeFirst()
      : undefined;
    return { investigations, deliberations, opinions, notices, objections, spotItems, decision, enrollment };
  }

  /** 离线入户 The investigation a phone's visit became, by the visit's id (ADR 0051): the sync's idempotency key. */
  async investigationByVisit(countyCode: string, visitId: string): Promise<Pick<CaseInvestigationTable, 'id' | 'case_id' | 'created_at' | 'recorded_at'> | undefined> {
    return this.db
      .selectFrom('case_investigation')
      .select(['id', 'case_id', 'created_at', 'recorded_at'])
      .where('county_code', '=', countyCode)
      .where('visit_id', '=', visitId)
      .executeTakeFirst();
  }

  async insertInvestigation(row: CaseInvestigationTable): Promise<void> {
    await this.db.insertInto('case_investigation').values(row).execute();
  }

  async insertDeliberation(row: CaseDeliberationTable): Promise<void> {
    await this.db.insertInto('case_deliberation').values(row).execute();
  }

  async insertOpinion(row: CaseOpinionTable): Promise<void> {
    await this.db.insertInto('case_opinion').values(row).execute();
  }

  async insertNotice(row: CaseNoticeTable): Promise<void> {
    await this.db.insertInto('case_notice').values(row).execute();
  }

  /** The notice of a level still open on a case (not yet closed). */
  async openNotice(countyCode: string, caseId: string, level: 'village' | 'county'): Promise<CaseNoticeTable | undefined> {
    return this.db
      .selectFrom('case_notice')
      .selectAll()
      .where('county_code', '=', countyCode)
      .where('case_id', '=', caseId)
      .where('level', '=', level)
      .where('closed_on', 'is', null)
      .executeTakeFirst();
  }

  async closeNotice(countyCode: string, id: string, closedOn: string, outcome: NonNullable<CaseNoticeTable['outcome']>): Promise<void> {
    await this.db.updateTable('case_notice').set({ closed_on: closedOn, outcome }).where('county_code', '=', countyCode).where('id', '=', id).execute();
  }

  /**
   * Closes whatever notice is still open on a case that reaches its end: a notice that ran its full term (its last day
   * before `on`) closes as 期满无异议 (an objection would have closed it already); one cut short by the end of the case
   * (withdrawal, refusal during the notice) as superseded.
   */
  async supersedeNotices(countyCode: string, caseId: string, on: string): Promise<void> {
    const open = this.db.updateTable('case_notice').where('county_code', '=', countyCode).where('case_id', '=', caseId).where('closed_on', 'is', null);
    await open.set({ closed_on: on, outcome: 'no_objection' }).where('ends_on', '<', on).execute();
    await open.set({ closed_on: on, outcome: 'superseded' }).execute();
  }

  async insertObjection(row: CaseObjectionTable): Promise<void> {
    await this.db.insertInto('case_objection').values(row).execute();
  }

  async insertSpotCheck(row: SpotCheckTable, items: SpotCheckItemTable[]): Promise<void> {
    await this.db.insertInto('spot_check').values(row).execute();
    for (let i = 0; i < items.length; i += 500) await this.db.insertInto('spot_check_item').values(items.slice(i, i + 500)).execute();
  }

  async spotCheck(countyCode: string, id: string): Promise<{ check: SpotCheckTable; items: SpotCheckItemTable[] } | undefined> {
    const check = await this.db.selectFrom('spot_check').selectAll().where('county_code', '=', countyCode).where('id', '=', id).executeTakeFirst();
    if (!check) return undefined;
    const items = await this.db.selectFrom('spot_check_item').selectAll().where('county_code', '=', countyCode).where('spot_check_id', '=', id).orderBy('case_id').execute();
    return { check, items };
  }

  /** The sampled case a spot visit recorded on a phone was for (its id is unique per county; ADR 0051). */
  async spotItemByVisit(countyCode: string, visitId: string): Promise<Pick<SpotCheckItemTable, 'case_id'> | undefined> {
    return this.db.selectFrom('spot_check_item').select('case_id').where('county_code', '=', countyCode).where('visit_id', '=', visitId).executeTakeFirst();
  }

  async recordVisit(
    countyCode: string,
    spotCheckId: string,
    caseId: string,
    visit: Pick<SpotCheckItemTable, 'visited_on' | 'visitors' | 'finding' | 'note' | 'visited_by' | 'visit_id' | 'recorded_at'>,
  ): Promise<void> {
    await this.db
      .updateTable('spot_check_item')
      .set(visit)
      .where('county_code', '=', countyCode)
      .where('spot_check_id', '=', spotCheckId)
      .where('case_id', '=', caseId)
      .execute();
  }

  async insertDecision(row: CaseDecisionTable): Promise<void> {
    await this.insertDecisions([row]);
  }

  /** Decisions of many cases at once (the demo's synthetic approvals). */
  async insertDecisions(rows: readonly CaseDecisionTable[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 200) await this.db.insertInto('case_decision').values(rows.slice(i, i + 200)).execute();
  }
}
