import type { FindingDetail } from '../../contracts/rectification.ts';
import { SupervisionRepo } from '../../db/supervision-repo.ts';
import { type CommandContext, requirePermission, todayOf } from '../context.ts';
import { actorScope, findingNotFound, presentDetail } from './rectification-context.ts';

/**
 * 问题线索详情 A finding of the reader's area with its rectification and its whole history (found, reopened when it
 * recurred after closing, answered, sent back, closed, grouped into a campaign). Out of area: not found. Facts hold
 * figures, dates and ids only (masked at the source), so this is not a read of personal data.
 */
export async function getFindingDetail(ctx: CommandContext, key: { county: string; id: string }): Promise<FindingDetail> {
  requirePermission(ctx.actor, 'findings.read');
  const repo = new SupervisionRepo(ctx.db.kysely, actorScope(ctx));
  const f = await repo.getFinding(key.county, key.id);
  if (!f) throw findingNotFound();
  return presentDetail(ctx, f, await repo.history(f.county_code, f.id), todayOf(ctx));
}
