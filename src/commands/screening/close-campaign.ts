import type { CampaignView } from '../../contracts/screening.ts';
import { appendAudit } from '../../db/audit.ts';
import { outOfArea } from '../../db/scope.ts';
import { AppError } from '../../kernel/errors.ts';
import { type CommandContext, actorName, auditActor, requirePermission, staleVersion, todayOf } from '../context.ts';
import { CAMPAIGN, campaignChain, ownsScope, presentCampaign, requireCampaign, requireOpen, screeningRepo } from './screening-context.ts';

/**
 * 结束排查 Closes a campaign once every row of it has a conclusion (else refused, naming how many remain); a closed
 * campaign's ledger is read-only. The county closes its own campaign, the city the city's.
 */
export async function closeCampaign(ctx: CommandContext, ref: { campaignId: string }): Promise<CampaignView> {
  requirePermission(ctx.actor, 'screening.open');
  const at = ctx.clock().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const repo = screeningRepo(ctx.actor, trx);
    const c = await requireCampaign(repo, ref.campaignId);
    if (!ownsScope(ctx.actor, c.area_code)) throw outOfArea();
    requireOpen(c);
    const left = await repo.unconcluded(c.id);
    if (left > 0) {
      throw new AppError(
        'CAMPAIGN_ROWS_LEFT',
        { zh: `还有 ${left} 户的台账记录没有处理结论，全部作出结论后才能结束排查`, en: `${left} ledger rows have no conclusion yet; the campaign closes once every row has one` },
        { status: 409, details: { left } },
      );
    }
    const patch = { state: 'closed' as const, closed_by_id: ctx.actor.userId, closed_by_name: actorName(ctx.actor), closed_at: at };
    if (!(await repo.patchCampaign(c.id, Number(c.version), patch))) throw staleVersion(CAMPAIGN);
    const after = (await repo.campaign(c.id))!;
    await appendAudit(trx, auditActor(ctx.actor), { chain: campaignChain(c.area_code), action: 'screening.close', entityType: 'screening_campaign', entityId: c.id, before: c, after, detail: { rows: Number(c.row_count) } }, at);
    return presentCampaign(ctx, trx, after, await repo.tallies(c.id), todayOf(ctx));
  });
}
