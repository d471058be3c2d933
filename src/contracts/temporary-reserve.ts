import { z } from 'zod';
import { YuanAmount } from './money.ts';
import { safeText } from './text.ts';

/**
 * 乡镇临时救助备用金 The township reserve for assist-first temporary aid (issue 13 point 2, ADR 0039): balances, the
 * ledger, top-ups. Amounts cross the wire as integer fen; the web app formats them.
 */

/** The largest single top-up, 100万元 (1,000,000 yuan): a figure beyond it is a typing error, not a transfer. */
export const RESERVE_TOP_UP_MAX_FEN = 100_000_000;

export const ReserveEntryKind = z.enum(['top_up', 'payment', 'refund', 'adjustment']);
export type ReserveEntryKind = z.infer<typeof ReserveEntryKind>;

/** A township's 12-digit code in a path. */
export const TownshipRef = z.object({ township: z.string().regex(/^\d{9}000$/) });

export const ReserveOverviewQuery = z.object({ county: z.string().regex(/^\d{6}$/).optional() });

export const ReserveLedgerQuery = z.object({
  /** The page after the one whose last entry was numbered `before` (newest first). */
  before: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

/** A top-up's body: the amount in yuan (number or decimal text), and what it is (a transfer reference, a decision). */
export const ReserveTopUp = z.object({
  amount: YuanAmount,
  note: safeText(200, 0).optional(),
});
export type ReserveTopUpInput = z.input<typeof ReserveTopUp>;

export const ReserveSummary = z.object({
  countyCode: z.string(),
  townshipCode: z.string(),
  townshipName: z.string(),
  /** Zero for a township never topped up. */
  balanceFen: z.number().int(),
  /** Whether the township has had a reserve movement yet. */
  opened: z.boolean(),
  updatedAt: z.string().nullable(),
  can: z.object({ topUp: z.boolean() }),
});
export type ReserveSummary = z.infer<typeof ReserveSummary>;

export const ReserveOverview = z.object({
  townships: z.array(ReserveSummary),
  totalFen: z.number().int(),
});
export type ReserveOverview = z.infer<typeof ReserveOverview>;

export const ReserveEntryView = z.object({
  seq: z.number().int(),
  at: z.string(),
  kind: ReserveEntryKind,
  /** Signed: a top-up or a refund > 0, a payment < 0. */
  amountFen: z.number().int(),
  balanceAfterFen: z.number().int(),
  /** The case paid or refunded, and the payee's name: shown only to roles that may read cases (null otherwise). */
  case: z.object({ countyCode: z.string(), id: z.string() }).nullable(),
  payeeName: z.string().nullable(),
  note: z.string(),
  actorName: z.string(),
});
export type ReserveEntryView = z.infer<typeof ReserveEntryView>;

export const ReserveLedger = z.object({
  reserve: ReserveSummary,
  entries: z.array(ReserveEntryView),
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: z.number().int().nullable(),
});
export type ReserveLedger = z.infer<typeof ReserveLedger>;

export const ReserveTopUpResult = z.object({ reserve: ReserveSummary, entry: ReserveEntryView });
export type ReserveTopUpResult = z.infer<typeof ReserveTopUpResult>;
