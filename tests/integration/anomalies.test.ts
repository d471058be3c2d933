import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorContext } from '../../src/commands/context.ts';
import { enrollDemo } from '../../src/commands/demo/enroll-demo.ts';
import { generateDemo } from '../../src/commands/demo/generate-demo.ts';
import { buildRoll } from '../../src/commands/payroll/build-roll.ts';
import { loadWorkingCalendar } from '../../src/commands/shared/working-calendar.ts';
import type { PlainDate } from '../../src/kernel/plain-date.ts';
import { createRun, executeRun, runAnomalies } from '../../src/commands/supervision/run-anomalies.ts';
import { RULES } from '../../src/commands/supervision/rules/index.ts';
import { RULE_CODES, type RuleCode, type RunResult } from '../../src/contracts/supervision.ts';
import type { PayrollLineTable, PayrollRollTable } from '../../src/db/schema.ts';
import { scopeOf } from '../../src/db/scope.ts';
import { SupervisionRepo } from '../../src/db/supervision-repo.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';

const A = '211221';
const O = '211223';
/** The run's day: 2026-12-04 (a Friday); the review threshold (30 days) puts the cutoff at 2026-11-04. */
const NOW = new Date('2026-12-04T02:00:00Z');
const MONTHS = ['2026-10', '2026-11', '2026-12'];

const counts = (r: RunResult) => Object.fromEntries(r.rules.map((x) => [x.code, x.counts]));
const found = (r: RunResult) => Object.fromEntries(r.rules.map((x) => [x.code, x.counts.new + x.counts.open + x.counts.reopened]));
const nothing = () => Object.fromEntries(RULE_CODES.map((c) => [c, 0]));

interface Enrolled {
  enrollment: string;
  household: string;
  person: string;
  area: string;
  caseId: string;
  decision: string;
}

/**
 * The anomaly rules over the demo population (generated, enrolled through the engine, rolls built by the payroll's own
 * command), first as it is — nothing found — then with one case planted per rule, each in its own household: every
 * rule finds its case and nothing else. The expected findings are the plants, written out here, not derived from the
 * rules' statements.
 */
