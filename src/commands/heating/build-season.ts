import { SeasonBuild, type SeasonBuildResult } from '../../contracts/heating.ts';
import { appendAudit } from '../../db/audit.ts';
import { stateOf } from '../../db/audit-state.ts';
import type { Db } from '../../db/connect.ts';
import { countHouseholds, householdBound, insertSeasonLines, insertSupplementaryLines, type SeasonRef, seasonRef, seasonRolls } from '../../db/heating-ledger.ts';
import { insertReissues, insertRoll, lastSeq, lockRoll, patchRoll, rollTotals } from '../../db/payroll-ledger.ts';
import type { HeatingSeasonTable, PayrollRollTable } from '../../db/schema.ts';
import { chinaDateOf } from '../../kernel/plain-date.ts';
import { type CommandContext, auditActor, requirePermission } from '../context.ts';
import { DEFAULT_BATCH, newRoll } from '../payroll/build-roll.ts';
import { heldOf } from '../payroll/payroll-context.ts';
import { paramsOf, requireSeason, seasonError, seasonNow } from './season-context.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';

export interface BuildSeasonOptions {
  /** Households per keyset batch (one transaction each). */
  batchSize?: number;
  onProgress?: (done: number, total: number) => void | Promise<void>;
}

/**
 * 生成采暖季花名册 Builds (or finishes, or just returns) a county's heating roll for a season: round 0 the season roll —
 * every rural household with a payable dibao or tekun enrollment on the reference day and its heating recorded — or,
 * with `supplementary`, the next supplementary roll (补充发放): households eligible now and not yet paid for the season,
 * and the season's failed or held payments again (re-issue lines).
 *
 * The monthly rolls' crash safety (build-roll.ts), over households: the roll row first, `building`; the lines in keyset
 * batches of households, each batch in its own transaction with the roll's cursor; a last transaction writes the
 * re-issues, counts the totals from the lines and marks the roll `built`. Killed anywhere, the next run resumes after
 * the cursor. Building a built season roll returns it unchanged; a supplementary roll awaiting approval is returned
 * as it is rather than a second one started. One heating payment per household and season whatever the timing: the
 * lines are `regular` lines of program `heating` with the season's first month as benefit month, and
 * `payroll_line_paid_once` holds one per household (a second is skipped, `on conflict do nothing`).
 */
export async function buildSeason(ctx: CommandContext, input: unknown, o: BuildSeasonOptions = {}): Promise<SeasonBuildResult> {
  requirePermission(ctx.actor, 'payroll.build');
  const parsed = SeasonBuild.safeParse(input);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.map(String).join('.') || 'season';
    throw seasonError('HEATING_SEASON_FORMAT', '请给出县区代码（6 位）和采暖季（如 2019-2020）', 'Give the county (6 digits) and the season (e.g. 2019-2020)', field);
  }
  const { county, season: id, supplementary } = parsed.data;
  const season = await requireSeason(ctx, county, id);
  if (season.status !== 'open') throw seasonError('HEATING_SEASON_CLOSED', `${id} 采暖季已关闭，不能再生成花名册`, `The ${id} season is closed: no roll can be built`, 'season', 409);
  const now = () => ctx.clock().toISOString();
  let roll = await startRoll(ctx, season, supplementary, now);
  if (roll.status !== 'building') return resultOf(ctx.db, season, roll);
  const ref = seasonRef(season);
  const asOf = seasonNow(season, chinaDateOf(ctx.clock()));
  const total = await countHouseholds(ctx.db.kysely, county);
  const size = Math.max(1, o.batchSize ?? DEFAULT_BATCH);
  let done = roll.cursor === null ? 0 : await countHouseholds(ctx.db.kysely, county, roll.cursor);
  while (roll.status === 'building' && roll.phase === 'regular') {
    roll = await batch(ctx.db, roll, ref, season, asOf, size, now());
    done = roll.phase === 'regular' ? Math.min(total, done + size) : total;
    await o.onProgress?.(done, total);
  }
  if (roll.status === 'building') roll = await finish(ctx, season, roll, now());
  if (roll.status === 'building') {
    throw seasonError('HEATING_SUPPLEMENTARY_EMPTY', `${id} 采暖季目前没有需要补充发放的对象`, `Nobody is due a supplementary payment for the ${id} season now`, 'supplementary', 409);
  }
  return resultOf(ctx.db, season, roll);
}

export async function resultOf(db: Db, season: HeatingSeasonTable, r: PayrollRollTable): Promise<SeasonBuildResult> {
  const held = heldOf(r);
  // One regular line per household (the paid-once key); a supplementary roll's re-issues pay households of earlier rolls.
  const n = await db.kysely
    .selectFrom('payroll_line')
    .select((e) => e.fn.countAll<number>().as('n'))
    .where('county_code', '=', r.county_code)
    .where('roll_id', '=', r.id)
    .where('kind', '=', 'regular')
    .executeTakeFirst();
  return {
    rollId: r.id, county: r.county_code, season: season.id, round: Number(r.round), lines: Number(r.line_count), households: Number(n?.n ?? 0),
    totalFen: Number(r.total_fen), held: held.count, heldFen: held.fen,
  };
}

