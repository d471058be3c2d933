import type { Writable } from 'node:stream';
import { keysOf } from '../../db/connect.ts';
import { BANK_COLUMNS } from '../../contracts/payroll.ts';
import { appendAudit } from '../../db/audit.ts';
import { stateOf } from '../../db/audit-state.ts';
import type { PayrollRepo } from '../../db/payroll-repo.ts';
import type { PayrollRollTable } from '../../db/schema.ts';
import { AppError } from '../../kernel/errors.ts';
import type { CommandContext } from '../context.ts';
import { actorName, auditActor, requirePermission } from '../context.ts';
import { type BankFormat, bankRow, totalRow, writeBankFile } from './bank-file.ts';
import { bankTotalsOf, heldOf, payrollError, payrollRepo, requireRoll } from './payroll-context.ts';
import { unheldWithoutAccount } from '../../db/payroll-ledger.ts';

/** Small batches keep the garbage between collections small (RSS stays flat on a million-line roll). */
const BATCH = 1_000;

export interface PreparedExport {
  filename: string;
  contentType: string;
  /** Streams the file into `out` (and ends it). */
  write(out: Writable): Promise<void>;
}

/**
 * 导出代发文件 The bank file of an approved (or closed) roll, in CSV or XLSX, with the control totals in its last row.
 * Payments held for a missing account (暂缓发放) are not in it, nor in its totals; a payment without an account never is.
 * Bank accounts in full: the export is a bulk read of personal data, recorded in the audit trail before the first
 * byte leaves (roll, format, number of payments; never an account), and counted on the roll.
 */
export async function prepareExport(ctx: CommandContext, o: { ref: { county: string; id: string }; format: BankFormat }): Promise<PreparedExport> {
  requirePermission(ctx.actor, 'payroll.export');
  const { ref, format } = o;
  const at = ctx.clock().toISOString();
  const repo = payrollRepo(ctx);
  const roll = await ctx.db.kysely.transaction().execute(async (trx) => {
    const r = await requireRoll(payrollRepo(ctx, trx), ref.county, ref.id);
    if (r.status !== 'approved' && r.status !== 'closed') {
      throw payrollError('PAYROLL_NOT_APPROVED', { zh: '花名册审批后才能导出代发文件', en: 'A roll is exported to the bank only once approved' }, undefined, 409);
    }
    // Never an empty account in a bank file: a roll built before holds existed may have payments without one.
    const missing = await unheldWithoutAccount(trx, r);
    if (missing > 0) {
      throw payrollError(
        'PAYROLL_ACCOUNT_MISSING',
        { zh: `花名册中有 ${missing} 笔发放缺少银行账号，不能导出代发文件`, en: `${missing} payments in the roll have no bank account: no bank file can be written` },
        undefined,
        409,
        { missing },
      );
    }
    if (r.status === 'approved') await payrollRepo(ctx, trx).recordExport(r, actorName(ctx.actor), at);
    await appendAudit(trx, auditActor(ctx.actor), {
      chain: r.county_code,
      action: 'payroll.export',
      entityType: 'payroll_roll',
      entityId: r.id,
      after: await stateOf(trx, 'payroll_roll', r.county_code, r.id),
      detail: { format, payments: bankTotalsOf(r).lines, totalFen: bankTotalsOf(r).fen, held: heldOf(r).count, heldFen: heldOf(r).fen, status: r.status },
    }, at);
    return r;
  });
  return {
    filename: `payroll-${roll.county_code}-${roll.program}-${roll.month}${roll.kind === 'reissue' ? `-r${roll.round}` : ''}.${format}`,
    contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    write: (out) => writeBankFile(format, out, rowsOf(repo, roll)),
  };
}

/**
 * Header, every payment sent to the bank in line order (keyset batches: held ones stay out), and the control totals of
 * those payments (the roll's total less what is held), checked against the lines read.
 */
async function* rowsOf(repo: PayrollRepo, roll: PayrollRollTable): AsyncGenerator<string[][]> {
  yield [[...BANK_COLUMNS]];
  const keys = keysOf(repo.db);
  let after = 0;
  let count = 0;
  let sum = 0;
  for (;;) {
    const batch = await repo.paymentBatch(roll, after, BATCH);
    for (const l of batch) sum += Number(l.amount_fen);
    count += batch.length;
    yield batch.map((l) => bankRow(keys, l));
    if (batch.length < BATCH) break;
    after = Number(batch[batch.length - 1].seq);
  }
  const expected = bankTotalsOf(roll);
  if (count !== expected.lines || sum !== expected.fen) {
    throw new AppError('PAYROLL_TOTALS_MISMATCH', { zh: '花名册明细与控制合计不符，已停止导出', en: 'The lines do not match the control totals; export stopped' }, { status: 500 });
  }
  yield [totalRow(count, sum)];
}
