import { type Kysely, sql, type Transaction } from 'kysely';
import type { AreaScope } from './scope.ts';
import { whereInScope } from './scope.ts';
import type {
  AssistanceCaseTable,
  Database,
  TemporaryAidTable,
  TemporaryCollectiveDecisionTable,
  TemporaryNewEventTable,
  TemporaryReferralTable,
  TemporaryStageTable,
} from './schema.ts';

type Q = Kysely<Database> | Transaction<Database>;

/** An assist-first case whose paperwork (补办手续) is overdue, with what the county's list shows. */
export interface OverdueRow {
  county_code: string;
  case_id: string;
  area_code: string;
  township_code: string;
  category: string;
  event_date: string;
  paid_first_fen: number;
  paid_first_on: string | null;
  paid_first_by_name: string | null;
  paperwork_due: string;
  registered_poor: number;
  applicant_name: string;
  state: string;
}

/** The temporary-aid facts a step's guards read (分级审批, 一事一议). */
export interface TemporaryFacts {
  approvalLevel: 'township' | 'county' | 'collective' | null;
  collectiveDecided: boolean;
}

/**
 * 临时救助 The aid of temporary-aid cases (ADR 0037): one `temporary_aid` row per case, its 一事一议 decisions, its stages
 * (分次发放) and the county's authorisations of a new event. A case's rows are reached through the case, which the
 * caller has read through its area scope (CaseRepo); the lists that start here (overdue paperwork, same-event checks)
 * join the case and filter on the scope themselves.
 */
export class TemporaryRepo {
  readonly db: Q;
  readonly scope: AreaScope;

  constructor(db: Q, scope: AreaScope) {
    this.db = db;
    this.scope = scope;
  }

  async aidOf(countyCode: string, caseId: string): Promise<TemporaryAidTable | undefined> {
    return this.db.selectFrom('temporary_aid').selectAll().where('county_code', '=', countyCode).where('case_id', '=', caseId).executeTakeFirst();
  }

  async insertAid(row: TemporaryAidTable): Promise<void> {
    await this.db.insertInto('temporary_aid').values(row).execute();
  }

  async patchAid(countyCode: string, caseId: string, patch: Partial<TemporaryAidTable>): Promise<void> {
    await this.db.updateTable('temporary_aid').set(patch).where('county_code', '=', countyCode).where('case_id', '=', caseId).execute();
  }

  /** What the guards read: the level of the amount proposed now, and whether a collective decision covers it. */
  async factsOf(countyCode: string, caseId: string): Promise<TemporaryFacts> {
    const aid = await this.aidOf(countyCode, caseId);
    if (!aid) return { approvalLevel: null, collectiveDecided: false };
    const latest = await this.latestDecision(countyCode, caseId);
    return { approvalLevel: aid.approval_level, collectiveDecided: latest !== undefined && Number(latest.amount_fen) >= Number(aid.need_fen) };
  }

  async decisions(countyCode: string, caseId: string): Promise<TemporaryCollectiveDecisionTable[]> {
    return this.db.selectFrom('temporary_collective_decision').selectAll().where('county_code', '=', countyCode).where('case_id', '=', caseId).orderBy('seq').execute();
  }

