import type { DisbursementReconciliation, ReconciledCase, TemporaryCategory } from '../../contracts/temporary.ts';
import { divisionNames } from '../../db/division-repo.ts';
import type { TemporaryAidTable, TemporaryStageTable } from '../../db/schema.ts';
import { type CommandContext, requirePermission } from '../context.ts';
import { payrollError, payrollRepo, requireRoll } from '../payroll/payroll-context.ts';
import { reserveRepo } from './reserve-context.ts';

/** Cases read per statement (SQLite binds at most 32,766 parameters; a batch may hold thousands of cases). */
const SLICE = 500;

/**
 * 备用金对账 A temporary-aid disbursement batch reconciled against the township reserves (ADR 0040): for each case the
 * batch pays, what was approved; what was paid first (先行救助) as the aid records it and as the township reserve's
 * ledger paid and took back; what this batch pays, what earlier batches paid, what is still planned, what is owed back.
 * A case is in order when the reserve paid exactly what the aid says was paid first, and paid first + every later
 * stage = the approved amount (or, approved less than paid first, the difference is owed back and nothing else is
 * paid); otherwise its problems are named. Per township: the reserve's part and the batch's part.
 */
export async function reconcileDisbursement(ctx: CommandContext, ref: { county: string; id: string }): Promise<DisbursementReconciliation> {
  requirePermission(ctx.actor, 'payroll.read');
  const db = ctx.db.kysely;
  const roll = await requireRoll(payrollRepo(ctx), ref.county, ref.id);
  if (roll.program !== 'temporary') {
    throw payrollError('TEMPORARY_BATCH_EXPECTED', { zh: '该花名册不是临时救助发放批次', en: 'This roll is not a temporary-aid disbursement batch' }, undefined, 409);
  }
  const lines = await db
    .selectFrom('payroll_line')
    .select(['case_id', 'payee_name', 'amount_fen'])
    .where('county_code', '=', roll.county_code)
    .where('roll_id', '=', roll.id)
    .where('case_id', 'is not', null)
    .execute();
  const batch = new Map<string, { payee: string; fen: number }>();
  for (const l of lines) {
    const id = l.case_id as string;
    const had = batch.get(id);
    batch.set(id, { payee: l.payee_name, fen: (had?.fen ?? 0) + Number(l.amount_fen) });
  }
  const ids = [...batch.keys()].sort();
  const aids: TemporaryAidTable[] = [];
  const stages: TemporaryStageTable[] = [];
  for (let i = 0; i < ids.length; i += SLICE) {
    const slice = ids.slice(i, i + SLICE);
    aids.push(...(await db.selectFrom('temporary_aid').selectAll().where('county_code', '=', roll.county_code).where('case_id', 'in', slice).execute()));
    stages.push(...(await db.selectFrom('temporary_stage').selectAll().where('county_code', '=', roll.county_code).where('case_id', 'in', slice).execute()));
  }
  const entries = await reserveRepo(ctx.actor, db).entriesOfCases(roll.county_code, ids);
  const names = await divisionNames(db, [...new Set(aids.map((a) => a.township_code))]);
  const group = <T extends { case_id: string | null }>(rows: readonly T[]) => {
    const m = new Map<string, T[]>();
    for (const x of rows) if (x.case_id !== null) m.set(x.case_id, [...(m.get(x.case_id) ?? []), x]);
    return m;
  };
  const stagesOf = group(stages);
  const entriesOf = group(entries);
  const cases: ReconciledCase[] = aids.map((a) => {
    const own = stagesOf.get(a.case_id) ?? [];
    const mine = entriesOf.get(a.case_id) ?? [];
    const reservePaid = -mine.filter((e) => e.kind === 'payment').reduce((n, e) => n + Number(e.amount_fen), 0);
    const refunded = mine.filter((e) => e.kind === 'refund').reduce((n, e) => n + Number(e.amount_fen), 0);
    const paidFirst = Number(a.paid_first_fen);
    const approved = Number(a.approved_fen ?? 0);
    const later = own.filter((s) => s.status !== 'paid_first');
    const staged = later.reduce((n, s) => n + Number(s.amount_fen), 0);
    const paidBefore = later.filter((s) => s.status === 'paid' && s.roll_id !== roll.id).reduce((n, s) => n + Number(s.amount_fen), 0);
    const planned = later.filter((s) => s.status === 'planned').reduce((n, s) => n + Number(s.amount_fen), 0);
    const recovery = Number(a.recovery_fen);
    const problems: ReconciledCase['problems'] = [];
    if (reservePaid !== paidFirst) problems.push('reserve_mismatch');
    if (paidFirst + staged !== Math.max(approved, paidFirst) || (approved < paidFirst && staged > 0)) problems.push('stages_mismatch');
    if (recovery > refunded) problems.push('recovery_open');
    return {
      caseId: a.case_id,
      payeeName: batch.get(a.case_id)?.payee ?? '',
      townshipCode: a.township_code,
      townshipName: names.get(a.township_code) ?? a.township_code,
      category: a.category as TemporaryCategory,
      registeredPoor: Number(a.registered_poor) === 1,
      approvedFen: approved,
      paidFirstFen: paidFirst,
      reservePaidFen: reservePaid,
      reserveRefundedFen: refunded,
      thisBatchFen: batch.get(a.case_id)?.fen ?? 0,
      paidBeforeFen: paidBefore,
      laterFen: planned,
      recoveryFen: recovery,
      problems,
    };
  });
  const townships = new Map<string, DisbursementReconciliation['townships'][number]>();
  for (const c of cases) {
    const t = townships.get(c.townshipCode) ?? { townshipCode: c.townshipCode, townshipName: c.townshipName, cases: 0, reservePaidFen: 0, reserveRefundedFen: 0, thisBatchFen: 0 };
    t.cases++;
    t.reservePaidFen += c.reservePaidFen;
    t.reserveRefundedFen += c.reserveRefundedFen;
    t.thisBatchFen += c.thisBatchFen;
    townships.set(c.townshipCode, t);
  }
  const sum = (f: (c: ReconciledCase) => number) => cases.reduce((n, c) => n + f(c), 0);
  return {
    rollId: roll.id,
    county: roll.county_code,
    totals: {
      cases: cases.length,
      thisBatchFen: sum((c) => c.thisBatchFen),
      reservePaidFen: sum((c) => c.reservePaidFen),
      approvedFen: sum((c) => c.approvedFen),
      problems: cases.filter((c) => c.problems.length > 0).length,
    },
    townships: [...townships.values()].sort((x, y) => x.townshipCode.localeCompare(y.townshipCode)),
    // Cases with a problem first, then by township and case.
    cases: cases.sort((x, y) => Number(y.problems.length > 0) - Number(x.problems.length > 0) || x.townshipCode.localeCompare(y.townshipCode) || x.caseId.localeCompare(y.caseId)),
  };
}
