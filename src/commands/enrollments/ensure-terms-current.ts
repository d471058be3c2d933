import type { AuditActor } from '../../db/audit.ts';
import type { Db } from '../../db/connect.ts';
import type { PlainMonth } from '../../kernel/plain-date.ts';
import { auditActor, operatorActor } from '../context.ts';
import { loadParameterSet } from '../policy/parameters.ts';
import { scheduleMissingReviews } from './review-schedule.ts';
import { type RecalculateResult, recalculateCounty } from './recalculate.ts';

/**
 * For payroll, before a roll of `month` is built for `county`: every recalculation the parameters call for is written,
 * and enrollments not yet scheduled for review are scheduled. Idempotent; when nothing changed it reads one index.
 */
export async function ensureTermsCurrent(db: Db, o: { county: string; month: PlainMonth | string; now?: Date; actor?: AuditActor }): Promise<RecalculateResult> {
  const ps = await loadParameterSet(db);
  const now = o.now ?? new Date();
  const actor = o.actor ?? auditActor(operatorActor({ name: 'system:recalculation', areaCode: `${o.county}000000` }));
  const r = await recalculateCounty(db, ps, { county: o.county, now, actor });
  await scheduleMissingReviews(db, ps, { county: o.county, now, actor });
  return r;
}