  async latestDecision(countyCode: string, caseId: string): Promise<TemporaryCollectiveDecisionTable | undefined> {
    return this.db
      .selectFrom('temporary_collective_decision')
      .selectAll()
      .where('county_code', '=', countyCode)
      .where('case_id', '=', caseId)
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  async insertDecision(row: Omit<TemporaryCollectiveDecisionTable, 'seq'>): Promise<number> {
    const last = await this.latestDecision(row.county_code, row.case_id);
    const seq = (last ? Number(last.seq) : 0) + 1;
    await this.db.insertInto('temporary_collective_decision').values({ ...row, seq }).execute();
    return seq;
  }

  async referrals(countyCode: string, caseId: string): Promise<TemporaryReferralTable[]> {
    return this.db.selectFrom('temporary_referral').selectAll().where('county_code', '=', countyCode).where('case_id', '=', caseId).orderBy('seq').execute();
  }

  async insertReferral(row: Omit<TemporaryReferralTable, 'seq'>): Promise<number> {
    const last = await this.db
      .selectFrom('temporary_referral')
      .select((e) => e.fn.max<number>('seq').as('seq'))
      .where('county_code', '=', row.county_code)
      .where('case_id', '=', row.case_id)
      .executeTakeFirst();
    const seq = Number(last?.seq ?? 0) + 1;
    await this.db.insertInto('temporary_referral').values({ ...row, seq }).execute();
    return seq;
  }

  /** The outcome of a referral still pending; false when there is none such. */
  async settleReferral(countyCode: string, caseId: string, seq: number, o: Pick<TemporaryReferralTable, 'outcome' | 'outcome_note' | 'outcome_on' | 'outcome_by_name'>): Promise<boolean> {
    const r = await this.db
      .updateTable('temporary_referral')
      .set(o)
      .where('county_code', '=', countyCode)
      .where('case_id', '=', caseId)
      .where('seq', '=', seq)
      .where('outcome', '=', 'pending')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async stages(countyCode: string, caseId: string): Promise<TemporaryStageTable[]> {
    return this.db.selectFrom('temporary_stage').selectAll().where('county_code', '=', countyCode).where('case_id', '=', caseId).orderBy('n').execute();
  }

  async insertStages(rows: readonly TemporaryStageTable[]): Promise<void> {
    if (rows.length > 0) await this.db.insertInto('temporary_stage').values([...rows]).execute();
  }

  /**
   * 一事一议 aside, "one event, one aid": the household's temporary-aid cases of the same category whose event lies within
   * `windowDays` of this one's, not ended without aid (refused, ineligible, withdrawn).
   */
  async sameEvent(countyCode: string, householdId: string, category: string, from: string, to: string): Promise<(TemporaryAidTable & Pick<AssistanceCaseTable, 'state'>)[]> {
    return this.db
      .selectFrom('temporary_aid as a')
      .innerJoin('assistance_case as c', (j) => j.onRef('c.county_code', '=', 'a.county_code').onRef('c.id', '=', 'a.case_id'))
      .selectAll('a')
      .select('c.state')
      .where('a.county_code', '=', countyCode)
      .where('c.household_id', '=', householdId)
      .where('a.category', '=', category)
      .where('a.event_date', '>=', from)
      .where('a.event_date', '<=', to)
      .where('c.state', 'not in', ['refused', 'closed_ineligible', 'withdrawn'])
      .execute();
  }

  /** A county approver's authorisation of a new event for the household, category and day, not used yet. */
  async openNewEvent(countyCode: string, householdId: string, category: string, eventDate: string): Promise<TemporaryNewEventTable | undefined> {
    return this.db
      .selectFrom('temporary_new_event')
      .selectAll()
      .where('county_code', '=', countyCode)
      .where('household_id', '=', householdId)
      .where('category', '=', category)
      .where('event_date', '=', eventDate)
      .where('used_by_case', 'is', null)
      .executeTakeFirst();
  }

  async insertNewEvent(row: TemporaryNewEventTable): Promise<void> {
    await this.db.insertInto('temporary_new_event').values(row).execute();
  }

  async useNewEvent(countyCode: string, id: string, caseId: string): Promise<void> {
    await this.db.updateTable('temporary_new_event').set({ used_by_case: caseId }).where('county_code', '=', countyCode).where('id', '=', id).execute();
  }

  /**
   * 补办手续 overdue: assist-first cases still waiting for their paperwork after its due day, oldest first, in scope
   * (optionally one county), at most `limit`.
   */
  async overduePaperwork(today: string, opts: { county?: string; limit: number }): Promise<OverdueRow[]> {
    let q = this.db
      .selectFrom('temporary_aid as a')
      .innerJoin('assistance_case', (j) => j.onRef('assistance_case.county_code', '=', 'a.county_code').onRef('assistance_case.id', '=', 'a.case_id'))
      .innerJoin('person as p', (j) => j.onRef('p.county_code', '=', 'assistance_case.county_code').onRef('p.id', '=', 'assistance_case.applicant_person_id'))
      .select([
        'a.county_code',
        'a.case_id',
        'assistance_case.area_code',
        'a.township_code',
        'a.category',
        'a.event_date',
        'a.paid_first_fen',
        'a.paid_first_on',
        'a.paid_first_by_name',
        'a.paperwork_due',
        'a.registered_poor',
        'p.name as applicant_name',
        'assistance_case.state',
      ])
      .where('a.paperwork_done_on', 'is', null)
      .where('a.paperwork_due', '<', today);
    q = whereInScope(q, this.scope, 'assistance_case');
    if (opts.county) q = q.where('a.county_code', '=', opts.county);
    const rows = await q.orderBy('a.paperwork_due').orderBy('a.county_code').orderBy('a.case_id').limit(opts.limit).execute();
    return rows as OverdueRow[];
  }

  /**
   * The outcome once the case ends (every step's transaction, run-step.ts): approved with what was approved; refused,
   * ineligible or withdrawn — and an amount paid first is then owed back (recovery).
   */
  async settle(countyCode: string, caseId: string, state: string, at: string): Promise<void> {
    const outcome = ({ approved: 'approved', refused: 'refused', closed_ineligible: 'ineligible', withdrawn: 'withdrawn' } as const)[state as 'approved'];
    if (!outcome) return;
    const aid = await this.aidOf(countyCode, caseId);
    if (!aid) return;
    const paid = Number(aid.paid_first_fen);
    const approved = outcome === 'approved' ? Number(aid.approved_fen ?? 0) : 0;
    await this.patchAid(countyCode, caseId, { outcome, recovery_fen: Math.max(0, paid - approved), updated_at: at });
  }

  /** Figures (point 10): counts and amounts by county, month of the event, category, level, assist-first and registered poor. */
  async figures(opts: { fromMonth: string; toMonth: string; county?: string }) {
    let q = this.db
      .selectFrom('temporary_aid as a')
      .innerJoin('assistance_case', (j) => j.onRef('assistance_case.county_code', '=', 'a.county_code').onRef('assistance_case.id', '=', 'a.case_id'))
      .select([
        'a.county_code',
        sql<string>`substr(a.event_date, 1, 7)`.as('month'),
        'a.category',
        'a.approval_level',
        'a.assisted_first',
        'a.registered_poor',
        'a.outcome',
        (e) => e.fn.countAll<number>().as('cases'),
        (e) => e.fn.sum<number>('a.approved_fen').as('approved_fen'),
        (e) => e.fn.sum<number>('a.paid_first_fen').as('paid_first_fen'),
        (e) => e.fn.sum<number>('a.recovery_fen').as('recovery_fen'),
      ])
      .where(sql<boolean>`substr(a.event_date, 1, 7) >= ${opts.fromMonth}`)
      .where(sql<boolean>`substr(a.event_date, 1, 7) <= ${opts.toMonth}`)
      .groupBy(['a.county_code', sql`substr(a.event_date, 1, 7)`, 'a.category', 'a.approval_level', 'a.assisted_first', 'a.registered_poor', 'a.outcome']);
    q = whereInScope(q, this.scope, 'assistance_case');
    if (opts.county) q = q.where('a.county_code', '=', opts.county);
    return q.orderBy('a.county_code').orderBy(sql`substr(a.event_date, 1, 7)`).orderBy('a.category').execute();
  }
}
