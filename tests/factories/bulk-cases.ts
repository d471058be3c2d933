import { randomUUID } from 'node:crypto';
import type { Db } from '../../src/db/connect.ts';
import type { AssistanceCaseTable } from '../../src/db/schema.ts';
import { addDays, type PlainDate } from '../../src/kernel/plain-date.ts';

/**
 * Open dibao cases written straight into the case table, one for each of the first `count` households of a county
 * (by id), all in one state, due dates spread over 60 days from `firstDue`. For tests about lists and totals, where
 * walking a thousand cases through every step would only cost time. Returns the cases written.
 */
export async function seedOpenCases(db: Db, opts: { county: string; state: string; count: number; firstDue: PlainDate; at: string }): Promise<number> {
  const households = await db.kysely
    .selectFrom('household')
    .innerJoin('person', (j) => j.onRef('person.county_code', '=', 'household.county_code').onRef('person.household_id', '=', 'household.id'))
    .where('household.county_code', '=', opts.county)
    .where('person.relation', '=', 'head')
    .select(['household.county_code', 'household.id', 'household.area_code', 'person.id as head_id'])
    .orderBy('household.id')
    .limit(opts.count)
    .execute();
  const rows: AssistanceCaseTable[] = households.map((h, k) => ({
    county_code: h.county_code,
    id: randomUUID(),
    kind: 'dibao_household',
    program: 'dibao',
    state: opts.state,
    version: 1,
    household_id: h.id,
    applicant_person_id: h.head_id,
    area_code: h.area_code,
    staff_relative: 0,
    staff_relative_note: null,
    contested: 0,
    on_behalf: 0,
    signed_declaration: 1,
    data_check_authorised: 1,
    filed_by: 'test',
    rule_set: 'nat-2021',
    applied_on: addDays(opts.firstDue, -30),
    accepted_on: addDays(opts.firstDue, -30),
    state_since: addDays(opts.firstDue, -30),
    due_date: addDays(opts.firstDue, k % 60),
    notice_ends_on: null,
    county_review_since: null,
    county_objection_on: null,
    spot_check: null,
    spot_check_id: null,
    proposed_amount_fen: null,
    decision_id: null,
    open_program: 'dibao',
    origin: null,
    created_at: opts.at,
    updated_at: opts.at,
  }));
  await db.kysely.transaction().execute(async (trx) => {
    for (let s = 0; s < rows.length; s += 200) await trx.insertInto('assistance_case').values(rows.slice(s, s + 200)).execute();
  });
  return rows.length;
}
