import type { Db } from '../../db/connect.ts';
import { recordBulkRead } from '../../db/read-audit.ts';
import type { Actor } from '../context.ts';

/**
 * 越权访问记录 A signed-in user's request refused with 403 or not found with 404 on a route that names a record
 * (issue 9 point 17): who, which route and record, the answer — so an auditor sees attempts to reach records outside
 * one's area, not only the reads that succeeded. Group commit like the reads (ADR 0009); the answer has already been
 * decided and reveals nothing, so it does not wait for the event.
 */
export function recordRefusedAccess(
  db: Db,
  actor: Pick<Actor, 'userId' | 'username'>,
  r: { method: string; route: string; status: number; code: string; params: Record<string, unknown>; at: string },
): Promise<void> {
  const county = typeof r.params.county === 'string' && /^\d{6}$/.test(r.params.county) ? r.params.county : null;
  const id = typeof r.params.id === 'string' ? r.params.id.slice(0, 64) : null;
  return recordBulkRead(
    db.kysely,
    { userId: actor.userId, username: actor.username },
    {
      chain: county ?? 'city',
      action: 'access.refused',
      entityType: 'route',
      entityId: id,
      detail: { method: r.method, route: r.route, status: r.status, code: r.code, ...(county ? { county } : {}) },
    },
    r.at,
  );
}
