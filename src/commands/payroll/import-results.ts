import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ImportProblem, type ImportReport, RESULT_VALUES, TOTAL_LABEL } from '../../contracts/payroll.ts';
import { keysOf } from '../../db/connect.ts';
import { openAccount } from '../../db/personal-data.ts';
import { appendAudit } from '../../db/audit.ts';
import { stateOf } from '../../db/audit-state.ts';
import type { Db } from '../../db/connect.ts';
import { PayrollRepo } from '../../db/payroll-repo.ts';
import { settleStages } from '../../db/payroll-ledger.ts';
import type { PayrollLineTable, PayrollRollTable } from '../../db/schema.ts';
import { type AreaScope, scopeOf } from '../../db/scope.ts';
import { parseYuan } from '../../kernel/money.ts';
import { normaliseSheet } from '../uploads/bounded-reader.ts';
import { RESULT_FILE_LIMITS } from '../uploads/limits.ts';
import { type BankFormat, readResultRows, unescapeCell } from './bank-file.ts';
import { type CommandContext, actorName, auditActor, requirePermission } from '../context.ts';
import { bankTotalsOf, frozenError, isFrozen, payrollError, requireRoll } from './payroll-context.ts';

const MAX_LISTED = 500;
const LOOKUP = 1_000;
const REQUIRED = ['批次号', '序号', '银行账号', '金额(元)', '结果', '失败原因'] as const;
type Col = (typeof REQUIRED)[number];
/** The columns a result file must have: a file without them is refused on upload, before a job is queued. */
export const RESULT_REQUIRED_COLUMNS: readonly string[] = REQUIRED;

/**
 * 回盘文件预读 The bank's result file as received (CSV or XLSX) read by the bounded reader (ADR 0018: size, inflated
 * size, rows, cells, shared strings, in a worker with a heap limit) into plain CSV rows in a private directory of its
 * own; a file that passes no bound, is not a spreadsheet, or lacks the result columns is refused here with a code and
 * a message naming the bound. `cleanup` removes the directory.
 */
export async function prepareResultFile(path: string, format: BankFormat): Promise<{ path: string; rows: number; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'doudi-rows-'));
  const cleanup = () => rm(dir, { recursive: true, force: true }).catch(() => {});
  const out = join(dir, 'rows.csv');
  try {
    const r = await normaliseSheet({ path, format, limits: RESULT_FILE_LIMITS, out, requiredColumns: REQUIRED });
    return { path: out, rows: r.rows, cleanup };
  } catch (e) {
    await cleanup();
    throw e;
  }
}

/**
 * 导入银行回盘 Reads the bank's result file for an exported roll: every payment paid or failed (with the reason). The
 * file is checked whole first — columns, every row against its line (roll, number, account, amount), each payment
 * exactly once, and the control row against both the rows and the roll's stored totals — and a row-by-row report is
 * returned. Only a file without a single problem is applied, in one transaction that also closes the roll; otherwise
 * nothing changes. Failed payments then wait in the re-issue queue for the next roll.
 */
export async function importResults(
  ctx: CommandContext,
  o: { county: string; id: string; path: string; format: BankFormat; onProgress?: (done: number, total: number) => void | Promise<void> },
): Promise<ImportReport> {
  requirePermission(ctx.actor, 'payroll.reconcile');
  const { db } = ctx;
  const actor = { ...auditActor(ctx.actor), displayName: actorName(ctx.actor) };
  const scope = scopeOf(ctx.actor.areaCode);
  const roll = await requireRoll(new PayrollRepo(db.kysely, scope), o.county, o.id);
  requireImportable(roll);
  // Whatever the caller did before, the file is read here only as rows the bounded reader wrote.
  const rows = await prepareResultFile(o.path, o.format);
  try {
    await o.onProgress?.(0, rows.rows);
    return await checkAndApply(db, actor, scope, roll, { ...o, path: rows.path, total: rows.rows, now: ctx.clock() });
  } finally {
    await rows.cleanup();
  }
}

