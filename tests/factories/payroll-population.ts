import { sql } from 'kysely';
import { rewriteRows } from '../../src/db/batch-rewrite.ts';
import { sealAccount, sealIdNumber } from '../../src/db/personal-data.ts';
import type { Db } from '../../src/db/connect.ts';
import { analyzeAfterBulk } from './analyze.ts';
import type { EnrollmentTermTable } from '../../src/db/schema.ts';
import { parameterFingerprint } from '../../src/commands/enrollments/change-months.ts';
import { loadParameterSet } from '../../src/commands/policy/parameters.ts';

/**
 * An enrolled population written straight into the tables with set-based SQL (the roll tests and the payroll bench):
 * households with bank accounts and `1 + i % 4` members, an approved case and decision each, an enrollment and its
 * first term. Household `i` (1-based) has id `<prefix>h<000000009>` and enrollment `<prefix>e<…>`; every tenth is in
 * gradual exit (渐退). Amounts: `amountFen(i)` = 10,000 + (i % 50) × 1,000 fen unless `amount` says otherwise.
 */
export interface PopulationSpec {
  county: string;
  villages: readonly string[];
  households: number;
  /** Id prefix, unique per call within a database. */
  prefix: string;
  startMonth: string;
  program?: 'dibao' | 'tekun';
  /** Every `individualEvery`-th enrollment is a 单人保 / tekun one-person unit (0: none). */
  individualEvery?: number;
  /** Only household heads as person rows (faster; member_count still says how many). */
  headsOnly?: boolean;
  /**
   * Stamp the enrollments as recalculated under the county's parameters as they are (default true): the roll's
   * `ensureTermsCurrent` then leaves these synthetic amounts alone, as it would amounts the engine had just set.
   */
  current?: boolean;
}

const PAD = '000000000';
export const padded = (i: number) => `${PAD}${i}`.slice(-PAD.length);
export const householdIdOf = (prefix: string, i: number) => `${prefix}h${padded(i)}`;
export const enrollmentIdOf = (prefix: string, i: number) => `${prefix}e${padded(i)}`;
export const amountOf = (i: number) => 10_000 + (i % 50) * 1_000;
export const membersOf = (i: number) => 1 + (i % 4);

/** Apart by a million persons per prefix (a deterministic hash), so that two calls in one county get distinct ID numbers. */
function idOffset(prefix: string): number {
  let h = 0;
  for (const c of prefix) h = (h * 31 + c.charCodeAt(0)) % 20;
  return h * 1_000_000;
}

