import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import { type AuditActor, appendAudit, appendAuditBatch } from '../../db/audit.ts';
import { statesOf } from '../../db/audit-state.ts';
import { EnrollmentRepo } from '../../db/enrollment-repo.ts';
import type { AssistanceCaseTable, CaseDecisionTable, Database, EnrollmentTable, EnrollmentTermTable } from '../../db/schema.ts';
import { type AreaScope, scopeOf } from '../../db/scope.ts';
import { CaseRepo } from '../../db/case-repo.ts';
import { CaseRecordsRepo } from '../../db/case-records-repo.ts';
import { RegistryRepo } from '../../db/registry-repo.ts';
import { isAppError } from '../../kernel/errors.ts';
import { addMonths, chinaDateOf, diffMonths, firstDayOf, monthOf, type PlainDate, type PlainMonth } from '../../kernel/plain-date.ts';
import type { Determination } from '../../rules/common/result.ts';
import { determine } from '../../rules/engine.ts';
import { type CaseKind, type MonthlyProgram, PROGRAM_OF } from '../../workflow/case-types.ts';
import { json } from '../shared/json-text.ts';
import { recalculateCounty } from '../enrollments/recalculate.ts';
import { situationForEnrollment } from '../enrollments/registry-facts.ts';
import { loadParameterSet } from '../policy/parameters.ts';
import { scheduleMissingReviews } from '../enrollments/review-schedule.ts';
import { type CommandContext, auditActor, requireOperator } from '../context.ts';

/** Synthetic decisions name this decider and role, so no one mistakes them for a county's act. */
export const SYNTHETIC_DECIDER = { id: 'synthetic', name: '合成演示数据 synthetic demo', role: 'synthetic' } as const;
/** The plan's year: synthetic enrollments start from January 2019 on. */
export const DEMO_FIRST_MONTH = '2019-01' as PlainMonth;

