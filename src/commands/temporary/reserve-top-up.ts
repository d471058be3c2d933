import { RESERVE_TOP_UP_MAX_FEN, ReserveTopUp, type ReserveTopUpResult } from '../../contracts/temporary-reserve.ts';
import { amountProblem } from '../../contracts/money.ts';
import { appendAudit, lockAuditChain } from '../../db/audit.ts';
import { AppError } from '../../kernel/errors.ts';
import { type CommandContext, actorName, auditActor, nowIso, requirePermission } from '../context.ts';
import { presentEntry, presentSummary, requireReach, requireTownship, reserveKey, reserveRepo, yuanText } from './reserve-context.ts';

/**
 * 补充备用金 The county tops up a township's reserve (issue 13 point 2, ADR 0039): the county approver of the
 * township's county, an amount above zero and at most 100万元, a note (the transfer, the decision). The reserve is
 * created at its first top-up; the ledger entry and a `reserve.top_up` audit event are written in the same transaction.
 */
export async function topUpReserve(ctx: CommandContext, props: { ref: { township: string }; input: unknown }): Promise<ReserveTopUpResult> {
  requirePermission(ctx.actor, 'reserve.top_up');
  const k = reserveKey(props.ref.township);
  requireReach(ctx.actor, k);
  const parsed = ReserveTopUp.safeParse(props.input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue?.path[0] ?? 'amount');
    const money = issue ? amountProblem(issue) : null;
    if (money) throw new AppError(money.code, money.message, { field: 'amount' });
    throw new AppError('VALIDATION', { zh: `输入无效：${field === 'note' ? '备注' : '金额'}`, en: `Invalid input: ${field}` }, { field });
  }
  const amount = parsed.data.amount;
  if (amount <= 0) throw new AppError('RESERVE_AMOUNT', { zh: '补充金额须大于零', en: 'A top-up is more than zero' }, { field: 'amount' });
  if (amount > RESERVE_TOP_UP_MAX_FEN) {
    throw new AppError(
      'RESERVE_TOP_UP_TOO_LARGE',
      { zh: `单次补充不能超过 ${yuanText(RESERVE_TOP_UP_MAX_FEN)}，请核对金额`, en: `One top-up is at most ${yuanText(RESERVE_TOP_UP_MAX_FEN).replace(' 元', ' yuan')}; check the amount` },
      { field: 'amount' },
    );
  }
  const at = nowIso(ctx);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const name = await requireTownship(trx, k);
    const repo = reserveRepo(ctx.actor, trx);
    // The county's audit chain, then the reserve's row (the order of every reserve movement, reserve-ledger.ts).
    await lockAuditChain(trx, k.countyCode);
    const moved = await repo.credit(k, amount, at);
    const entry = {
      county_code: k.countyCode,
      township_code: k.townshipCode,
      seq: moved.seq,
      at,
      kind: 'top_up' as const,
      amount_fen: amount,
      balance_after_fen: moved.balanceAfterFen,
      case_id: null,
      payee_name: null,
      note: parsed.data.note ?? '',
      actor_id: ctx.actor.operator ? null : ctx.actor.userId,
      actor_name: actorName(ctx.actor),
    };
    await repo.insertEntry(entry);
    await appendAudit(
      trx,
      auditActor(ctx.actor),
      {
        chain: k.countyCode,
        action: 'reserve.top_up',
        entityType: 'township_reserve',
        entityId: k.townshipCode,
        after: entry,
        detail: { township: k.townshipCode, seq: moved.seq, amountFen: amount, balanceAfterFen: moved.balanceAfterFen },
      },
      at,
    );
    const reserve = (await repo.reserve(k))!;
    return { reserve: presentSummary(ctx.actor, reserve, name), entry: presentEntry(ctx.actor, entry) };
  });
}
