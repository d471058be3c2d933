import type { JobView, LineView, RollFreshness, RollTotals, RollView } from '../../contracts/payroll.ts';
import type { PayrollJobTable, PayrollLineTable, PayrollRollTable } from '../../db/schema.ts';
import type { Actor } from '../context.ts';
import type { Db } from '../../db/connect.ts';
import { divisionNames } from '../../db/division-repo.ts';
import { can } from '../../contracts/roles.ts';
import { maskAccount, openAccount } from '../../db/personal-data.ts';
import type { KeyRing } from '../../kernel/sealing.ts';
import { bankTotalsOf, heldOf, madeBy } from './payroll-context.ts';


/** County names by 6-digit code (division names are reference data, readable without a scope). */
export async function countyNames(db: Db['kysely'], codes: readonly string[]): Promise<Map<string, string>> {
  const names = await divisionNames(db, codes.map((c) => `${c}000000`));
  return new Map([...names].map(([code, name]) => [code.slice(0, 6), name]));
}

/** Village and township names of area codes ("新台子镇 懿路村"), for lines the township is to act on. */
export async function areaNames(db: Db['kysely'], codes: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(codes)];
  const townshipOf = (c: string) => `${c.slice(0, 9)}000`;
  const names = await divisionNames(db, [...unique, ...unique.map(townshipOf)]);
  return new Map(
    unique.map((c) => {
      const own = names.get(c) ?? c;
      const town = townshipOf(c);
      return [c, town !== c && names.has(town) ? `${names.get(town)} ${own}` : own];
    }),
  );
}

/** The control totals as stored (and the bank file's part of them: roll total = bank file + held). */
export function presentTotals(r: PayrollRollTable): RollTotals {
  const held = heldOf(r);
  const bank = bankTotalsOf(r);
  return {
    lines: Number(r.line_count),
    payLines: Number(r.pay_line_count),
    persons: Number(r.person_count),
    totalFen: Number(r.total_fen),
    regularFen: Number(r.regular_fen),
    backpayFen: Number(r.backpay_fen),
    reissueFen: Number(r.reissue_fen),
    recoveryFen: Number(r.recovery_fen),
    gradualExit: Number(r.gradual_exit_count),
    skipped: Number(r.skipped_count),
    held: held.count,
    heldFen: held.fen,
    bankLines: bank.lines,
    bankFen: bank.fen,
  };
}

/**
 * A roll as the user sees it. `freshness` (freshnessOf) is given where one roll is shown: a stale roll cannot be
 * approved, and only the latest roll awaiting approval can be refreshed.
 */
export function presentRoll(r: PayrollRollTable, actor: Actor, countyName: string, freshness: RollFreshness | null = null): RollView {
  const me = actor.userId;
  const approver = r.status === 'built' && can(actor.role, 'payroll.approve');
  const approveBlockedBy = !approver ? null : madeBy(r, me) ? ('maker' as const) : freshness?.stale ? ('stale' as const) : null;
  return {
    id: r.id,
    county: r.county_code,
    countyName,
    program: r.program,
    month: r.month,
    kind: r.kind,
    round: Number(r.round),
    status: r.status,
    version: Number(r.version),
    totals: presentTotals(r),
    builtBy: r.built_by,
    builtByName: r.built_by_name,
    buildStartedAt: r.build_started_at,
    builtAt: r.built_at,
    approvedByName: r.approved_by_name,
    approvedAt: r.approved_at,
    exportCount: Number(r.export_count),
    exportedAt: r.exported_at,
    closedAt: r.closed_at,
    bank: { paid: Number(r.paid_count), paidFen: Number(r.paid_fen), failed: Number(r.failed_count), failedFen: Number(r.failed_fen) },
    refreshedByName: r.refreshed_by_name ?? null,
    refreshedAt: r.refreshed_at ?? null,
    freshness,
    can: {
      approve: approver && approveBlockedBy === null,
      export: (r.status === 'approved' || r.status === 'closed') && can(actor.role, 'payroll.export'),
      importResults: r.status === 'approved' && Number(r.export_count) > 0 && can(actor.role, 'payroll.reconcile'),
      refresh: r.status === 'built' && freshness?.latest === true && (actor.operator === true || can(actor.role, 'payroll.build')),
    },
    approveBlockedBy,
  };
}

export function presentLine(keys: KeyRing, l: PayrollLineTable): LineView {
  return {
    rollId: l.roll_id,
    seq: Number(l.seq),
    kind: l.kind,
    benefitMonth: l.benefit_month,
    payeeName: l.payee_name,
    areaCode: l.area_code,
    unit: l.unit,
    householdId: l.household_id,
    // Bank accounts leave the server in full only in the audited bank file; screens show the last four digits.
    bankAccount: maskAccount(openAccount(keys, l)),
    bankName: l.bank_name,
    persons: Number(l.person_count),
    amountFen: Number(l.amount_fen),
    termStatus: l.term_status,
    gradualExit: l.term_status === 'gradual_exit',
    reissueOf: l.reissue_of_roll ? { rollId: l.reissue_of_roll, seq: Number(l.reissue_of_seq) } : null,
    bankStatus: l.bank_status,
    bankReason: l.bank_reason,
    held: l.hold_reason !== null && l.hold_reason !== undefined,
    holdReason: l.hold_reason ?? null,
    stage: l.case_id && l.stage_n !== null && l.stage_n !== undefined ? { caseId: l.case_id, n: Number(l.stage_n) } : null,
  };
}

function parse<T>(s: string | null): T | null {
  if (!s) return null;
  try {
    return JSON.parse(s) as T;
  } catch {
    return null;
  }
}

/**
 * A job as the UI sees it. `liveness` (job-owner.ts) says whether a running job's worker is still there: a job whose
 * worker is gone is `interrupted` (its roll resumes with the next build), however recently it reported; one still
 * worked on is `running`, however long its current step takes.
 */
export function presentJob(j: PayrollJobTable, liveness: 'alive' | 'gone'): JobView {
  const error = parse<JobView['error']>(j.error);
  const interrupted = (j.status === 'running' && liveness === 'gone') || (j.status === 'failed' && error?.code === 'PAYROLL_JOB_INTERRUPTED');
  const result = parse<Record<string, unknown>>(j.result);
  return {
    id: j.id,
    county: j.county_code,
    kind: j.kind,
    status: interrupted ? 'interrupted' : j.status,
    rollId: j.roll_id,
    done: Number(j.done),
    total: Number(j.total),
    build: j.kind === 'build' && result ? (result as JobView['build']) : null,
    report: j.kind === 'import' && result ? (result as JobView['report']) : null,
    error,
    createdAt: j.created_at,
    updatedAt: j.updated_at,
  };
}
