import type { Kysely, Migration, Transaction } from 'kysely';
import { baselineStates } from '../audit-deep.ts';
import type { Database } from '../schema.ts';

/**
 * Issue 9 (ADR 0015): writes now carry their entity's state as the after-digest (audit-state.ts), and
 * `audit verify --deep` compares the stored rows with it. Rows written before did not (their events digested other
 * shapes, or nothing): each audited entity gets one `audit.baseline` event with its state as it stands at the
 * upgrade, so that changes from here on are detected. Edits made before the upgrade are not: the baseline trusts the
 * data it finds, as the ADR says. (Keyed: the events are hashed with the audit key, after 0011 re-keyed the chains.)
 */
export function auditBaseline(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const run = (q: Kysely<unknown> | Transaction<unknown>) =>
        baselineStates(q as Kysely<Database>, { userId: null, username: 'system:migration' }, new Date().toISOString(), 'migration 0011b: state digests introduced').then(() => {});
      if (db.isTransaction) await run(db);
      else await db.transaction().execute(run);
    },
  };
}
