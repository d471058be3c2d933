import type { ScreeningCampaignTable, ScreeningRowTable } from '../../src/db/schema.ts';
import type { TestDb } from './test-db.ts';

/**
 * A screening campaign (集中排查) and its ledger rows written straight into the tables, for tests whose subject is what
 * hangs off a row (its files, its visit, the dashboards' counts) rather than the campaign's opening from a snapshot.
 * The campaign is open unless told; a row is not yet checked, with one member, unless told.
 */
export async function insertCampaign(db: TestDb, c: Pick<ScreeningCampaignTable, 'id' | 'area_code' | 'year' | 'deadline' | 'row_count' | 'opened_at'> & Partial<ScreeningCampaignTable>): Promise<void> {
  await db.kysely
    .insertInto('screening_campaign')
    .values({ snapshots: '[]', state: 'open', opened_by_id: 'x', opened_by_name: '县管理员', closed_by_id: null, closed_by_name: null, closed_at: null, version: 1, ...c })
    .execute();
}

export async function insertLedgerRow(
  db: TestDb,
  r: Pick<ScreeningRowTable, 'campaign_id' | 'county_code' | 'hh_no' | 'seq' | 'area_code' | 'head_name' | 'status' | 'updated_at'> & Partial<ScreeningRowTable>,
): Promise<void> {
  await db.kysely
    .insertInto('screening_row')
    .values({
      snapshot_id: 'snap-test',
      township_code: `${r.area_code.slice(0, 9)}000`,
      attribute: 'general',
      exit_year: null,
      member_count: 1,
      matched_household_id: null,
      covered_at_open: '[]',
      methods: '[]',
      findings: null,
      assessment: null,
      conclusion: null,
      conclusion_detail: null,
      concluded_on: null,
      case_county: null,
      case_id: null,
      version: 1,
      updated_by_id: null,
      updated_by_name: null,
      ...r,
    })
    .execute();
}