async function checkAndApply(
  db: Db,
  actor: { userId: string | null; username: string; displayName: string },
  scope: AreaScope,
  roll: PayrollRollTable,
  o: { county: string; id: string; path: string; total: number; now: Date; onProgress?: (done: number, total: number) => void | Promise<void> },
): Promise<ImportReport> {
  const check = await validate(new PayrollRepo(db.kysely, scope), roll, o.path, (done) => o.onProgress?.(done, o.total));
  if (check.report.problemCount > 0) return check.report;
  const at = o.now.toISOString();
  try {
    await db.kysely.transaction().execute(async (trx) => {
      const repo = new PayrollRepo(trx, scope);
      const fresh = await requireRoll(repo, o.county, o.id);
      requireImportable(fresh);
      if (Number(fresh.version) !== Number(roll.version)) throw changedMeanwhile();
      let written = 0;
      for await (const batch of outcomes(o.path)) written += await repo.setBankOutcomes(fresh, batch, at);
      if (written !== bankTotalsOf(fresh).lines) throw changedMeanwhile();
      const r = check.report;
      if (!(await repo.close(fresh, { paid: r.paid, paidFen: r.paidFen, failed: r.failed, failedFen: r.failedFen, byName: actor.displayName, at }))) throw changedMeanwhile();
      // A temporary-aid batch: each stage it sent is paid or failed now (a failed one is paid again by a later batch).
      if (fresh.program === 'temporary') await settleStages(trx, fresh, at);
      await appendAudit(trx, actor, {
        chain: fresh.county_code,
        action: 'payroll.results',
        entityType: 'payroll_roll',
        entityId: fresh.id,
        after: await stateOf(trx, 'payroll_roll', fresh.county_code, fresh.id),
        detail: { rows: r.rows, paid: r.paid, paidFen: r.paidFen, failed: r.failed, failedFen: r.failedFen },
      }, at);
    });
  } catch (e) {
    if (isFrozen(e)) throw frozenError();
    throw e;
  }
  return { ...check.report, applied: true };
}

/** The roll can take a result file: approved, exported, not closed (checked before an upload is read, and again when applied). */
export function requireImportable(r: PayrollRollTable): void {
  if (r.status === 'closed') throw frozenError();
  if (r.status !== 'approved') throw payrollError('PAYROLL_NOT_APPROVED', { zh: '花名册尚未审批', en: 'The roll is not approved' }, undefined, 409);
  if (Number(r.export_count) === 0) {
    throw payrollError('PAYROLL_NOT_EXPORTED', { zh: '花名册尚未导出代发文件，不能导入银行回盘', en: 'The roll has not been exported to the bank yet' }, undefined, 409);
  }
}

const changedMeanwhile = () =>
  payrollError('PAYROLL_RESULT_CHANGED', { zh: '导入期间花名册或回盘文件发生变化，未做任何修改，请重新导入', en: 'The roll or the file changed during the import; nothing was changed, import again' }, undefined, 409);

const problem = (row: number, seq: number | null, code: string, zh: string, en: string, field?: string): ImportProblem => ({
  row, seq, code, message: { zh, en }, ...(field ? { field } : {}),
});

function resultOf(v: string): 'paid' | 'failed' | null {
  const t = v.trim().toLowerCase();
  if ((RESULT_VALUES.paid as readonly string[]).includes(t)) return 'paid';
  if ((RESULT_VALUES.failed as readonly string[]).includes(t)) return 'failed';
  return null;
}

