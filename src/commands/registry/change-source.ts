import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';

/**
 * Where a registry change was recorded when not on the registry's own page: the review whose investigation found it
 * (issue 11 point 10). The audit events of the change name it, so the trail says "changed during review X".
 */
export interface ChangeSource {
  review: { countyCode: string; id: string };
}

/** A registry write run inside a caller's transaction (the review's investigation step), with its source. */
export interface RegistryWrite {
  trx: Transaction<Database>;
  source?: ChangeSource;
}

/** An audit event's detail with the change's source added (none for an edit made on the registry page). */
export function sourced(detail: Record<string, unknown> | undefined, source: ChangeSource | undefined): Record<string, unknown> | undefined {
  if (!source) return detail;
  return { ...detail, source: { kind: 'review', countyCode: source.review.countyCode, id: source.review.id } };
}
