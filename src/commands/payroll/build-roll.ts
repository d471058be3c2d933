import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { BuildResult, Program } from '../../contracts/payroll.ts';
import { appendAudit } from '../../db/audit.ts';
import { stateOf } from '../../db/audit-state.ts';
import type { Db } from '../../db/connect.ts';
import { type CommandContext, actorName, auditActor, requirePermission } from '../context.ts';
import {
  batchBound,
  consumeChanges,
  countEnrollments,
  earliestChange,
  findRegularRoll,
  holdTermWriters,
  insertAdjustments,
  insertRegularLines,
  insertReissues,
  insertRoll,
  lastSeq,
  lockRoll,
  patchRoll,
  raiseHorizon,
  reconcileRegular,
  rollHorizon,
  rollTotals,
  skippedInBatch,
  touchedEnrollments,
  touchedShareAPayee,
} from '../../db/payroll-ledger.ts';
import type { PayrollRollTable } from '../../db/schema.ts';
import { addMonths, diffMonths, type PlainMonth } from '../../kernel/plain-date.ts';
import { checkRollSequence, freshnessOf, heldOf, payrollRepo, validateRollKey } from './payroll-context.ts';
import { ensureTermsCurrent } from './terms-current.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';

export const DEFAULT_BATCH = 50_000;

export interface BuildRollOptions {
  county: string;
  program: Program;
  month: string;
  /** Enrollments per keyset batch (one transaction each). */
  batchSize?: number;
  /** Called after each committed batch: enrollments of the county gone through, of `total`. */
  onProgress?: (done: number, total: number) => void | Promise<void>;
}

/**
 * 生成发放花名册 Builds (or finishes, or just returns) the regular roll of a county, program and month.
 *
 * Crash safety without one long transaction (which on SQLite would hold the write lock for the whole county): the roll
 * row is created first, marked `building`; the regular lines are then written in keyset batches over the county's
 * enrollments, each batch in its own transaction together with the roll's cursor; a last transaction writes back-pay,
 * recovery and re-issue lines, consumes the change marks, stores the control totals counted from the lines and marks
 * the roll `built`. A process killed anywhere leaves either no roll, or a `building` roll that nothing accepts (it
 * cannot be approved or exported) and that the next run of the same command resumes after its cursor. Running the
 * command on a built roll returns it unchanged; the database's unique keys make a second roll, or a second regular
 * line for a payee and month, impossible whatever the timing.
 *
 * Retroactive changes: the horizon (the months the county's rolls cover) is raised in the first transaction; from
 * then on every term written for a covered month marks its enrollment (trigger, same transaction as the term). On
 * PostgreSQL that first transaction, and the last, briefly hold off term writers (a SHARE lock) so that no term
 * committed around them escapes both the lines and the marks.
 */
export async function buildRoll(ctx: CommandContext, o: BuildRollOptions): Promise<BuildResult> {
  requirePermission(ctx.actor, 'payroll.build');
  const { db } = ctx;
  const key = await validateRollKey(ctx, o);
  payrollRepo(ctx).assertCounty(key.county);
  const now = () => ctx.clock().toISOString();
  const built = await findRegularRoll(db.kysely, key);
  // A roll that is there already is returned as it is, saying whether the enrollments changed since (refresh it then).
  if (built && built.status !== 'building') return resultOf(built, (await freshnessOf(db.kysely, built))?.stale);
  await ensureTermsCurrent(ctx, { county: key.county, month: key.month });
  let roll = await startRoll(ctx, key, now);
  // Batches run over all the county's enrollments (the primary key alone bounds them): progress counts those.
  const total = await countEnrollments(db.kysely, key.county);
  const size = Math.max(1, o.batchSize ?? DEFAULT_BATCH);
  let done = roll.cursor === null ? 0 : await countEnrollments(db.kysely, key.county, roll.cursor);
  while (roll.status === 'building' && roll.phase === 'regular') {
    roll = await regularBatch(db, roll, size, now());
    done = roll.phase === 'regular' ? Math.min(total, done + size) : total;
    await o.onProgress?.(done, total);
  }
  if (roll.status === 'building') roll = await finishRoll(ctx, roll, now());
  return resultOf(roll, roll.status === 'built' ? (await freshnessOf(db.kysely, roll))?.stale : false);
}

export function resultOf(r: PayrollRollTable, stale = false): BuildResult {
  const held = heldOf(r);
  return {
    rollId: r.id, county: r.county_code, program: r.program, month: r.month, lines: Number(r.line_count), persons: Number(r.person_count), totalFen: Number(r.total_fen),
    held: held.count, heldFen: held.fen, stale,
  };
}

/** The roll row and the raised horizon, in one transaction; or the roll that is already there. */
async function startRoll(ctx: CommandContext, key: { county: string; program: Program; month: string }, now: () => string): Promise<PayrollRollTable> {
  const { db } = ctx;
  const actor = auditActor(ctx.actor);
  for (let attempt = 0; ; attempt++) {
    const existing = await findRegularRoll(db.kysely, key);
    if (existing) return existing;
    try {
      return await db.kysely.transaction().execute(async (trx) => {
        await holdTermWriters(trx, db.dialect);
        const again = await findRegularRoll(trx, key);
        if (again) return again;
        const h = await rollHorizon(trx, key.county, key.program);
        if (h) checkRollSequence(key.month, h.first_month, h.last_month);
        const at = now();
        const row = newRoll(ctx, { ...key, kind: 'regular', round: 0 }, at);
        await insertRoll(trx, row);
        await raiseHorizon(trx, key.county, key.program, key.month, h !== undefined);
        await appendAudit(trx, actor, { chain: key.county, action: 'payroll.build.start', entityType: 'payroll_roll', entityId: row.id, detail: { program: key.program, month: key.month } }, at);
        return row;
      });
    } catch (e) {
      // Another process created the roll between our look and our insert: take theirs (and resume it).
      if (attempt < 2 && isUniqueViolation(e)) continue;
      throw e;
    }
  }
}

