import { ReserveLedgerQuery, type ReserveLedger, type ReserveOverview, ReserveOverviewQuery } from '../../contracts/temporary-reserve.ts';
import { narrowScope, scopeOf } from '../../db/scope.ts';
import { ReserveRepo } from '../../db/reserve-repo.ts';
import { AppError } from '../../kernel/errors.ts';
import { type CommandContext, CITY_AREA, requirePermission } from '../context.ts';
import { presentEntry, presentSummary, requireReach, requireTownship, reserveKey, reserveRepo } from './reserve-context.ts';

const PAGE = 50;

/**
 * 备用金台账 A township's reserve: its balance and a page of its ledger, newest first (`before`: the number of the last
 * entry of the previous page). The township's staff read their own, the county its townships', the city and the
 * auditor every one; the case and the payee's name only for roles that read cases.
 */
export async function reserveLedger(ctx: CommandContext, input: { township: string; before?: unknown; limit?: unknown }): Promise<ReserveLedger> {
  requirePermission(ctx.actor, 'reserve.read');
  const k = reserveKey(input.township);
  requireReach(ctx.actor, k);
  const q = ReserveLedgerQuery.safeParse({ before: input.before, limit: input.limit });
  if (!q.success) {
    const field = String(q.error.issues[0]?.path[0] ?? 'before');
    throw new AppError('VALIDATION', { zh: `输入无效：${field === 'limit' ? '每页条数' : '翻页位置'}`, en: `Invalid input: ${field}` }, { field });
  }
  const limit = q.data.limit ?? PAGE;
  const db = ctx.db.kysely;
  const name = await requireTownship(db, k);
  const repo = reserveRepo(ctx.actor, db);
  const [reserve, rows] = await Promise.all([repo.reserve(k), repo.entries(k, { beforeSeq: q.data.before, limit: limit + 1 })]);
  const page = rows.slice(0, limit);
  return {
    reserve: presentSummary(ctx.actor, reserve ?? { county_code: k.countyCode, township_code: k.townshipCode, balance_fen: null, updated_at: null }, name),
    entries: page.map((e) => presentEntry(ctx.actor, e)),
    nextBefore: rows.length > limit ? Number(page[page.length - 1].seq) : null,
  };
}

/** 备用金一览 The balances of every township in the actor's area (or of one county of it), and their total. */
export async function reserveOverview(ctx: CommandContext, input: { county?: unknown } = {}): Promise<ReserveOverview> {
  requirePermission(ctx.actor, 'reserve.read');
  const q = ReserveOverviewQuery.safeParse({ county: input.county === '' ? undefined : input.county });
  if (!q.success) throw new AppError('VALIDATION', { zh: '县（区）代码应为 6 位数字', en: 'A county code is 6 digits' }, { field: 'county' });
  const own = scopeOf(ctx.actor.operator ? CITY_AREA : ctx.actor.areaCode);
  const scope = narrowScope(own, q.data.county);
  const rows = await new ReserveRepo(ctx.db.kysely, scope).townships();
  const townships = rows.map((r) => presentSummary(ctx.actor, r, r.name));
  return { townships, totalFen: townships.reduce((s, t) => s + t.balanceFen, 0) };
}
