import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { ImportReport, Program } from '../../contracts/payroll.ts';
import type { Db } from '../../db/connect.ts';
import { PayrollRepo } from '../../db/payroll-repo.ts';
import { scopeOf } from '../../db/scope.ts';
import { AppError, type BilingualMessage } from '../../kernel/errors.ts';
import type { BankFormat } from './bank-file.ts';
import { resultOf } from './build-roll.ts';
import type { ExportJob } from './export-worker.ts';
import { importResults } from './import-results.ts';
import { cliActor } from './payroll-context.ts';

/** The CLI operator works on the server with the whole city in view (like `doudi deadlines`), as `cli:<user>`. */
const CITY = scopeOf('211200000000');

export interface OperatorRoll {
  rollId: string;
  county: string;
  program: Program;
  month: string;
  kind: string;
  status: string;
  lines: number;
  persons: number;
  totalFen: number;
}

/** Rolls, newest month first (totals only: no personal data). */
export async function listRollsAsOperator(db: Db, o: { county?: string; program?: Program; limit?: number }): Promise<OperatorRoll[]> {
  const { rows } = await new PayrollRepo(db.kysely, CITY).listRolls({ county: o.county, program: o.program, page: 1, pageSize: o.limit ?? 100 });
  return rows.map((r) => ({ ...resultOf(r), kind: r.kind, status: r.status }));
}

/**
 * Young generation of the export thread, MB. A bank file makes garbage at a steady rate (rows, cells, XML, zip
 * chunks); V8's default young generation (tens of MB per semi-space) would hold well over 100 MB of it between
 * collections. Small: the garbage is collected young and the export's RSS stays flat and low (bench/payroll.bench.ts).
 */
const EXPORT_YOUNG_MB = 8;
/**
 * Old generation of the export thread, MB: what the export keeps alive is flat (its modules, one batch of 1,000 lines,
 * the writer's state), well under this; the bound makes V8 collect long-lived garbage (zip chunks) before it piles up.
 */
const EXPORT_OLD_MB = 128;

/**
 * Writes a roll's bank file to `path` (audited as the operator's bulk read), in a worker thread with a small young
 * generation and its own connection (opened from the same environment as this process's).
 */
export async function exportRollToFile(o: { county: string; rollId: string; format: BankFormat; path: string }): Promise<{ filename: string }> {
  const job: ExportJob = { env: { ...process.env }, actor: cliActor(), county: o.county, rollId: o.rollId, format: o.format, path: o.path };
  const w = new Worker(new URL('./export-worker.ts', import.meta.url), { workerData: job, resourceLimits: { maxYoungGenerationSizeMb: EXPORT_YOUNG_MB, maxOldGenerationSizeMb: EXPORT_OLD_MB } });
  const [answer] = (await Promise.race([once(w, 'message'), once(w, 'error').then(([e]) => Promise.reject(e))])) as [ExportAnswer];
  await once(w, 'exit');
  if (!answer.ok) throw new AppError(answer.error.code, answer.error.messages, { field: answer.error.field, status: answer.error.status });
  return { filename: answer.filename };
}

type ExportAnswer = { ok: true; filename: string } | { ok: false; error: { code: string; messages: BilingualMessage; field?: string; status: number } };

export async function importResultsFile(db: Db, o: { county: string; rollId: string; format: BankFormat; path: string }): Promise<ImportReport> {
  return importResults(db, cliActor(), CITY, { county: o.county, id: o.rollId, path: o.path, format: o.format });
}