async function validate(repo: PayrollRepo, roll: PayrollRollTable, path: string, progress: (done: number) => void | Promise<void>): Promise<{ report: ImportReport }> {
  const problems: ImportProblem[] = [];
  let problemCount = 0;
  const add = (p: ImportProblem) => {
    problemCount++;
    if (problems.length < MAX_LISTED) problems.push(p);
  };
  const report = (extra: Partial<ImportReport> = {}): { report: ImportReport } => ({
    report: { applied: false, rows, paid, paidFen, failed, failedFen, problemCount, problems, ...extra },
  });
  let rows = 0;
  let paid = 0;
  let paidFen = 0;
  let failed = 0;
  let failedFen = 0;
  let col: Record<Col, number> | null = null;
  let control: { row: number; count: string; amount: string } | null = null;
  const seen = new Set<number>();
  let pending: { row: number; cells: string[]; seq: number }[] = [];
  let rowNo = 0;

  const flush = async () => {
    const lines = new Map((await repo.linesBySeq(roll, pending.map((p) => p.seq))).map((l) => [Number(l.seq), l]));
    for (const p of pending) checkRow(p, lines.get(p.seq));
    pending = [];
    // Also the job's heartbeat: a long check is never taken for a dead one.
    await progress(rowNo);
  };
  const checkRow = (p: { row: number; cells: string[]; seq: number }, line: PayrollLineTable | undefined) => {
    const c = (k: Col) => unescapeCell((p.cells[col![k]] ?? '').trim());
    if (!line || line.kind === 'recovery') return add(problem(p.row, p.seq, 'PAYROLL_RESULT_UNKNOWN_LINE', '花名册中没有此序号的发放', 'No payment with this number in the roll', '序号'));
    if (line.hold_reason !== null) {
      return add(problem(p.row, p.seq, 'PAYROLL_RESULT_HELD', '此序号为暂缓发放（缺少银行账号），不在代发文件中', 'This payment is held (no bank account) and was not in the bank file', '序号'));
    }
    if (seen.has(p.seq)) return add(problem(p.row, p.seq, 'PAYROLL_RESULT_DUPLICATE', '同一序号出现多次', 'The same payment appears twice', '序号'));
    seen.add(p.seq);
    if (c('银行账号') !== (openAccount(keysOf(repo.db), line) ?? '')) add(problem(p.row, p.seq, 'PAYROLL_RESULT_ACCOUNT', '银行账号与花名册不符', 'The account does not match the roll', '银行账号'));
    const amount = parseYuan(c('金额(元)'));
    if (amount === null || amount !== Number(line.amount_fen)) add(problem(p.row, p.seq, 'PAYROLL_RESULT_AMOUNT', '金额与花名册不符', 'The amount does not match the roll', '金额(元)'));
    const status = resultOf(c('结果'));
    if (!status) return add(problem(p.row, p.seq, 'PAYROLL_RESULT_VALUE', '结果应为“成功”或“失败”', 'The result is 成功 (paid) or 失败 (failed)', '结果'));
    if (status === 'failed' && !c('失败原因')) add(problem(p.row, p.seq, 'PAYROLL_RESULT_REASON', '失败的发放须注明原因', 'A failed payment needs its reason', '失败原因'));
    const fen = amount ?? 0;
    if (status === 'paid') {
      paid++;
      paidFen += fen;
    } else {
      failed++;
      failedFen += fen;
    }
  };

  try {
    for await (const cells of readResultRows(path)) {
      rowNo++;
      if (!col) {
        const names = cells.map((h) => h.trim().replace(/^\uFEFF/, ''));
        const missing = REQUIRED.filter((k) => !names.includes(k));
        if (missing.length) {
          add(problem(rowNo, null, 'PAYROLL_RESULT_COLUMNS', `缺少列：${missing.join('、')}`, `Missing columns: ${missing.join(', ')}`, missing[0]));
          return report();
        }
        col = Object.fromEntries(REQUIRED.map((k) => [k, names.indexOf(k)])) as Record<Col, number>;
        continue;
      }
      const first = unescapeCell((cells[0] ?? '').trim());
      if (first === TOTAL_LABEL) {
        if (control) add(problem(rowNo, null, 'PAYROLL_RESULT_CONTROL', '合计行出现多次', 'More than one control-total row'));
        control = { row: rowNo, count: (cells[col['序号']] ?? '').trim(), amount: (cells[col['金额(元)']] ?? '').trim() };
        continue;
      }
      if (control) add(problem(rowNo, null, 'PAYROLL_RESULT_AFTER_CONTROL', '合计行之后还有数据', 'Rows after the control-total row'));
      rows++;
      const batchCell = unescapeCell((cells[col['批次号']] ?? '').trim());
      const seqText = (cells[col['序号']] ?? '').trim();
      if (batchCell !== roll.id) {
        add(problem(rowNo, null, 'PAYROLL_RESULT_ROLL', '批次号与本花名册不符', 'The batch number is not this roll', '批次号'));
        continue;
      }
      if (!/^\d{1,9}$/.test(seqText)) {
        add(problem(rowNo, null, 'PAYROLL_RESULT_SEQ', '序号应为正整数', 'The number is a positive whole number', '序号'));
        continue;
      }
      pending.push({ row: rowNo, cells, seq: Number(seqText) });
      if (pending.length >= LOOKUP) await flush();
    }
  } catch (e) {
    // A file the parser cannot read (bad quoting, not a spreadsheet): reported at the row it stopped at.
    add(problem(rowNo + 1, null, 'PAYROLL_RESULT_UNREADABLE', `文件无法读取：${(e as Error).message.slice(0, 200)}`, `The file cannot be read: ${(e as Error).message.slice(0, 200)}`));
    return report();
  }
  if (pending.length) await flush();
  if (!col) {
    add(problem(1, null, 'PAYROLL_RESULT_EMPTY', '文件为空', 'The file is empty'));
    return report();
  }
  // The bank file's control totals: the roll's payments less those held out of it.
  const expectedRows = bankTotalsOf(roll).lines;
  const expectedFen = bankTotalsOf(roll).fen;
  const filed = paidFen + failedFen;
  if (!control) add(problem(rowNo + 1, null, 'PAYROLL_RESULT_CONTROL', '缺少合计行', 'The control-total row is missing'));
  else {
    if (control.count !== String(rows) || control.count !== String(expectedRows)) {
      add(problem(control.row, null, 'PAYROLL_RESULT_CONTROL_COUNT', `合计笔数 ${control.count} 与明细（${rows}）或花名册（${expectedRows}）不符`, `Control count ${control.count} differs from the rows (${rows}) or the roll (${expectedRows})`, '序号'));
    }
    const controlFen = parseYuan(control.amount);
    if (controlFen === null || controlFen !== filed || controlFen !== expectedFen) {
      add(problem(control.row, null, 'PAYROLL_RESULT_CONTROL_AMOUNT', '合计金额与明细或花名册不符', 'The control amount differs from the rows or the roll', '金额(元)'));
    }
  }
  if (seen.size !== expectedRows) {
    add(problem(rowNo, null, 'PAYROLL_RESULT_INCOMPLETE', `回盘应包含全部 ${expectedRows} 笔发放，实有 ${seen.size} 笔`, `The result must cover all ${expectedRows} payments; it covers ${seen.size}`));
  }
  return report();
}

/** Pass two: the outcomes of a file already found valid, in batches. */
async function* outcomes(path: string): AsyncGenerator<{ seq: number; status: 'paid' | 'failed'; reason: string | null }[]> {
  let col: Record<Col, number> | null = null;
  let batch: { seq: number; status: 'paid' | 'failed'; reason: string | null }[] = [];
  for await (const cells of readResultRows(path)) {
    if (!col) {
      const names = cells.map((h) => h.trim().replace(/^\uFEFF/, ''));
      col = Object.fromEntries(REQUIRED.map((k) => [k, names.indexOf(k)])) as Record<Col, number>;
      continue;
    }
    if (unescapeCell((cells[0] ?? '').trim()) === TOTAL_LABEL) continue;
    const status = resultOf(cells[col['结果']] ?? '') as 'paid' | 'failed';
    const reason = unescapeCell((cells[col['失败原因']] ?? '').trim()) || null;
    batch.push({ seq: Number((cells[col['序号']] ?? '').trim()), status, reason: status === 'failed' ? reason?.slice(0, 200) ?? null : null });
    if (batch.length >= 500) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}
