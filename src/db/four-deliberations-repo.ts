import type { Kysely, Transaction } from 'kysely';
import type { CaseDeliberationStageTable, CaseDisclosureTable, Database } from './schema.ts';

type Q = Kysely<Database> | Transaction<Database>;

export interface FourDeliberationRows {
  /** Every stage record of the case in the order written (the latest of a stage counts). */
  stages: CaseDeliberationStageTable[];
  disclosures: CaseDisclosureTable[];
}

/**
 * 四议两公开 records of a case (ADR 0036). Keyed by (county_code, case_id) like the other step records
 * (case-records-repo.ts): callers reach a case through CaseRepo, which applies the area scope, and only then read or
 * write its records here.
 */
export class FourDeliberationsRepo {
  readonly db: Q;

  constructor(db: Q) {
    this.db = db;
  }

  async of(countyCode: string, caseId: string): Promise<FourDeliberationRows> {
    const [stages, disclosures] = await Promise.all([
      this.db
        .selectFrom('case_deliberation_stage')
        .selectAll()
        .where('county_code', '=', countyCode)
        .where('case_id', '=', caseId)
        .orderBy('seq')
        .execute(),
      this.db
        .selectFrom('case_disclosure')
        .selectAll()
        .where('county_code', '=', countyCode)
        .where('case_id', '=', caseId)
        .orderBy('seq')
        .execute(),
    ]);
    return { stages, disclosures };
  }

  async insertStage(row: CaseDeliberationStageTable): Promise<void> {
    await this.db.insertInto('case_deliberation_stage').values(row).execute();
  }

  async insertDisclosure(row: CaseDisclosureTable): Promise<void> {
    await this.db.insertInto('case_disclosure').values(row).execute();
  }
}
