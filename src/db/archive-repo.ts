import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.ts';
import { type AreaScope, whereInScope } from './scope.ts';

type Q = Kysely<Database> | Transaction<Database>;

/**
 * 电子档案 The reads behind a household's electronic case file (issue 17 point 3, ADR 0049): its cases, their decisions
 * and numbered documents, its files and its payments — each read within the actor's area (the household's, the cases'
 * and the lines' own area codes), so a household of another area shows nothing.
 */
export class ArchiveRepo {
  readonly db: Q;
  readonly scope: AreaScope;

  constructor(db: Q, scope: AreaScope) {
    this.db = db;
    this.scope = scope;
  }

  async household(countyCode: string, id: string) {
    return whereInScope(this.db.selectFrom('household').select(['county_code', 'id', 'area_code', 'head_name', 'address']).where('county_code', '=', countyCode).where('id', '=', id), this.scope, 'household').executeTakeFirst();
  }

  async cases(countyCode: string, householdId: string) {
    return whereInScope(
      this.db
        .selectFrom('assistance_case')
        .select(['id', 'kind', 'program', 'state', 'state_since', 'county_code', 'applied_on', 'accepted_on', 'created_at'])
        .where('county_code', '=', countyCode)
        .where('household_id', '=', householdId),
      this.scope,
      'assistance_case',
    )
      .orderBy('applied_on')
      .orderBy('id')
      .execute();
  }

  /** A county's cases in a final state (the retention listing reads them all and keeps those past their term). */
  async closedCases(countyCode: string) {
    return whereInScope(
      this.db
        .selectFrom('assistance_case')
        .select(['county_code', 'id', 'household_id', 'program', 'state', 'state_since'])
        .where('county_code', '=', countyCode)
        .where('state', 'in', ['approved', 'refused', 'closed_ineligible', 'withdrawn']),
      this.scope,
      'assistance_case',
    )
      .orderBy('state_since')
      .orderBy('id')
      .execute();
  }

  async decisions(countyCode: string, caseIds: readonly string[]) {
    if (caseIds.length === 0) return [];
    return this.db
      .selectFrom('case_decision')
      .select(['id', 'case_id', 'outcome', 'decided_on', 'decided_at', 'decider_name', 'amount_fen', 'benefit_from'])
      .where('county_code', '=', countyCode)
      .where('case_id', 'in', caseIds)
      .execute();
  }

  async documents(countyCode: string, caseIds: readonly string[]) {
    if (caseIds.length === 0) return [];
    return this.db
      .selectFrom('issued_document')
      .select(['id', 'case_id', 'kind', 'number', 'issued_on', 'issued_at', 'issued_by_name'])
      .where('county_code', '=', countyCode)
      .where('case_id', 'in', caseIds)
      .execute();
  }

  async payments(countyCode: string, householdId: string) {
    return whereInScope(
      this.db
        .selectFrom('payroll_line')
        .innerJoin('payroll_roll', (j) => j.onRef('payroll_roll.county_code', '=', 'payroll_line.county_code').onRef('payroll_roll.id', '=', 'payroll_line.roll_id'))
        .select(['payroll_line.roll_id', 'payroll_line.seq', 'payroll_line.kind', 'payroll_line.program', 'payroll_line.benefit_month', 'payroll_line.amount_fen', 'payroll_line.bank_status', 'payroll_line.bank_at', 'payroll_roll.status as roll_status'])
        .where('payroll_line.county_code', '=', countyCode)
        .where('payroll_line.household_id', '=', householdId)
        .where('payroll_roll.status', 'in', ['approved', 'closed']),
      this.scope,
      'payroll_line',
    )
      .orderBy('payroll_line.benefit_month')
      .orderBy('payroll_line.roll_id')
      .orderBy('payroll_line.seq')
      .execute();
  }
}
