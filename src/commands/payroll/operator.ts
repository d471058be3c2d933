import type { ImportReport, Program, RollProgram } from '../../contracts/payroll.ts';
import { resolveConnectOptions } from '../../db/connect.ts';
import { type CommandContext, requirePermission } from '../context.ts';
import type { BankFormat } from './bank-file.ts';
import { resultOf } from './build-roll.ts';
import { startExportThread } from './export-thread.ts';
import { importResults } from './import-results.ts';
import { payrollRepo } from './payroll-context.ts';

/* The CLI's payroll commands: the operator works on the server with the whole city in view (like `doudi deadlines`). */

export interface OperatorRoll {
  rollId: string;
  county: string;
  program: RollProgram;
  month: string;
  kind: string;
  status: string;
  lines: number;
  persons: number;
  totalFen: number;
}

/** Rolls, newest month first (totals only: no personal data). */
export async function listRollTotals(ctx: CommandContext, o: { county?: string; program?: Program; limit?: number }): Promise<OperatorRoll[]> {
  requirePermission(ctx.actor, 'payroll.read');
  const { rows } = await payrollRepo(ctx).listRolls({ county: o.county, program: o.program, page: 1, pageSize: o.limit ?? 100 });
  return rows.map((r) => ({ ...resultOf(r), kind: r.kind, status: r.status }));
}

/**
 * Writes a roll's bank file to `path` (audited as the operator's bulk read), in the export thread (export-thread.ts: a
 * worker with a small heap and its own connection, opened from the same environment as this process's).
 */
export async function exportRollToFile(ctx: CommandContext, o: { county: string; rollId: string; format: BankFormat; path: string }): Promise<{ filename: string }> {
  requirePermission(ctx.actor, 'payroll.export');
  const file = await startExportThread({
    connect: resolveConnectOptions(process.env),
    actor: ctx.actor,
    at: ctx.clock().toISOString(),
    county: o.county,
    rollId: o.rollId,
    format: o.format,
    path: o.path,
  });
  // Nothing flows through the stream: it ends when the thread has written the whole file.
  for await (const _ of file.stream);
  return { filename: file.filename };
}

export async function importResultsFile(ctx: CommandContext, o: { county: string; rollId: string; format: BankFormat; path: string }): Promise<ImportReport> {
  return importResults(ctx, { county: o.county, id: o.rollId, path: o.path, format: o.format });
}