/** A stable id from a household id, so a rerun finds what it wrote (and a seed always gives the same ids). */
function stableId(kind: string, householdId: string): string {
  const h = createHash('sha256').update(`${kind}:${householdId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Half start in the plan's first month, the rest spread over the months up to `last` (by the household id's hash). */
function startMonthOf(householdId: string, last: PlainMonth): PlainMonth {
  const span = Math.max(1, diffMonths(DEMO_FIRST_MONTH, last) + 1);
  const n = Number.parseInt(createHash('sha256').update(`start:${householdId}`).digest('hex').slice(0, 8), 16);
  return n % 2 === 0 ? DEMO_FIRST_MONTH : addMonths(DEMO_FIRST_MONTH, (n >>> 1) % span);
}

export interface ApprovedRows {
  caseRow: AssistanceCaseTable;
  decision: CaseDecisionTable;
  enrollment: EnrollmentTable;
  term: EnrollmentTermTable;
}

/**
 * The rows an approval leaves (a case in state approved, its decision naming the decider, the enrollment and its first
 * term at the engine's amount), for synthetic data and test fixtures: what approve-case.ts writes after the procedure.
 */
export function approvedEnrollmentRows(o: {
  countyCode: string;
  householdId: string;
  areaCode: string;
  applicantId: string;
  kind: Exclude<CaseKind, 'temporary_emergency' | 'temporary_expenditure'>;
  startMonth: PlainMonth;
  determination: Determination;
  decider: { id: string; name: string; role: string };
  at: string;
  ids?: { caseId: string; decisionId: string; enrollmentId: string };
}): ApprovedRows {
  const program = PROGRAM_OF[o.kind] as MonthlyProgram;
  const decidedOn = `${addMonths(o.startMonth, -1)}-15` as PlainDate;
  const appliedOn = firstDayOf(addMonths(o.startMonth, -2));
  const ids = o.ids ?? { caseId: stableId('case', o.householdId), decisionId: stableId('decision', o.householdId), enrollmentId: stableId('enrollment', o.householdId) };
  const ruleSet = appliedOn >= '2021-07-01' ? 'nat-2021' : program === 'tekun' ? 'nat-2016' : 'nat-2012';
  const fen = o.determination.amount.fen;
  const reasons = json(o.determination.reasons.map((r) => `${r.code}: ${r.message.zh}`));
  return {
    caseRow: {
      county_code: o.countyCode,
      id: ids.caseId,
      kind: o.kind,
      program,
      state: 'approved',
      version: 1,
      household_id: o.householdId,
      applicant_person_id: o.applicantId,
      area_code: o.areaCode,
      staff_relative: 0,
      staff_relative_note: null,
      contested: 0,
      on_behalf: 0,
      signed_declaration: 1,
      data_check_authorised: 1,
      filed_by: o.decider.name,
      rule_set: ruleSet,
      applied_on: appliedOn,
      accepted_on: appliedOn,
      state_since: decidedOn,
      due_date: '9999-12-31',
      notice_ends_on: null,
      county_review_since: null,
      county_objection_on: null,
      spot_check: null,
      spot_check_id: null,
      proposed_amount_fen: fen,
      decision_id: ids.decisionId,
      open_program: null,
      origin: null,
      created_at: o.at,
      updated_at: o.at,
    },
    decision: {
      county_code: o.countyCode,
      id: ids.decisionId,
      case_id: ids.caseId,
      outcome: 'approved',
      decided_on: decidedOn,
      decided_at: o.at,
      decider_id: o.decider.id,
      decider_name: o.decider.name,
      decider_role: o.decider.role,
      reasons,
      amount_fen: fen,
      benefit_from: o.startMonth,
      rule_set: ruleSet,
      determination: json(o.determination),
    },
    enrollment: {
      county_code: o.countyCode,
      id: ids.enrollmentId,
      program,
      unit: o.kind === 'dibao_household' ? 'household' : 'individual',
      household_id: o.householdId,
      person_id: o.applicantId,
      decision_id: ids.decisionId,
      monthly_amount_fen: fen,
      start_month: o.startMonth,
      end_month: null,
      status: 'active',
      version: 1,
      created_at: o.at,
      updated_at: o.at,
    },
    term: {
      county_code: o.countyCode,
      enrollment_id: ids.enrollmentId,
      from_month: o.startMonth,
      status: 'active',
      amount_fen: fen,
      basis: 'decision',
      reasons,
      determination: json(o.determination),
      actor_id: null,
      actor_name: o.decider.name,
      created_at: o.at,
    },
  };
}

/**
 * Writes approvals in multi-row statements (parents before children, as the foreign keys require), each table through
 * its repository, bound to `scope` (every case must lie in it). A helper inside the caller's transaction.
 */
export async function insertApproved(trx: Transaction<Database>, scope: AreaScope, rows: readonly ApprovedRows[]): Promise<void> {
  const [cases, records, enrollments] = [new CaseRepo(trx, scope), new CaseRecordsRepo(trx), new EnrollmentRepo(trx, scope)];
  const chunk = 200;
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk);
    await cases.insertCases(part.map((r) => r.caseRow));
    await records.insertDecisions(part.map((r) => r.decision));
    await enrollments.insertEnrollments(part.map((r) => r.enrollment));
    await enrollments.insertTerms(part.map((r) => r.term));
  }
}

/** Each approval's case and enrollment carry their state, as the procedure's own events would (audit verify --deep). */
async function auditApproved(trx: Transaction<Database>, actor: AuditActor, county: string, rows: readonly ApprovedRows[], at: string): Promise<void> {
  if (rows.length === 0) return;
  const [cases, enrollments] = await Promise.all([
    statesOf(trx, 'case', county, rows.map((r) => r.caseRow.id)),
    statesOf(trx, 'enrollment', county, rows.map((r) => r.enrollment.id)),
  ]);
  await appendAuditBatch(
    trx,
    rows.flatMap((r) => [
      { actor, at, input: { chain: county, action: 'case.approve', entityType: 'case', entityId: r.caseRow.id, after: cases.get(r.caseRow.id), detail: { synthetic: true } } },
      { actor, at, input: { chain: county, action: 'enrollment.create', entityType: 'enrollment', entityId: r.enrollment.id, after: enrollments.get(r.enrollment.id), detail: { synthetic: true } } },
    ]),
  );
}

export interface EnrollDemoOptions {
  /** 6-digit county; every county with synthetic households when absent. */
  county?: string;
  /** Latest start month (default: the month of the context's clock). */
  lastStart?: PlainMonth;
}

export interface EnrollDemoResult {
  examined: number;
  dibao: number;
  tekun: number;
  recalculatedTerms: number;
  scheduled: number;
  seconds: number;
}

const BATCH = 1_000;

/**
 * 合成保障对象 Enrolls the synthetic households that qualify, as if their applications had been approved: each gets a
 * start month from 2019-01 on, is assessed by the engine with that month's parameters (a person living alone who
 * qualifies for tekun is enrolled in tekun, any other household in dibao if it qualifies), and gets an approved case,
 * a decision marked synthetic, an enrollment and its first term. Then the county's recalculation writes the terms of
 * every later parameter change (the 2019-07-01 raise…) and the first reviews are scheduled, so a fresh demo has rolls
 * to build for every month since. Households that already have a case are left alone: a rerun adds nothing.
 */
export async function enrollDemo(ctx: CommandContext, opts: EnrollDemoOptions = {}): Promise<EnrollDemoResult> {
  requireOperator(ctx.actor);
  const { db } = ctx;
  const actor = auditActor(ctx.actor);
  const started = performance.now();
  const now = ctx.clock();
  const at = now.toISOString();
  const lastStart = opts.lastStart ?? monthOf(chinaDateOf(now));
  const ps = await loadParameterSet(db);
  const r: EnrollDemoResult = { examined: 0, dibao: 0, tekun: 0, recalculatedTerms: 0, scheduled: 0, seconds: 0 };
  const scope = scopeOf(ctx.actor.areaCode);
  const registry = new RegistryRepo(db.kysely, scope);
  const counties = opts.county ? [opts.county] : await registry.syntheticCounties();
  for (const county of counties) {
    let after = '';
    for (;;) {
      const batch = await registry.syntheticWithoutCase(county, after, BATCH);
      if (batch.length === 0) break;
      after = batch[batch.length - 1];
      await db.kysely.transaction().execute(async (trx) => {
        const facts = await new RegistryRepo(trx, scope).householdsWithParts(county, batch);
        const rows: ApprovedRows[] = [];
        for (const f of facts.values()) {
          const start = startMonthOf(f.household.id, lastStart);
          const head = f.members.find((m) => m.relation === 'head') ?? f.members[0];
          if (!head) continue;
          const alone = f.members.length === 1 && head.labor_capacity === 'none' && head.supporter_status !== 'able';
          for (const kind of alone ? (['tekun', 'dibao_household'] as const) : (['dibao_household'] as const)) {
            const key = { county_code: county, program: PROGRAM_OF[kind] as MonthlyProgram, unit: kind === 'tekun' ? ('individual' as const) : ('household' as const), household_id: f.household.id, person_id: head.id };
            let d: Determination;
            try {
              const situation = situationForEnrollment(f, key, start);
              // Most households do not qualify: screen without the trace, keep the trace for the decisions.
              d = determine(situation, ps, { trace: false });
              if (!d.eligible || d.amount.fen <= 0) continue;
              d = determine(situation, ps, { trace: true });
            } catch (e) {
              if (!isAppError(e)) throw e;
              break;
            }
            rows.push(
              approvedEnrollmentRows({ countyCode: county, householdId: f.household.id, areaCode: f.household.area_code, applicantId: head.id, kind, startMonth: start, determination: d, decider: SYNTHETIC_DECIDER, at }),
            );
            if (kind === 'tekun') r.tekun++;
            else r.dibao++;
            break;
          }
        }
        await insertApproved(trx, scope, rows);
        await auditApproved(trx, actor, county, rows, at);
        if (rows.length > 0) {
          await appendAudit(trx, actor, { chain: county, action: 'demo.enroll', entityType: 'enrollment', detail: { enrollments: rows.length, synthetic: true } }, at);
        }
      });
      r.examined += batch.length;
    }
    r.recalculatedTerms += (await recalculateCounty(ctx, { county, parameters: ps })).terms;
    r.scheduled += (await scheduleMissingReviews(ctx, { county, parameters: ps })).scheduled;
  }
  r.seconds = (performance.now() - started) / 1000;
  return r;
}