describe(`anomaly rules (${TEST_DIALECT})`, () => {
  let db: TestDb;
  const ctx = () => operatorContext(db, { name: 'cli:test', clock: () => NOW });
  let enrolled: Enrolled[];
  let first: RunResult;
  let planted: RunResult;
  const plants: Partial<Record<RuleCode, Enrolled>> = {};

  async function enrolledOf(county: string): Promise<Enrolled[]> {
    const rows = await sql<Enrolled>`select e.id as enrollment, e.household_id as household, min(p.id) as person, h.area_code as area, d.case_id as "caseId", e.decision_id as decision
      from enrollment e join household h on h.county_code = e.county_code and h.id = e.household_id
      join person p on p.county_code = e.county_code and p.household_id = e.household_id
      join case_decision d on d.county_code = e.county_code and d.id = e.decision_id
      where e.county_code = ${county} and e.program = 'dibao' and e.unit = 'household' and e.status = 'active'
      group by e.id, e.household_id, h.area_code, d.case_id, e.decision_id order by e.id`.execute(db.kysely);
    return rows.rows;
  }

  /** A roll still building (lines may be added to it) of `program` and `month`, copied from a built roll's row. */
  async function buildingRoll(program: PayrollRollTable['program'], month: string): Promise<string> {
    const base = await db.kysely.selectFrom('payroll_roll').selectAll().where('county_code', '=', A).limit(1).executeTakeFirstOrThrow();
    const id = `plant-${program}-${month}`;
    await db.kysely.insertInto('payroll_roll').values({ ...base, id, program, month, status: 'building', phase: 'regular', approved_by: null, approved_by_name: null, approved_at: null, closed_at: null, closed_by_name: null }).execute();
    return id;
  }

  async function addLine(roll: string, seq: number, l: Partial<PayrollLineTable> & Pick<PayrollLineTable, 'household_id' | 'payee_id' | 'area_code' | 'program' | 'benefit_month'>): Promise<void> {
    await db.kysely
      .insertInto('payroll_line')
      .values({
        county_code: A, roll_id: roll, seq, kind: 'regular', enrollment_id: null, unit: 'household', person_id: null, payee_name: '测试', bank_name: null,
        bank_account_sealed: null, bank_account_hash: null, person_count: 1, amount_fen: 50_000, term_status: 'active', reissue_of_roll: null, reissue_of_seq: null,
        bank_status: null, bank_reason: null, bank_at: null, hold_reason: null, ...l,
      })
      .execute();
  }

  beforeAll(async () => {
    db = await createTestDb();
    await generateDemo(ctx(), { households: 400, seed: 'anomalies', county: A });
    await generateDemo(ctx(), { households: 120, seed: 'anomalies-o', county: O });
    await enrollDemo(ctx());
    for (const m of MONTHS) await buildRoll(ctx(), { county: A, program: 'dibao', month: m });
    // The demo's reviews fall due in 2026: moved past the run's day so that the clean population has none overdue.
    await db.kysely.updateTable('review_schedule').set({ next_due: '2027-06-01' }).execute();
    enrolled = await enrolledOf(A);
    expect(enrolled.length).toBeGreaterThan(14);
    first = await runAnomalies(ctx(), {});

    const pick = (rule: RuleCode, i: number) => (plants[rule] = enrolled[i]);
    // DECEASED_PAID: a member died in September; October to December were paid.
    const dead = pick('DECEASED_PAID', 0);
    const deadHash = await db.kysely.selectFrom('person').select('id_hash').where('county_code', '=', A).where('id', '=', dead.person).executeTakeFirstOrThrow();
    await db.kysely.insertInto('death_record').values({ id_hash: deadHash.id_hash, id_number_sealed: 'x', died_on: '2026-09-10', import_id: 'test', imported_at: NOW.toISOString(), imported_by_name: 'test' }).execute();
    // DOUBLE_PAID: a member of a dibao household also paid tekun for November (a roll still building).
    const twice = pick('DOUBLE_PAID', 1);
    const tekun = await buildingRoll('tekun', '2026-11');
    await addLine(tekun, 1, { program: 'tekun', benefit_month: '2026-11', unit: 'individual', enrollment_id: twice.enrollment, household_id: twice.household, person_id: twice.person, payee_id: twice.person, area_code: twice.area });
    // SHARED_ACCOUNT: another household's line paid into this household's account (the same tekun roll).
    const shared = pick('SHARED_ACCOUNT', 2);
    const other = enrolled[3];
    const hash = await db.kysely.selectFrom('household').select('bank_account_hash').where('county_code', '=', A).where('id', '=', shared.household).executeTakeFirstOrThrow();
    expect(hash.bank_account_hash).not.toBeNull();
    await addLine(tekun, 2, { program: 'tekun', benefit_month: '2026-09', unit: 'individual', enrollment_id: other.enrollment, household_id: other.household, person_id: null, payee_id: `${other.household}-x`, area_code: other.area, bank_account_hash: hash.bank_account_hash });
    // TWO_COUNTIES: the member's ID number also in an enrolled household of the other county.
    const two = pick('TWO_COUNTIES', 4);
    const oEnrolled = (await enrolledOf(O))[0];
    const oPerson = await db.kysely.selectFrom('person').select('id').where('county_code', '=', O).where('id', '=', oEnrolled.person).executeTakeFirstOrThrow();
    const aPerson = await db.kysely.selectFrom('person').select(['id_hash', 'id_number_sealed']).where('county_code', '=', A).where('id', '=', two.person).executeTakeFirstOrThrow();
    await db.kysely.updateTable('person').set(aPerson).where('county_code', '=', O).where('id', '=', oPerson.id).execute();
    // REGISTRY_MISMATCH: a wage that lifts the household far above the standard.
    const rich = pick('REGISTRY_MISMATCH', 5);
    await db.kysely.insertInto('income_item').values({ county_code: A, id: 'plant-income', household_id: rich.household, person_id: rich.person, kind: 'wage', annual_fen: 100_000_000, note: null, created_at: NOW.toISOString() }).execute();
    // STAFF_RELATIVE_UNVISITED: the approved case declared a staff relative, never visited.
    const relative = pick('STAFF_RELATIVE_UNVISITED', 6);
    await db.kysely.updateTable('assistance_case').set({ staff_relative: 1, spot_check: 'sampled' }).where('county_code', '=', A).where('id', '=', relative.caseId).execute();
    // REVIEW_OVERDUE: due 2026-10-01 (past the cutoff 2026-11-04); another due 2026-11-20 is within the threshold.
    const late = pick('REVIEW_OVERDUE', 7);
    await db.kysely.updateTable('review_schedule').set({ next_due: '2026-10-01' }).where('county_code', '=', A).where('enrollment_id', '=', late.enrollment).execute();
    await db.kysely.updateTable('review_schedule').set({ next_due: '2026-11-20' }).where('county_code', '=', A).where('enrollment_id', '=', enrolled[8].enrollment).execute();
    // ENROLLMENT_WITHOUT_DECISION: the decision behind the enrollment is a refusal.
    const undecided = pick('ENROLLMENT_WITHOUT_DECISION', 9);
    await db.kysely.updateTable('case_decision').set({ outcome: 'refused' }).where('county_code', '=', A).where('id', '=', undecided.decision).execute();
    // PAID_AFTER_STOP: stopped from November; November and December were paid.
    const stopped = pick('PAID_AFTER_STOP', 10);
    await db.kysely
      .insertInto('enrollment_term')
      .values({ county_code: A, enrollment_id: stopped.enrollment, from_month: '2026-11', status: 'ended', amount_fen: 0, basis: 'stop', reasons: null, determination: null, actor_id: null, actor_name: 'test', created_at: NOW.toISOString() })
      .execute();
    // EMERGENCY_PAPERWORK_OVERDUE: emergency aid paid first, paperwork due 2026-11-20, not done.
    const urgent = pick('EMERGENCY_PAPERWORK_OVERDUE', 11);
    const c = await db.kysely.selectFrom('assistance_case').selectAll().where('county_code', '=', A).where('id', '=', urgent.caseId).executeTakeFirstOrThrow();
    await db.kysely.insertInto('assistance_case').values({ ...c, id: 'plant-emergency', kind: 'temporary_emergency', program: 'temporary', open_program: null, decision_id: null, staff_relative: 0 }).execute();
    await db.kysely
      .insertInto('temporary_aid')
      .values({
        county_code: A, case_id: 'plant-emergency', category: 'accident', event_date: '2026-11-10', event_note: '测试', need_fen: 100_000, registered_poor: 0, approval_level: null,
        proposed_fen: null, maximum_fen: null, assisted_first: 1, paid_first_fen: 50_000, paid_first_on: '2026-11-12', paid_first_by: null, paid_first_by_name: 'test',
        paid_first_reason: '测试', township_code: `${urgent.area.slice(0, 9)}000`, paperwork_due: '2026-11-20', paperwork_done_on: null, new_event_reason: null,
        new_event_by_name: null, approved_fen: null, recovery_fen: 0, outcome: null, created_at: NOW.toISOString(), updated_at: NOW.toISOString(),
      })
      .execute();
    // TEKUN_BELOW_FLOOR: county A's tekun ratio overridden to 1.2 (confirmed) from 2026-01-01.
    await db.kysely
      .insertInto('policy_override')
      .values({
        id: 'plant-tekun', name: 'tekun.basic.ratio', area: A, effective_from: '2026-01-01', value_json: '1.2', citation: 'test', author: 'test', created_at: NOW.toISOString(),
        status: 'confirmed', author_id: null, author_name: 'test', back_pay: 0, confirmed_by: null, confirmed_by_name: 'test2', confirmed_at: NOW.toISOString(),
        withdrawn_by: null, withdrawn_by_name: null, withdrawn_at: null, withdraw_reason: null, version: 1,
      })
      .execute();
    // A county campaign of deceased-paid findings, open before the run: the run's merge groups its new finding into it.
    await db.kysely
      .insertInto('supervision_campaign')
      .values({
        id: 'plant-campaign', area_code: `${A}000000`, year: 2026, title: '2026年农村低保专项治理', rules: JSON.stringify(['DECEASED_PAID']), starts_on: '2000-01-01', ends_on: '2100-12-31',
        status: 'open', created_by: 'test', created_by_name: 'test', created_at: NOW.toISOString(), updated_at: NOW.toISOString(), version: 1,
      })
      .execute();
    planted = await runAnomalies(ctx(), {});
  }, 240_000);

  afterAll(async () => {
    await db?.destroy();
  });

  it('find nothing in the clean demo population', () => {
    expect(found(first)).toEqual(nothing());
    expect(first.counties).toContain(A);
  });

  it('each find the case planted for it, and nothing else', async () => {
    const expected = { ...nothing(), DECEASED_PAID: 1, DOUBLE_PAID: 1, TWO_COUNTIES: 2, REGISTRY_MISMATCH: 1, STAFF_RELATIVE_UNVISITED: 1, REVIEW_OVERDUE: 1, EMERGENCY_PAPERWORK_OVERDUE: 1, TEKUN_BELOW_FLOOR: 1, SHARED_ACCOUNT: 1, ENROLLMENT_WITHOUT_DECISION: 1, PAID_AFTER_STOP: 1 };
    expect(found(planted)).toEqual(expected);
    const rows = await db.kysely.selectFrom('finding').selectAll().orderBy('rule').execute();
    const by = (rule: RuleCode) => rows.filter((f) => f.rule === rule);
    expect(by('DECEASED_PAID').map((f) => [f.person_id, JSON.parse(f.facts).months, JSON.parse(f.facts).diedOn])).toEqual([[plants.DECEASED_PAID?.person, 3, '2026-09-10']]);
    expect(by('DOUBLE_PAID').map((f) => [f.person_id, JSON.parse(f.facts).months, JSON.parse(f.facts).firstMonth])).toEqual([[plants.DOUBLE_PAID?.person, 1, '2026-11']]);
    // An account shared across townships is the county's to rectify; within one township, the township's.
    const [s1, s2] = [plants.SHARED_ACCOUNT?.area ?? '', enrolled[3].area];
    const sharedArea = s1.slice(0, 9) === s2.slice(0, 9) ? `${s1.slice(0, 9)}000` : `${A}000000`;
    expect(by('SHARED_ACCOUNT').map((f) => [JSON.parse(f.facts).households, f.area_code, f.household_id])).toEqual([[2, sharedArea, [plants.SHARED_ACCOUNT?.household, enrolled[3].household].sort()[0]]]);
    expect(by('TWO_COUNTIES').map((f) => f.county_code).sort()).toEqual([A, O]);
    expect(by('TWO_COUNTIES').find((f) => f.county_code === A)?.person_id).toBe(plants.TWO_COUNTIES?.person);
    expect(by('REGISTRY_MISMATCH').map((f) => [f.enrollment_id, JSON.parse(f.facts).eligible])).toEqual([[plants.REGISTRY_MISMATCH?.enrollment, false]]);
    expect(by('STAFF_RELATIVE_UNVISITED').map((f) => f.case_id)).toEqual([plants.STAFF_RELATIVE_UNVISITED?.caseId]);
    expect(by('REVIEW_OVERDUE').map((f) => [f.enrollment_id, JSON.parse(f.facts).nextDue])).toEqual([[plants.REVIEW_OVERDUE?.enrollment, '2026-10-01']]);
    expect(by('EMERGENCY_PAPERWORK_OVERDUE').map((f) => f.case_id)).toEqual(['plant-emergency']);
    expect(by('TEKUN_BELOW_FLOOR').map((f) => [f.county_code, f.area_code, f.township_code, JSON.parse(f.facts).ratio])).toEqual([[A, `${A}000000`, null, '1.2']]);
    expect(by('ENROLLMENT_WITHOUT_DECISION').map((f) => [f.enrollment_id, JSON.parse(f.facts).decision])).toEqual([[plants.ENROLLMENT_WITHOUT_DECISION?.enrollment, 'refused']]);
    expect(by('PAID_AFTER_STOP').map((f) => [f.enrollment_id, JSON.parse(f.facts).months, JSON.parse(f.facts).stoppedFrom])).toEqual([[plants.PAID_AFTER_STOP?.enrollment, 2, '2026-11']]);
    // Each finding of a household sits in the household's village and township, open, due 20 working days on (the official calendar).
    const due = (await loadWorkingCalendar(db)).addWorkingDays('2026-12-04' as PlainDate, 20);
    expect(due > '2026-12-31').toBe(true);
    for (const f of rows.filter((x) => x.county_code === A && x.rule !== 'TEKUN_BELOW_FLOOR' && x.rule !== 'SHARED_ACCOUNT')) {
      expect([f.status, f.village_code, f.township_code, f.due_on], f.rule).toEqual(['open', f.area_code, `${f.area_code.slice(0, 9)}000`, due]);
    }
  });

  it('group a new finding into the open campaign over its county in the run’s merge, not at the campaign’s next read', async () => {
    const grouped = await db.kysely.selectFrom('finding').select(['rule', 'county_code']).where('campaign_id', '=', 'plant-campaign').execute();
    expect(grouped).toEqual([{ rule: 'DECEASED_PAID', county_code: A }]);
    const events = await db.kysely.selectFrom('audit_event').select(['chain', 'detail']).where('action', '=', 'campaign.group').where('entity_id', '=', 'plant-campaign').execute();
    expect(events.map((e) => [e.chain, JSON.parse(e.detail ?? '{}')])).toEqual([[A, { grouped: 1, runId: planted.runId, county: A }]]);
    const history = await db.kysely.selectFrom('finding_history').select(['event']).where('event', '=', 'campaign').execute();
    expect(history).toHaveLength(1);
  });

  it('record one audit event per county and run, with the counts per rule', async () => {
    const events = await db.kysely.selectFrom('audit_event').select(['chain', 'detail']).where('action', '=', 'supervision.run').where('entity_id', '=', planted.runId).execute();
    expect(events.map((e) => e.chain).sort()).toEqual([...planted.counties].sort());
    const a = JSON.parse(events.find((e) => e.chain === A)?.detail ?? '{}');
    expect(a.rules.DECEASED_PAID).toEqual({ new: 1, open: 0, reopened: 0, notSeen: 0 });
    expect(await db.kysely.selectFrom('finding_candidate').selectAll().execute()).toEqual([]);
  });

  it('keep a finding found again, reopen a closed one (with its history), and leave one no longer found open but not seen', async () => {
    const deceased = await db.kysely.selectFrom('finding').selectAll().where('rule', '=', 'DECEASED_PAID').executeTakeFirstOrThrow();
    const staff = await db.kysely.selectFrom('finding').selectAll().where('rule', '=', 'STAFF_RELATIVE_UNVISITED').executeTakeFirstOrThrow();
    // A person closed the staff-relative finding (the rectification's own commands are the next step).
    await db.kysely.updateTable('finding').set({ status: 'closed', closed_at: NOW.toISOString(), closed_by_name: 'test' }).where('county_code', '=', A).where('id', '=', staff.id).execute();
    // The death record is withdrawn: the deceased finding is no longer found.
    await db.kysely.deleteFrom('death_record').execute();
    const later = new Date('2026-12-11T02:00:00Z');
    const again = await runAnomalies(operatorContext(db, { name: 'cli:test', clock: () => later }), { county: A });
    const c = counts(again);
    expect(c.STAFF_RELATIVE_UNVISITED).toEqual({ new: 0, open: 0, reopened: 1, notSeen: 0 });
    expect(c.DECEASED_PAID).toEqual({ new: 0, open: 0, reopened: 0, notSeen: 1 });
    expect(c.PAID_AFTER_STOP).toEqual({ new: 0, open: 1, reopened: 0, notSeen: 0 });
    const s2 = await db.kysely.selectFrom('finding').selectAll().where('county_code', '=', A).where('id', '=', staff.id).executeTakeFirstOrThrow();
    const due = (await loadWorkingCalendar(db)).addWorkingDays('2026-12-11' as PlainDate, 20);
    expect([s2.status, s2.reopened_count, s2.closed_at, s2.due_on, s2.first_found_at]).toEqual(['open', 1, null, due, staff.first_found_at]);
    const history = await db.kysely.selectFrom('finding_history').select(['seq', 'event', 'run_id']).where('county_code', '=', A).where('finding_id', '=', staff.id).orderBy('seq').execute();
    expect(history).toEqual([
      { seq: 1, event: 'found', run_id: planted.runId },
      { seq: 2, event: 'reopened', run_id: again.runId },
    ]);
    const d2 = await db.kysely.selectFrom('finding').selectAll().where('county_code', '=', A).where('id', '=', deceased.id).executeTakeFirstOrThrow();
    expect([d2.status, d2.seen_in_last_run, d2.last_found_at, d2.last_run_id]).toEqual(['open', 0, deceased.last_found_at, planted.runId]);
    // A run of other rules leaves the deceased finding's marks alone; the other county's findings untouched by a county run.
    const o = await db.kysely.selectFrom('finding').select(['last_run_id']).where('county_code', '=', O).execute();
    expect(o.map((x) => x.last_run_id)).toEqual([planted.runId]);
  });

  it('show a township its findings only: another township’s are not found', async () => {
    const all = await new SupervisionRepo(db.kysely, scopeOf('211200000000')).listFindings({}, { limit: 100 });
    const townships = [...new Set(all.filter((f) => f.township_code).map((f) => f.township_code as string))];
    expect(townships.length).toBeGreaterThan(1);
    const [t1, t2] = townships;
    const mine = await new SupervisionRepo(db.kysely, scopeOf(t1)).listFindings({}, { limit: 100 });
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((f) => f.township_code === t1)).toBe(true);
    const theirs = all.find((f) => f.township_code === t2);
    expect(await new SupervisionRepo(db.kysely, scopeOf(t1)).getFinding(theirs?.county_code ?? '', theirs?.id ?? '')).toBeUndefined();
    // The county-wide finding (tekun floor) is the county's: no township sees it.
    expect(mine.some((f) => f.rule === 'TEKUN_BELOW_FLOOR')).toBe(false);
    const county = await new SupervisionRepo(db.kysely, scopeOf(`${A}000000`)).listFindings({ rule: 'TEKUN_BELOW_FLOOR' }, { limit: 10 });
    expect(county).toHaveLength(1);
  });

  it('resume a run that failed halfway from the counties it had merged, nothing of the failed county merged meanwhile', async () => {
    const c = ctx();
    const run = await createRun(c, { rules: ['DOUBLE_PAID', 'TWO_COUNTIES'] });
    const counties = JSON.parse(run.counties) as string[];
    expect(counties.indexOf(O)).toBeGreaterThan(counties.indexOf(A));
    const stage = RULES.TWO_COUNTIES.stage;
    RULES.TWO_COUNTIES.stage = async (e) => {
      if (e.county === O) throw new Error('killed halfway');
      return stage(e);
    };
    try {
      await expect(executeRun(db, c.actor, run.id)).rejects.toThrow('killed halfway');
    } finally {
      RULES.TWO_COUNTIES.stage = stage;
    }
    const half = await db.kysely.selectFrom('supervision_run').selectAll().where('id', '=', run.id).executeTakeFirstOrThrow();
    const done = JSON.parse(half.counties_done) as string[];
    expect(done).toContain(A);
    expect(done).not.toContain(O);
    const oBefore = await db.kysely.selectFrom('finding').select(['id', 'last_run_id']).where('county_code', '=', O).execute();
    expect(oBefore.every((f) => f.last_run_id !== run.id)).toBe(true);
    const result = await executeRun(db, c.actor, run.id);
    expect(result.counties).toEqual(counties);
    const events = await db.kysely.selectFrom('audit_event').select('chain').where('action', '=', 'supervision.run').where('entity_id', '=', run.id).execute();
    expect(events.map((e) => e.chain).sort()).toEqual([...counties].sort());
    const two = result.rules.find((r) => r.code === 'TWO_COUNTIES')?.counts;
    expect(two).toEqual({ new: 0, open: 2, reopened: 0, notSeen: 0 });
    expect(await db.kysely.selectFrom('finding_candidate').selectAll().execute()).toEqual([]);
    const after = await db.kysely.selectFrom('supervision_run').select(['status', 'done', 'total']).where('id', '=', run.id).executeTakeFirstOrThrow();
    expect([after.status, after.done]).toEqual(['done', after.total]);
  });
});
