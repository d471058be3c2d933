import type { SpotCheckView } from '../../contracts/cases.ts';
import { CaseRecordsRepo } from '../../db/case-records-repo.ts';
import type { SpotCheckItemTable, SpotCheckTable } from '../../db/schema.ts';
import { inScope, notFound, scopeOf } from '../../db/scope.ts';
import type { CommandContext } from '../context.ts';
import { recordRead, requirePermission } from '../context.ts';

export function presentSpotCheck(c: SpotCheckTable, items: SpotCheckItemTable[]): SpotCheckView {
  return {
    id: c.id,
    countyCode: c.county_code,
    areaCode: c.area_code,
    drawnAt: c.drawn_at,
    drawnBy: c.drawn_by,
    seed: Number(c.seed),
    rate: c.rate,
    batchSize: Number(c.batch_size),
    minimum: Number(c.minimum),
    items: items.map((i) => ({ caseId: i.case_id, sampled: Number(i.sampled) === 1, reason: i.reason, visitedOn: i.visited_on })),
  };
}

const SPOT_CHECK = { zh: '抽查批次', en: 'spot-check batch' };

/** 抽查批次 A drawn batch with its seed and sample, for users whose area covers the batch's area. */
export async function getSpotCheck(ctx: CommandContext, ref: { countyCode: string; id: string }): Promise<SpotCheckView> {
  requirePermission(ctx.actor, 'cases.read');
  const found = await new CaseRecordsRepo(ctx.db.kysely).spotCheck(ref.countyCode, ref.id);
  if (!found || !inScope(scopeOf(ctx.actor.areaCode), found.check.area_code)) throw notFound(SPOT_CHECK);
  const view = presentSpotCheck(found.check, found.items);
  await recordRead(ctx, { chain: ref.countyCode, action: 'spot_check.read', entityType: 'spot_check', entityId: ref.id, detail: { items: found.items.length } });
  return view;
}