export async function enrollPopulation(db: Db, spec: PopulationSpec): Promise<{ households: number; persons: number }> {
  const { county, prefix, startMonth } = spec;
  const program = spec.program ?? 'dibao';
  const every = spec.individualEvery ?? 0;
  const at = '2019-01-01T00:00:00.000Z';
  const seq = sql`with recursive seq(i) as (select 1 union all select i + 1 from seq where i < ${spec.households})`;
  const pad = (e: string) => sql.raw(`substr('${PAD}' || ${e}, length('${PAD}' || ${e}) - ${PAD.length - 1})`);
  const id = (tag: string) => sql.raw(`'${prefix}${tag}' || substr('${PAD}' || i, length('${PAD}' || i) - ${PAD.length - 1})`);
  const village = sql.raw(`case i % ${spec.villages.length} ${spec.villages.map((v, k) => `when ${k} then '${v}'`).join(' ')} end`);
  const unit = every > 0 ? sql.raw(`case when i % ${every} = 0 then 'individual' else 'household' end`) : sql.raw(`'household'`);
  const amount = sql.raw('10000 + (i % 50) * 1000');
  // Read before the transaction: on SQLite the transaction holds the one connection.
  const fingerprint = spec.current === false ? null : parameterFingerprint(await loadParameterSet(db), county);
  await db.kysely.transaction().execute(async (trx) => {
    // Accounts and ID numbers are written in clear first and sealed right after, in this transaction (ADR 0012).
    await sql`${seq} insert into household (county_code, id, area_code, address, hukou_type, registered_poor, bank_name, bank_account_sealed, phone_sealed, head_name,
        member_count, synthetic, version, created_at, updated_at)
      select ${county}, ${id('h')}, ${village}, '测试地址', 'rural', case when i % 10 = 0 then 1 else 0 end, '铁岭农商银行',
        '6230' || ${pad('i')}, null, '户主' || i, 1 + i % 4, 1, 1, ${at}, ${at}
      from seq`.execute(trx);
    const members = spec.headsOnly ? sql.raw('k.n = 1') : sql.raw('k.n <= 1 + i % 4');
    // Valid ID numbers (GB 11643, check digit included) born 1930–1999, so that the policy engine can assess these
    // households: person ordinal n gives the birth day and the 3-digit sequence; the prefix moves n apart per call.
    const n = `(${idOffset(prefix)} + i * 4 + k.n)`;
    const y = `(1930 + (${n} / 1000 / 336) % 70)`;
    const mo = `(1 + (${n} / 1000 / 28) % 12)`;
    const d = `(1 + (${n} / 1000) % 28)`;
    const two = (e: string) => `substr('0' || ${e}, length('0' || ${e}) - 1)`;
    const three = (e: string) => `substr('00' || ${e}, length('00' || ${e}) - 2)`;
    const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const checksum = weights.map((w, k) => `cast(substr(p.id17, ${k + 1}, 1) as integer) * ${w}`).join(' + ');
    await sql`${seq}, k(n) as (select 1 union all select n + 1 from k where n < 4),
      p as (select i, k.n as kn, ${county} || ${sql.raw(`${y} || ${two(mo)} || ${two(d)} || ${three(`(${n} % 1000)`)}`)} as id17,
                   ${sql.raw(`${y} || '-' || ${two(mo)} || '-' || ${two(d)}`)} as born, ${sql.raw(`${n} % 2`)} as odd
            from seq join k on ${members})
      insert into person (county_code, id, household_id, area_code, id_hash, id_number_sealed, name, sex, birth_date, relation, hukou_type, disability_kind,
        disability_grade, serious_illness, labor_capacity, self_care_mask, supporter_status, in_school, synthetic, version, created_at, updated_at)
      select ${county}, ${id('p')} || '-' || p.kn, ${id('h')}, ${village}, 'pending:' || ${id('p')} || '-' || p.kn, p.id17 || substr('10X98765432', (${sql.raw(checksum)}) % 11 + 1, 1),
        case when p.kn = 1 then '户主' || i else '成员' || i || '-' || p.kn end, case when p.odd = 1 then 'M' else 'F' end, p.born,
        case when p.kn = 1 then 'head' else 'other' end, 'rural', null, null, 0, 'none', 0, 'none', 0, 1, 1, ${at}, ${at}
      from p`.execute(trx);
    const keys = db.keys;
    await rewriteRows(trx as never, {
      table: 'household',
      key: ['county_code', 'id'],
      read: ['bank_account_sealed'],
      filter: sql`county_code = ${county} and bank_account_hash is null and bank_account_sealed like '6230%'`,
      write: (r) => sealAccount(keys, String(r.bank_account_sealed)),
    });
    await rewriteRows(trx as never, {
      table: 'person',
      key: ['county_code', 'id'],
      read: ['id_number_sealed'],
      filter: sql`county_code = ${county} and id_hash like 'pending:%'`,
      write: (r) => sealIdNumber(keys, String(r.id_number_sealed)),
    });
    await sql`${seq} insert into assistance_case (county_code, id, kind, program, state, version, household_id, applicant_person_id, area_code,
        staff_relative, staff_relative_note, contested, on_behalf, signed_declaration, data_check_authorised, filed_by, rule_set, applied_on,
        accepted_on, state_since, due_date, notice_ends_on, county_review_since, county_objection_on, spot_check, spot_check_id,
        proposed_amount_fen, decision_id, open_program, created_at, updated_at)
      select ${county}, ${id('c')}, ${program === 'tekun' ? 'tekun' : 'dibao_household'}, ${program}, 'approved', 1, ${id('h')}, ${id('p')} || '-1',
        ${village}, 0, null, 0, 0, 1, 1, 'factory', 'nat-2012', '2018-12-01', '2018-12-01', '2018-12-20', '9999-12-31', null, null, null,
        null, null, ${amount}, ${id('d')}, null, ${at}, ${at}
      from seq`.execute(trx);
    await sql`${seq} insert into case_decision (county_code, id, case_id, outcome, decided_on, decided_at, decider_id, decider_name, decider_role,
        reasons, amount_fen, benefit_from, rule_set, determination)
      select ${county}, ${id('d')}, ${id('c')}, 'approved', '2018-12-20', ${at}, 'factory', '测试审批', 'county_approver', '[]', ${amount},
        ${startMonth}, 'nat-2012', null
      from seq`.execute(trx);
    await sql`${seq} insert into enrollment (county_code, id, program, unit, household_id, person_id, decision_id, monthly_amount_fen, start_month,
        end_month, status, version, created_at, updated_at)
      select ${county}, ${id('e')}, ${program}, ${unit}, ${id('h')}, ${id('p')} || '-1', ${id('d')}, ${amount}, ${startMonth}, null, 'active', 1, ${at}, ${at}
      from seq`.execute(trx);
    await sql`${seq} insert into enrollment_term (county_code, enrollment_id, from_month, status, amount_fen, basis, reasons, determination,
        actor_id, actor_name, created_at)
      select ${county}, ${id('e')}, ${startMonth}, case when i % 10 = 0 then 'gradual_exit' else 'active' end, ${amount}, 'decision', null, null,
        null, 'factory', ${at}
      from seq`.execute(trx);
    if (fingerprint) {
      await sql`${seq} insert into enrollment_recalc (county_code, enrollment_id, fingerprint, from_month, checked_at)
        select ${county}, ${id('e')}, ${fingerprint}, '0000-00', ${at} from seq`.execute(trx);
    }
  });
  let persons = 0;
  for (let i = 1; i <= spec.households; i++) persons += every > 0 && i % every === 0 ? 1 : membersOf(i);
  await analyzeAfterBulk(db, ['household', 'person', 'person_index', 'enrollment', 'enrollment_term', 'income_item', 'asset_item']);
  return { households: spec.households, persons };
}

/** Writes (or replaces) one term, as the enrollments module would; the payroll trigger sees it like any other. */
export async function putTerm(db: Db, t: { county: string; enrollmentId: string; from: string; status: EnrollmentTermTable['status']; amountFen: number }): Promise<void> {
  await db.kysely.transaction().execute(async (trx) => {
    await trx.deleteFrom('enrollment_term').where('county_code', '=', t.county).where('enrollment_id', '=', t.enrollmentId).where('from_month', '=', t.from).execute();
    await trx
      .insertInto('enrollment_term')
      .values({
        county_code: t.county, enrollment_id: t.enrollmentId, from_month: t.from, status: t.status, amount_fen: t.amountFen, basis: 'review',
        reasons: null, determination: null, actor_id: null, actor_name: 'factory', created_at: new Date().toISOString(),
      })
      .execute();
  });
}
