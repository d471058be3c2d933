import type { ImportReport, Program } from '../../contracts/payroll.ts';
import { type Db, resolveConnectOptions } from '../../db/connect.ts';
import { PayrollRepo } from '../../db/payroll-repo.ts';
import { scopeOf } from '../../db/scope.ts';
import { CITY_AREA } from '../context.ts';
import type { BankFormat } from './bank-file.ts';
import { resultOf } from './build-roll.ts';
import { startExportThread } from './export-thread.ts';
import { importResults } from './import-results.ts';
import { cliActor } from './payroll-context.ts';

/** The CLI operator works on the server with the whole city in view (like `doudi deadlines`), as `cli:<user>`. */
const CITY = scopeOf(CITY_AREA);

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
 * Writes a roll's bank file to `path` (audited as the operator's bulk read), in the export thread (export-thread.ts: a
 * worker with a small heap and its own connection, opened from the same environment as this process's).
 */
export async function exportRollToFile(o: { county: string; rollId: string; format: BankFormat; path: string }): Promise<{ filename: string }> {
  const file = await startExportThread({
    connect: resolveConnectOptions(process.env),
    actor: cliActor(),
    area: CITY.areaCode,
    at: new Date().toISOString(),
    county: o.county,
    rollId: o.rollId,
    format: o.format,
    path: o.path,
  });
  // Nothing flows through the stream: it ends when the thread has written the whole file.
  for await (const _ of file.stream);
  return { filename: file.filename };
}

export async function importResultsFile(db: Db, o: { county: string; rollId: string; format: BankFormat; path: string }): Promise<ImportReport> {
  return importResults(db, cliActor(), CITY, { county: o.county, id: o.rollId, path: o.path, format: o.format });
}
