import type { Transaction } from 'kysely';
import { appendAudit, lockAuditChain } from '../../db/audit.ts';
import type { Moved } from '../../db/reserve-repo.ts';
import type { Database, ReserveEntryKind, TownshipReserveEntryTable } from '../../db/schema.ts';
import { AppError } from '../../kernel/errors.ts';
import { type Actor, actorName, auditActor } from '../context.ts';
import { reserveKey, reserveRepo, yuanText } from './reserve-context.ts';

/** What a payment from (or a refund to) a township's reserve needs; the caller's transaction writes the case beside it. */
export interface ReserveMovement {
  /** The township's county (6 digits): must be the township's own. */
  county: string;
  /** The township's 12-digit division code. */
  township: string;
  /** Integer fen, > 0 (the ledger records a payment as negative itself). */
  amountFen: number;
  /** The temporary-aid case paid (or recovered from). */
  caseId: string;
  /** The payee's name as recorded on the case (shown on the ledger to roles that read cases). */
  payeeName?: string | null;
  /** Who decided: the caller's actor (their area must hold the township). */
  actor: Actor;
  /** ISO timestamp of the movement: the caller's `ctx.clock()`. */
  at: string;
  note?: string;
}

export interface ReserveMoved {
  countyCode: string;
  townshipCode: string;
  /** The ledger entry's number in the township's ledger. */
  seq: number;
  balanceAfterFen: number;
}

function amountOf(m: ReserveMovement): number {
  if (Number.isSafeInteger(m.amountFen) && m.amountFen > 0) return m.amountFen;
  throw new AppError('RESERVE_AMOUNT', { zh: '备用金支付或退回的金额须为正数（以分计）', en: 'A reserve payment or refund is a positive amount (in fen)' }, { field: 'amount' });
}

function keyOf(m: ReserveMovement) {
  const k = reserveKey(m.township);
  if (k.countyCode !== m.county) {
    throw new AppError('TOWNSHIP_CODE', { zh: `乡镇 ${k.townshipCode} 不属于县（区）${m.county}`, en: `Township ${k.townshipCode} is not in county ${m.county}` }, { field: 'township' });
  }
  return k;
}

async function move(trx: Transaction<Database>, m: ReserveMovement, kind: Extract<ReserveEntryKind, 'payment' | 'refund'>): Promise<ReserveMoved> {
  const amount = amountOf(m);
  const k = keyOf(m);
  const repo = reserveRepo(m.actor, trx);
  repo.requireInScope(k);
  // The county's audit chain first, then the reserve's row: the order every reserve movement takes its locks in.
  await lockAuditChain(trx, k.countyCode);
  let moved: Moved | null;
  if (kind === 'payment') {
    moved = await repo.debit(k, amount, m.at);
    if (!moved) {
      const balance = Number((await repo.reserve(k))?.balance_fen ?? 0);
      throw new AppError(
        'RESERVE_INSUFFICIENT',
        {
          zh: `乡镇备用金余额不足：余额 ${yuanText(balance)}，本次需支付 ${yuanText(amount)}，请先由县（区）审批人员补充备用金`,
          en: `The township reserve is short: the balance is ${yuanText(balance).replace(' 元', ' yuan')}, this payment needs ${yuanText(amount).replace(' 元', ' yuan')}; the county approver tops it up first`,
        },
        { status: 409, field: 'amount', details: { balanceFen: balance, amountFen: amount } },
      );
    }
  } else {
    moved = await repo.credit(k, amount, m.at);
  }
  const entry = {
    county_code: k.countyCode,
    township_code: k.townshipCode,
    seq: moved.seq,
    at: m.at,
    kind,
    amount_fen: kind === 'payment' ? -amount : amount,
    balance_after_fen: moved.balanceAfterFen,
    case_id: m.caseId,
    payee_name: m.payeeName ?? null,
    note: m.note ?? '',
    actor_id: m.actor.operator ? null : m.actor.userId,
    actor_name: actorName(m.actor),
  };
  await repo.insertEntry(entry);
  await appendAudit(
    trx,
    auditActor(m.actor),
    {
      chain: k.countyCode,
      action: kind === 'payment' ? 'reserve.payment' : 'reserve.refund',
      entityType: 'township_reserve',
      entityId: k.townshipCode,
      after: entry,
      detail: { township: k.townshipCode, seq: moved.seq, amountFen: entry.amount_fen, balanceAfterFen: moved.balanceAfterFen, caseId: m.caseId },
    },
    m.at,
  );
  return { countyCode: k.countyCode, townshipCode: k.townshipCode, seq: moved.seq, balanceAfterFen: moved.balanceAfterFen };
}

/**
 * 先行救助 Pays an assist-first emergency from the township's reserve, inside the caller's transaction (the one that
 * records the case): the balance is debited in one atomic statement only while it covers the amount, the ledger entry
 * (a negative amount, the balance after it, the case and payee) and a `reserve.payment` audit event are written beside
 * it. When the balance does not cover the amount it throws `RESERVE_INSUFFICIENT` (409, naming the balance and the
 * amount) having changed nothing. The caller checks its own permission (recording an emergency); this checks that the
 * actor's area holds the township (AREA_FORBIDDEN otherwise). Not a use case (ADR 0024): a writer inside a caller's
 * transaction. Locks: the county's audit chain head, then the reserve row — call it before or after your own
 * `appendAudit`, either order is safe.
 */
export function payFromReserve(trx: Transaction<Database>, m: ReserveMovement): Promise<ReserveMoved> {
  return move(trx, m, 'payment');
}

/**
 * 追回 Puts a recovered assist-first payment (or the part recovered) back into the township's reserve, inside the
 * caller's transaction: a `refund` entry (positive), the balance raised, a `reserve.refund` audit event. Same checks,
 * locks and shape as `payFromReserve`.
 */
export function refundToReserve(trx: Transaction<Database>, m: ReserveMovement): Promise<ReserveMoved> {
  return move(trx, m, 'refund');
}

/**
 * The reserve movements (payments, refunds) of some cases of a county, within the actor's area, by case and in ledger
 * order: the hook for reconciling assist-first payments against the temporary-aid disbursement batch (issue 13 point 6).
 * Not a use case: a reader inside the caller's transaction.
 */
export function reserveEntriesOfCases(q: Transaction<Database>, actor: Actor, c: { county: string; caseIds: readonly string[] }): Promise<TownshipReserveEntryTable[]> {
  return reserveRepo(actor, q).entriesOfCases(c.county, c.caseIds);
}
