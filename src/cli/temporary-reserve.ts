import type { Command } from 'commander';
import { contextAs } from '../commands/auth/acting-user.ts';
import { operatorContext } from '../commands/context.ts';
import { reserveLedger, reserveOverview } from '../commands/temporary/reserve-read.ts';
import { topUpReserve } from '../commands/temporary/reserve-top-up.ts';
import type { ReserveEntryView, ReserveSummary } from '../contracts/temporary-reserve.ts';
import { formatYuanGrouped } from '../kernel/money.ts';
import { usageErrorsIn } from './failure.ts';
import { withDb } from './runtime.ts';

/** A township code or an amount typed wrong: exit 2 (the commands' own codes for them). */
const asUsage = usageErrorsIn(new Set(['TOWNSHIP_CODE', 'AMOUNT_NOT_A_NUMBER', 'AMOUNT_EXPONENT', 'AMOUNT_DECIMALS', 'AMOUNT_NEGATIVE', 'AMOUNT_TOO_LARGE', 'VALIDATION']));

const KIND_ZH: Record<ReserveEntryKind, string> = { top_up: '补充 top-up', payment: '支付 payment', refund: '退回 refund', adjustment: '调整 adjustment' };
type ReserveEntryKind = ReserveEntryView['kind'];

const yuan = (fen: number) => `${formatYuanGrouped(fen)} 元`;
const summaryLine = (r: ReserveSummary) => `${r.townshipCode}  ${r.townshipName}  余额 balance ${yuan(r.balanceFen)}${r.opened ? '' : '（未建立 none yet）'}\n`;
const entryLine = (e: ReserveEntryView) =>
  `  #${e.seq}  ${e.at}  ${KIND_ZH[e.kind]}  ${e.amountFen > 0 ? '+' : ''}${yuan(e.amountFen)}  余额 ${yuan(e.balanceAfterFen)}  ${e.actorName}${e.payeeName ? `  ${e.payeeName}` : ''}${e.note ? `  ${e.note}` : ''}\n`;

/** `doudi temporary …`, made once: the lead's temporary-aid commands and these share it, whichever registers first. */
export function temporaryCommand(program: Command): Command {
  return program.commands.find((c) => c.name() === 'temporary') ?? program.command('temporary').description('临时救助 temporary assistance');
}

/**
 * `doudi temporary reserve top-up|ledger|list`: the township reserve (乡镇临时救助备用金, ADR 0039). A top-up is a named
 * county approver's (`--as`), with that user's area; the ledger and the balances are read by the operator (the whole
 * city) or `--as` a user (their area).
 */
export function registerTemporaryReserveCommands(program: Command): void {
  const reserve = temporaryCommand(program).command('reserve').description('乡镇临时救助备用金 the township reserve: balances, ledger, top-ups');
  reserve
    .command('top-up')
    .description('补充备用金 top up a township’s reserve (county approver)')
    .requiredOption('--township <code>', '乡镇（街道）区划代码 12 位 the township’s code')
    .requiredOption('--amount <yuan>', '金额（元）amount in yuan, at most two decimals')
    .requiredOption('--as <username>', '以该县区审批人员补充 as this county approver')
    .option('--note <text>', '备注（拨付文号等）note: the transfer, the decision')
    .option('--json', '输出 JSON')
    .action(async (o: { township: string; amount: string; as: string; note?: string; json?: boolean }) => {
      const r = await withDb(async (db) => {
        const ctx = await contextAs(db, o.as.trim());
        return asUsage(() => topUpReserve(ctx, { ref: { township: o.township }, input: { amount: o.amount, ...(o.note !== undefined ? { note: o.note } : {}) } }));
      }, { quiet: true });
      process.stdout.write(o.json ? `${JSON.stringify(r)}\n` : `已补充 topped up +${yuan(r.entry.amountFen)}  ${summaryLine(r.reserve)}`);
    });
  reserve
    .command('ledger')
    .description('备用金台账 a township’s balance and ledger, newest first')
    .requiredOption('--township <code>', '乡镇（街道）区划代码 the township’s code')
    .option('--limit <n>', '条数 entries (at most 200)', '50')
    .option('--as <username>', '以该用户的辖区 as this user (their area)')
    .option('--json', '输出 JSON')
    .action(async (o: { township: string; limit: string; as?: string; json?: boolean }) => {
      const r = await withDb(async (db) => {
        const ctx = o.as ? await contextAs(db, o.as.trim()) : operatorContext(db);
        return asUsage(() => reserveLedger(ctx, { township: o.township, limit: o.limit }));
      }, { quiet: true });
      if (o.json) {
        process.stdout.write(`${JSON.stringify(r)}\n`);
        return;
      }
      process.stdout.write(summaryLine(r.reserve));
      for (const e of r.entries) process.stdout.write(entryLine(e));
    });
  reserve
    .command('list')
    .description('备用金一览 the balances of every township in the area (or of one county)')
    .option('--county <code>', '6 位县（区）代码 one county')
    .option('--as <username>', '以该用户的辖区 as this user (their area)')
    .option('--json', '输出 JSON')
    .action(async (o: { county?: string; as?: string; json?: boolean }) => {
      const r = await withDb(async (db) => {
        const ctx = o.as ? await contextAs(db, o.as.trim()) : operatorContext(db);
        return asUsage(() => reserveOverview(ctx, { county: o.county }));
      }, { quiet: true });
      if (o.json) {
        process.stdout.write(`${JSON.stringify(r)}\n`);
        return;
      }
      for (const t of r.townships) process.stdout.write(summaryLine(t));
      process.stdout.write(`合计 total ${yuan(r.totalFen)}（${r.townships.length} 个乡镇 townships）\n`);
    });
}
