import { randomUUID } from 'node:crypto';
import type { Db } from '../src/db/connect.ts';
import { NO_DEADLINE } from '../src/db/case-repo.ts';
import type { AssistanceCaseTable } from '../src/db/schema.ts';
import { addDays, type PlainDate } from '../src/kernel/plain-date.ts';

/**
 * Cases for the API benchmark, written straight into the case table (the benchmark measures reads, so going through
 * every step's command for tens of thousands of cases would only cost time): one household in `every`, spread over
 * every open state and a few closed ones, with due dates spread over four months around the benchmark's clock, so a
 * worklist has many pages, overdue cases and cases without a deadline.
 */
const OPEN_STATES = ['applied', 'incomplete', 'accepted', 'investigated', 'deliberated', 'village_notice', 'county_review', 'county_notice'] as const;
const CLOSED_STATES = ['approved', 'refused', 'withdrawn'] as const;
const FIRST_DUE = '2025-12-01' as PlainDate;

export async function seedBenchCases(db: Db, opts: { cases: number; now: Date }): Promise<number> {
  const [{ n }] = await db.kysely.selectFrom('household').select((eb) => eb.fn.countAll<number>().as('n')).execute();
  const every = Math.max(1, Math.floor(Number(n) / opts.cases));
  const at = opts.now.toISOString();
  let written = 0;
  let i = 0;
  let after: { county: string; id: string } | null = null;
  while (written < opts.cases) {
    let q = db.kysely
      .selectFrom('household')
      .innerJoin('person', (j) => j.onRef('person.county_code', '=', 'household.county_code').onRef('person.household_id', '=', 'household.id'))
      .where('person.relation', '=', 'head')
      .select(['household.county_code', 'household.id', 'household.area_code', 'person.id as head_id'])
      .orderBy('household.county_code')
      .orderBy('household.id')
      .limit(5_000);
    if (after) {
      const a = after;
      q = q.where((eb) => eb.or([eb('household.county_code', '>', a.county), eb.and([eb('household.county_code', '=', a.county), eb('household.id', '>', a.id)])]));
    }
    const batch = await q.execute();
    if (batch.length === 0) break;
    after = { county: batch[batch.length - 1].county_code, id: batch[batch.length - 1].id };
    const rows: AssistanceCaseTable[] = [];
    for (const h of batch) {
      if (i++ % every !== 0 || written + rows.length >= opts.cases) continue;
      const k = written + rows.length;
      const closed = k % 10 === 9;
      const state = closed ? CLOSED_STATES[k % CLOSED_STATES.length] : OPEN_STATES[k % OPEN_STATES.length];
      const program = k % 7 === 0 ? 'tekun' : 'dibao';
      const due = closed || state === 'applied' || state === 'incomplete' ? NO_DEADLINE : addDays(FIRST_DUE, (k * 37) % 120);
      const applied = addDays(FIRST_DUE, -20 + ((k * 13) % 60));
      rows.push({
        county_code: h.county_code,
        id: randomUUID(),
        kind: program === 'tekun' ? 'tekun' : 'dibao_household',
        program,
        state,
        version: 1,
        household_id: h.id,
        applicant_person_id: h.head_id,
        area_code: h.area_code,
        staff_relative: k % 23 === 0 ? 1 : 0,
        staff_relative_note: null,
        contested: 0,
        on_behalf: 1,
        signed_declaration: 1,
        data_check_authorised: 1,
        filed_by: 'bench',
        rule_set: 'nat-2021',
        applied_on: applied,
        accepted_on: state === 'applied' || state === 'incomplete' ? null : applied,
        state_since: applied,
        due_date: due,
        notice_ends_on: state === 'village_notice' || state === 'county_notice' ? addDays(applied, 30) : null,
        county_review_since: state === 'county_review' || state === 'county_notice' ? applied : null,
        county_objection_on: null,
        spot_check: null,
        spot_check_id: null,
        proposed_amount_fen: state === 'village_notice' || state === 'county_notice' ? 50_000 + (k % 50) * 1_000 : null,
        decision_id: null,
        open_program: closed ? null : program,
        origin: null,
        created_at: at,
        updated_at: at,
      });
    }
    if (rows.length > 0) {
      await db.kysely.transaction().execute(async (trx) => {
        for (let s = 0; s < rows.length; s += 200) await trx.insertInto('assistance_case').values(rows.slice(s, s + 200)).execute();
      });
      written += rows.length;
    }
  }
  return written;
}
