import { randomUUID } from 'node:crypto';
import { CampaignBody, type CampaignCounts, type CampaignProgress, type CampaignView } from '../../contracts/rectification.ts';
import type { RuleCode } from '../../contracts/supervision.ts';
import { appendAudit } from '../../db/audit.ts';
import { divisionNames } from '../../db/division-repo.ts';
import { type CampaignCountsRow, campaignChain, type RectificationRepo } from '../../db/rectification-repo.ts';
import type { SupervisionCampaignTable } from '../../db/schema.ts';
import { inScope, narrowScope, notFound } from '../../db/scope.ts';
import { type CommandContext, actorName, auditActor, nowIso, requirePermission, staleVersion, todayOf } from '../context.ts';
import { presentFinding } from '../supervision/list-findings.ts';
import { actorScope, areaNamesOf, CAMPAIGN, rectificationError, rectificationRepo } from './rectification-context.ts';

/** The ledger's page: a campaign's findings shown at once (the export takes the rest). */
const LEDGER_LIMIT = 500;

/** The audit chain of a campaign: its county's, or the city's for a campaign over the city. */

const sum = (rows: readonly CampaignCountsRow[]): CampaignCounts =>
  rows.reduce((a, r) => ({ found: a.found + r.found, open: a.open + r.open, answered: a.answered + r.answered, closed: a.closed + r.closed, overdue: a.overdue + r.overdue }), { found: 0, open: 0, answered: 0, closed: 0, overdue: 0 });

function present(c: SupervisionCampaignTable, counts: CampaignCounts): CampaignView {
  return {
    id: c.id,
    area: c.area_code,
    year: Number(c.year),
    title: c.title,
    rules: JSON.parse(c.rules) as RuleCode[],
    startsOn: c.starts_on,
    endsOn: c.ends_on,
    status: c.status,
    createdByName: c.created_by_name,
    createdAt: c.created_at,
    version: Number(c.version),
    counts,
  };
}

/**
 * Groups into the open campaigns a reader sees any finding of their period not grouped yet, before they are counted:
 * the same set-based statement as at opening, in one transaction with its audit event when it grouped any. The run's
 * merge groups its new findings itself (run-anomalies.ts), so this finds nothing unless a finding reached the table
 * another way (a database restored from before that change); it stays as the guarantee the counts rest on.
 */
async function catchUp(ctx: CommandContext, campaigns: readonly SupervisionCampaignTable[]): Promise<void> {
  const at = nowIso(ctx);
  for (const c of campaigns) {
    if (c.status !== 'open') continue;
    await ctx.db.kysely.transaction().execute(async (trx) => {
      const n = await rectificationRepo(ctx, trx).groupIntoCampaign(c, at, { id: auditActor(ctx.actor).userId, name: actorName(ctx.actor) });
      if (n > 0) await appendAudit(trx, auditActor(ctx.actor), { chain: campaignChain(c), action: 'campaign.group', entityType: 'supervision_campaign', entityId: c.id, detail: { grouped: n } }, at);
    });
  }
}

/**
 * 开展专项治理 The city supervisor (over the city or one county) or a county's administrator (their county) opens a
 * campaign: its title, year, period and rules (none: every rule). The findings of its area first found within the
 * period, of its rules and of no campaign yet are grouped into it at once (one set-based UPDATE), in the transaction of
 * the campaign and its audit event.
 */
export async function openCampaign(ctx: CommandContext, body: unknown): Promise<CampaignView> {
  requirePermission(ctx.actor, 'campaigns.manage');
  const parsed = CampaignBody.safeParse(body ?? {});
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.map(String).join('.') || 'title';
    throw rectificationError('CAMPAIGN_INVALID', { zh: '请填写专项治理的名称、年度和起止日期（结束日期不早于开始日期）', en: 'Give the campaign’s title, year and period (the end not before the start)' }, field);
  }
  const b = parsed.data;
  const scope = narrowScope(actorScope(ctx), b.county);
  const at = nowIso(ctx);
  const row: SupervisionCampaignTable = {
    id: randomUUID(),
    area_code: b.county ? `${b.county}000000` : scope.areaCode,
    year: b.year,
    title: b.title,
    rules: JSON.stringify(b.rules),
    starts_on: b.startsOn,
    ends_on: b.endsOn,
    status: 'open',
    created_by: ctx.actor.userId,
    created_by_name: actorName(ctx.actor),
    created_at: at,
    updated_at: at,
    version: 1,
  };
  const today = todayOf(ctx);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const repo = rectificationRepo(ctx, trx);
    await repo.insertCampaign(row);
    const grouped = await repo.groupIntoCampaign(row, at, { id: auditActor(ctx.actor).userId, name: actorName(ctx.actor) });
    await appendAudit(trx, auditActor(ctx.actor), { chain: campaignChain(row), action: 'campaign.open', entityType: 'supervision_campaign', entityId: row.id, after: row, detail: { grouped } }, at);
    return present(row, sum(await repo.campaignCounts(row.id, today)));
  });
}

