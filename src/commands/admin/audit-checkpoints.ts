import { type Checkpointer, headFileOf, startCheckpointer } from '../../db/audit-checkpoint.ts';
import type { Db } from '../../db/connect.ts';

export type { Checkpointer };

/**
 * The server keeps the audit chains' head file current (ADR 0015): a moment after each commit that appended events,
 * and on shutdown. A failed write (full or read-only disk) is logged and retried on the next append; a chain the
 * database no longer continues from the checkpointed event is logged as an error — that is tampering or an old copy
 * put in place, and the head file keeps the evidence.
 */
export function keepAuditCheckpoints(db: Db, log: { warn: (o: object, msg: string) => void; error: (o: object, msg: string) => void }): Checkpointer | null {
  const file = headFileOf(db);
  if (!file) return null;
  return startCheckpointer(db, {
    onError: (e) => log.warn({ file, cause: (e as NodeJS.ErrnoException)?.code ?? (e as Error)?.message }, 'audit checkpoint not written'),
    onDiverged: (chains) => log.error({ file, chains }, 'audit chains no longer continue from their checkpoint: run doudi audit verify'),
  });
}