/** The roll to work on: the season roll (made if missing), or the supplementary roll in progress or awaiting approval, or a new one. */
async function startRoll(ctx: CommandContext, season: HeatingSeasonTable, supplementary: boolean, now: () => string): Promise<PayrollRollTable> {
  const { db } = ctx;
  for (let attempt = 0; ; attempt++) {
    const rolls = await seasonRolls(db.kysely, season);
    const main = rolls.find((r) => Number(r.round) === 0);
    if (!supplementary && main) return main;
    if (supplementary) {
      if (!main || main.status === 'building') {
        throw seasonError('HEATING_SUPPLEMENTARY_FIRST', '须先生成本采暖季的花名册，才能补充发放', 'Build the season roll before a supplementary roll', 'supplementary', 409);
      }
      const open = rolls.find((r) => Number(r.round) > 0 && (r.status === 'building' || r.status === 'built'));
      if (open) return open;
    }
    try {
      return await db.kysely.transaction().execute(async (trx) => {
        const at = now();
        const round = supplementary ? Math.max(0, ...rolls.map((r) => Number(r.round))) + 1 : 0;
        const row = newRoll(ctx, { county: season.county_code, program: 'heating', month: season.first_month, kind: 'season', round }, at);
        await insertRoll(trx, row);
        await appendAudit(trx, auditActor(ctx.actor), {
          chain: season.county_code, action: 'heating.roll.start', entityType: 'payroll_roll', entityId: row.id, detail: { season: season.id, round },
        }, at);
        return row;
      });
    } catch (e) {
      // Another process made the roll between our look and our insert: take theirs (and resume it).
      if (attempt < 2 && isUniqueViolation(e)) continue;
      throw e;
    }
  }
}

async function batch(db: Db, start: PayrollRollTable, ref: SeasonRef, season: HeatingSeasonTable, asOf: string, size: number, at: string): Promise<PayrollRollTable> {
  const amounts = paramsOf(season).amounts;
  return db.kysely.transaction().execute(async (trx) => {
    const roll = await lockRoll(trx, db.dialect, start.county_code, start.id);
    if (roll.status !== 'building' || roll.phase !== 'regular') return roll;
    const after = roll.cursor ?? '';
    const upto = await householdBound(trx, roll.county_code, after, size);
    const base = await lastSeq(trx, roll);
    const b = { after, upto, base };
    if (Number(roll.round) === 0) await insertSeasonLines(trx, roll, ref, amounts, b);
    else await insertSupplementaryLines(trx, roll, ref, amounts, asOf, b);
    const patch = { cursor: upto, phase: upto === null ? ('adjust' as const) : ('regular' as const), updated_at: at };
    await patchRoll(trx, roll, patch);
    return { ...roll, ...patch };
  });
}

async function finish(ctx: CommandContext, season: HeatingSeasonTable, start: PayrollRollTable, at: string): Promise<PayrollRollTable> {
  const { db } = ctx;
  return db.kysely.transaction().execute(async (trx) => {
    const roll = await lockRoll(trx, db.dialect, start.county_code, start.id);
    if (roll.status !== 'building') return roll;
    // The season's failed and held payments are paid again by its supplementary rolls (the season roll is the first).
    if (Number(roll.round) > 0) await insertReissues(trx, roll, await lastSeq(trx, roll));
    const totals = await rollTotals(trx, roll.county_code, roll.id);
    if (Number(roll.round) > 0 && totals.line_count === 0) {
      // An empty supplementary roll is not kept (a building roll may be deleted): the start's event says it was begun.
      await trx.deleteFrom('payroll_roll').where('county_code', '=', roll.county_code).where('id', '=', roll.id).execute();
      await appendAudit(trx, auditActor(ctx.actor), {
        chain: roll.county_code, action: 'heating.roll.discard', entityType: 'payroll_roll', entityId: roll.id, detail: { season: season.id, round: Number(roll.round), reason: 'empty' },
      }, at);
      return roll;
    }
    const patch = { ...totals, status: 'built' as const, phase: 'done' as const, cursor: null, built_at: at, updated_at: at };
    await patchRoll(trx, roll, patch);
    const built = { ...roll, ...patch };
    await appendAudit(trx, auditActor(ctx.actor), {
      chain: roll.county_code,
      action: 'heating.roll.build',
      entityType: 'payroll_roll',
      entityId: roll.id,
      after: await stateOf(trx, 'payroll_roll', roll.county_code, roll.id),
      detail: { season: season.id, round: Number(roll.round), lines: totals.line_count, totalFen: totals.total_fen, held: totals.held_count, heldFen: totals.held_fen },
    }, at);
    return built;
  });
}