/** 专项治理列表 The campaigns the reader sees (their area's and those over it), counted over the reader's area. */
export async function listCampaigns(ctx: CommandContext): Promise<{ items: CampaignView[] }> {
  requirePermission(ctx.actor, 'findings.read');
  const repo = rectificationRepo(ctx);
  const campaigns = await repo.campaigns();
  await catchUp(ctx, campaigns);
  const today = todayOf(ctx);
  const items: CampaignView[] = [];
  for (const c of campaigns) items.push(present(c, sum(await repo.campaignCounts(c.id, today))));
  return { items };
}

async function visibleCampaign(repo: RectificationRepo, id: string): Promise<SupervisionCampaignTable> {
  const c = await repo.campaign(id);
  if (!c) throw notFound(CAMPAIGN);
  return c;
}

/**
 * 专项治理进度与台账 A campaign's progress per county (found, open, answered, closed, overdue) and its ledger (the
 * findings with their status), over the reader's area.
 */
export async function campaignProgress(ctx: CommandContext, id: string): Promise<CampaignProgress> {
  requirePermission(ctx.actor, 'findings.read');
  const repo = rectificationRepo(ctx);
  const c = await visibleCampaign(repo, id);
  await catchUp(ctx, [c]);
  const today = todayOf(ctx);
  const perCounty = await repo.campaignCounts(c.id, today);
  const names = await divisionNames(ctx.db.kysely, perCounty.map((r) => `${r.county_code}000000`));
  const ledger = await repo.campaignLedger(c.id, LEDGER_LIMIT);
  const total = sum(perCounty);
  const areaName = await areaNamesOf(ctx, ledger.map((f) => f.area_code));
  return {
    ...present(c, total),
    counties: perCounty.map((r) => {
      const name = names.get(`${r.county_code}000000`) ?? r.county_code;
      return { county: r.county_code, name: { zh: name, en: name }, found: r.found, open: r.open, answered: r.answered, closed: r.closed, overdue: r.overdue };
    }),
    ledger: ledger.map((f) => ({ ...presentFinding(f, today), areaName: areaName(f.area_code) })),
    ledgerTotal: total.found,
  };
}

/**
 * 结束专项治理 The campaign's opener level closes it once every finding of it is closed (409 otherwise), with the version
 * read (stale = 409) and the audit event in one transaction. A county cannot close the city's campaign (not its own area).
 */
export async function closeCampaign(ctx: CommandContext, id: string, body: { version: number }): Promise<CampaignView> {
  requirePermission(ctx.actor, 'campaigns.manage');
  const at = nowIso(ctx);
  const today = todayOf(ctx);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const repo = rectificationRepo(ctx, trx);
    const c = await visibleCampaign(repo, id);
    if (!inScope(repo.scope, c.area_code)) throw notFound(CAMPAIGN);
    if (c.version !== body.version) throw staleVersion(CAMPAIGN);
    if (c.status === 'closed') throw rectificationError('CAMPAIGN_CLOSED', { zh: '该专项治理已结束', en: 'This campaign is closed already' }, 'status', 409);
    if (await repo.campaignHasUnclosed(c.id)) {
      throw rectificationError('CAMPAIGN_UNCLOSED', { zh: '该专项治理仍有未销号的问题线索，全部销号后才能结束', en: 'Some findings of this campaign are not closed: close them all first' }, 'status', 409);
    }
    if (!(await repo.closeCampaign(c.id, c.version, at))) throw staleVersion(CAMPAIGN);
    const after: SupervisionCampaignTable = { ...c, status: 'closed', updated_at: at, version: c.version + 1 };
    await appendAudit(trx, auditActor(ctx.actor), { chain: campaignChain(c), action: 'campaign.close', entityType: 'supervision_campaign', entityId: c.id, before: c, after }, at);
    return present(after, sum(await repo.campaignCounts(c.id, today)));
  });
}