async function regularBatch(db: Db, start: PayrollRollTable, size: number, at: string): Promise<PayrollRollTable> {
  return db.kysely.transaction().execute(async (trx) => {
    const roll = await lockRoll(trx, db.dialect, start.county_code, start.id);
    if (roll.status !== 'building' || roll.phase !== 'regular') return roll;
    const after = roll.cursor ?? '';
    const upto = await batchBound(trx, roll.county_code, after, size);
    const base = await lastSeq(trx, roll);
    let skipped = 0;
    await sql`savepoint payroll_batch`.execute(trx);
    try {
      await insertRegularLines(trx, roll, { after, upto, base, ignoreConflicts: false });
      await sql`release savepoint payroll_batch`.execute(trx);
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      // A payee already paid for the month (two payable enrollments of one household): pay once, count the rest.
      await sql`rollback to savepoint payroll_batch`.execute(trx);
      await insertRegularLines(trx, roll, { after, upto, base, ignoreConflicts: true });
      skipped = await skippedInBatch(trx, roll, after, upto);
    }
    const patch = { cursor: upto, phase: upto === null ? ('adjust' as const) : ('regular' as const), skipped_count: Number(roll.skipped_count) + skipped, updated_at: at };
    await patchRoll(trx, roll, patch);
    return { ...roll, ...patch };
  });
}

async function finishRoll(ctx: CommandContext, start: PayrollRollTable, at: string): Promise<PayrollRollTable> {
  const { db } = ctx;
  const actor = auditActor(ctx.actor);
  return db.kysely.transaction().execute(async (trx) => {
    await holdTermWriters(trx, db.dialect);
    const roll = await lockRoll(trx, db.dialect, start.county_code, start.id);
    if (roll.status !== 'building') return roll;
    const h = await rollHorizon(trx, roll.county_code, roll.program);
    if (!h) throw new Error(`finishRoll: no horizon for ${roll.county_code}/${roll.program}`);
    const earliest = await earliestChange(trx, roll);
    let base = await lastSeq(trx, roll);
    // Months before the county's first roll were paid outside this system: nothing to reconcile there.
    const months = earliest ? monthRange([earliest, h.first_month].sort()[1], addMonths(roll.month as PlainMonth, -1)) : [];
    base += await insertAdjustments(trx, roll, months, base);
    // Terms written for the roll's month (or before) while the batches ran: their regular lines made what the terms
    // say now, so that a roll is never stale the moment it is built (term writers are held off until this commits).
    const touched = await touchedEnrollments(trx, roll);
    await reconcileRegular(trx, roll, base, touched);
    // After a payee skipped there, the numbers have a gap: count on from the last one.
    await insertReissues(trx, roll, await lastSeq(trx, roll));
    const skipped = touchedShareAPayee(touched) ? await skippedInBatch(trx, roll, '', null) : Number(roll.skipped_count);
    await consumeChanges(trx, roll);
    const totals = await rollTotals(trx, roll.county_code, roll.id);
    const patch = { ...totals, skipped_count: skipped, status: 'built' as const, phase: 'done' as const, cursor: null, built_at: at, updated_at: at };
    await patchRoll(trx, roll, patch);
    const built = { ...roll, ...patch };
    const r = resultOf(built);
    await appendAudit(trx, actor, {
      chain: roll.county_code,
      action: 'payroll.build',
      entityType: 'payroll_roll',
      entityId: roll.id,
      after: await stateOf(trx, 'payroll_roll', roll.county_code, roll.id),
      detail: { program: r.program, month: r.month, lines: r.lines, persons: r.persons, totalFen: r.totalFen, backpayFen: totals.backpay_fen, recoveryFen: totals.recovery_fen, reissueFen: totals.reissue_fen, skipped, held: totals.held_count, heldFen: totals.held_fen },
    }, at);
    return built;
  });
}

/** A roll row as a build starts it (`building`, nothing counted yet), made by the context's actor. */
export function newRoll(
  ctx: CommandContext,
  k: { county: string; program: PayrollRollTable['program']; month: string; kind: PayrollRollTable['kind']; round: number },
  at: string,
): PayrollRollTable {
  const actor = auditActor(ctx.actor);
  return {
    county_code: k.county, id: randomUUID(), program: k.program, month: k.month, kind: k.kind, round: k.round, status: 'building',
    phase: 'regular', cursor: null, line_count: 0, pay_line_count: 0, person_count: 0, total_fen: 0, regular_fen: 0, backpay_fen: 0,
    reissue_fen: 0, recovery_fen: 0, gradual_exit_count: 0, skipped_count: 0, built_by: actor.userId ?? actor.username,
    built_by_name: actorName(ctx.actor), build_started_at: at, built_at: null, approved_by: null, approved_by_name: null, approved_at: null,
    export_count: 0, exported_at: null, exported_by_name: null, closed_at: null, closed_by_name: null, paid_count: 0, paid_fen: 0,
    failed_count: 0, failed_fen: 0, version: 1, created_at: at, updated_at: at, held_count: 0, held_fen: 0, refreshed_by: null,
    refreshed_by_name: null, refreshed_at: null,
  };
}

export function monthRange(from: string, to: string): string[] {
  const n = diffMonths(from as PlainMonth, to as PlainMonth);
  return Array.from({ length: Math.max(0, n + 1) }, (_, i) => addMonths(from as PlainMonth, i));
}
