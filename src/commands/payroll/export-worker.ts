import { createWriteStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { connect, resolveConnectOptions } from '../../db/connect.ts';
import { isAppError } from '../../kernel/errors.ts';
import type { BankFormat } from './bank-file.ts';
import { prepareExportCli } from './export-roll.ts';
import type { PayrollActor } from './payroll-context.ts';

/** The operator's bank-file export in a thread of its own (see operator.ts): its own connection, one file, then it ends. */
export interface ExportJob {
  env: NodeJS.ProcessEnv;
  actor: PayrollActor;
  county: string;
  rollId: string;
  format: BankFormat;
  path: string;
}

const job = workerData as ExportJob;
const port = parentPort;
const db = await connect(resolveConnectOptions(job.env));
try {
  const file = await prepareExportCli(db, job.actor, { county: job.county, id: job.rollId }, job.format);
  await file.write(createWriteStream(job.path, { mode: 0o600 }));
  port?.postMessage({ ok: true, filename: file.filename });
} catch (e) {
  port?.postMessage({ ok: false, error: isAppError(e) ? { code: e.code, messages: e.messages, field: e.field, status: e.status } : { code: 'INTERNAL', messages: { zh: '导出失败', en: String((e as Error)?.message ?? e) }, status: 500 } });
} finally {
  await db.close();
}
