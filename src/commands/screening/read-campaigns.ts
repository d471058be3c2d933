import type { CampaignList, CampaignRef, ProgressView, RowDetail, RowPage, RowQuery } from '../../contracts/screening.ts';
import { divisionNames } from '../../db/division-repo.ts';
import type { ScreeningRowTable } from '../../db/schema.ts';
import { formatYuan } from '../../kernel/money.ts';
import { monthOf, parsePlainMonth, type PlainMonth } from '../../kernel/plain-date.ts';
import { type CommandContext, may, recordRead, requirePermission, todayOf } from '../context.ts';
import { loadParameterSet } from '../policy/parameters.ts';
import { parseJson } from '../shared/json-text.ts';
import { assessFindings, type AssessedPerson, presentOption, type StoredFindings } from './assess-row.ts';
import { campaignChain, isLate, presentCampaign, presentRow, presentRows, REGISTRY_PATH, requireCampaign, requireRow, screeningRepo, tallyOf } from './screening-context.ts';

/**
 * Reading a campaign's progress is a report without personal data: the server's operator reads it too (`doudi
 * screening progress`), like the other reports (ADR 0024). Everything else needs `screening.read`.
 */
function requireReader(ctx: CommandContext, o: { report?: boolean } = {}): void {
  if (o.report && ctx.actor.operator) return;
  requirePermission(ctx.actor, 'screening.read');
}

/** 集中排查 The campaigns the reader's area takes part in, each with the reader's rows counted. */
export async function listCampaigns(ctx: CommandContext): Promise<CampaignList> {
  requireReader(ctx);
  const repo = screeningRepo(ctx.actor, ctx.db.kysely);
  const today = todayOf(ctx);
  const items = [];
  for (const c of await repo.campaigns()) items.push(await presentCampaign(ctx, ctx.db.kysely, c, await repo.tallies(c.id), today));
  return { items, canOpen: may(ctx.actor, 'screening.open') };
}

/** 排查进度 Rows, rows concluded and rows overdue per township and village of the reader's area. */
export async function campaignProgress(ctx: CommandContext, ref: Pick<CampaignRef, 'campaignId'>): Promise<ProgressView> {
  requireReader(ctx, { report: true });
  const repo = screeningRepo(ctx.actor, ctx.db.kysely);
  const c = await requireCampaign(repo, ref.campaignId);
  const today = todayOf(ctx);
  const tallies = await repo.tallies(c.id);
  const late = isLate(c, today);
  const names = await divisionNames(ctx.db.kysely, tallies.flatMap((t) => [t.township_code, t.area_code]));
  const townships = new Map<string, typeof tallies>();
  for (const t of tallies) townships.set(t.township_code, [...(townships.get(t.township_code) ?? []), t]);
  return {
    campaign: await presentCampaign(ctx, ctx.db.kysely, c, tallies, today),
    today,
    townships: [...townships].map(([code, villages]) => ({
      code,
      name: names.get(code) ?? code,
      ...tallyOf(villages, late),
      villages: villages.map((v) => ({ code: v.area_code, name: names.get(v.area_code) ?? v.area_code, ...tallyOf([v], late) })),
    })),
  };
}

/** 核查台账 A page of the ledger in the reader's area, filtered by village and by whether a row is concluded. */
export async function listRows(ctx: CommandContext, ref: Pick<CampaignRef, 'campaignId'>, q: RowQuery): Promise<RowPage> {
  requireReader(ctx);
  const repo = screeningRepo(ctx.actor, ctx.db.kysely);
  const c = await requireCampaign(repo, ref.campaignId);
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const { rows, total } = await repo.rows(c.id, { village: q.village, concluded: q.concluded === undefined ? undefined : q.concluded === 'yes', limit: pageSize, offset: (page - 1) * pageSize });
  await recordRead(ctx, { chain: campaignChain(c.area_code), action: 'screening.rows.read', entityType: 'screening_campaign', entityId: c.id, detail: { page, rows: rows.length } });
  return { items: await presentRows(ctx.db.kysely, rows), total, page, pageSize };
}

/** One ledger row: the office's members, the methods, the findings, the engine's assessment with its explanation, the conclusion. */
export async function getRow(ctx: CommandContext, ref: { campaignId: string; countyCode: string; hhNo: string }): Promise<RowDetail> {
  requireReader(ctx);
  const repo = screeningRepo(ctx.actor, ctx.db.kysely);
  const c = await requireCampaign(repo, ref.campaignId);
  const row = await requireRow(repo, { campaignId: c.id, countyCode: ref.countyCode, hhNo: ref.hhNo });
  await recordRead(ctx, { chain: row.county_code, action: 'screening.row.read', entityType: 'screening_row', entityId: `${row.campaign_id}/${row.hh_no}` });
  return presentRowDetail(ctx, c, row);
}

export async function presentRowDetail(ctx: CommandContext, c: { id: string; state: 'open' | 'closed'; deadline: string }, row: ScreeningRowTable): Promise<RowDetail> {
  const repo = screeningRepo(ctx.actor, ctx.db.kysely);
  const persons = await repo.persons(row);
  const names = await divisionNames(ctx.db.kysely, [row.township_code, row.area_code]);
  const findings = parseJson<StoredFindings | null>(row.findings, null);
  const stored = parseJson<{ month: string } | null>(row.assessment, null);
  let assessment: RowDetail['assessment'] = null;
  if (findings) {
    const ps = await loadParameterSet(ctx.db);
    const month = (stored ? parsePlainMonth(stored.month) : null) ?? (monthOf(todayOf(ctx)) as PlainMonth);
    const options = assessFindings({ persons: persons as AssessedPerson[], findings, county: row.county_code, month, ps, trace: true });
    assessment = { month, options: options.map((o) => presentOption(o, ps)) };
  }
  const detail = parseJson<{ kind?: string; personKey?: string; reason?: string; referrals?: string[] } | null>(row.conclusion_detail, null);
  return {
    ...presentRow(row, names),
    matched: persons.some((p) => p.matched_household_id !== null) || row.matched_household_id !== null,
    campaignState: c.state,
    deadline: c.deadline,
    members: persons.map((p) => ({
      personKey: p.person_key,
      name: p.name,
      relation: p.relation,
      birthDate: p.birth_date,
      health: p.health,
      disabilityGrade: p.disability_grade === null ? null : Number(p.disability_grade),
      laborCapacity: p.labor_capacity,
      matched: p.matched_person_id !== null,
    })),
    visit: row.visit_id && row.recorded_at ? { visitId: row.visit_id, recordedAt: row.recorded_at } : null,
    methods: parseJson(row.methods, []),
    findings: findings && {
      incomeAnnualPerCapitaYuan: formatYuan(findings.incomeAnnualPerCapitaFen),
      financialAssetsYuan: formatYuan(findings.financialAssetsFen),
      vehicles: findings.vehicles,
      members: findings.members.map(({ ownIncomeAnnualFen, ...m }) => ({
        ...m,
        disability: m.disability ?? null,
        ...(ownIncomeAnnualFen !== undefined ? { ownIncomeAnnual: formatYuan(ownIncomeAnnualFen) } : {}),
      })),
      note: findings.note,
    },
    assessment,
    conclusionDetail: detail && {
      kind: detail.kind ?? null,
      personKey: detail.personKey ?? null,
      reason: detail.reason ?? null,
      referrals: (detail.referrals ?? []) as never,
    },
    concludedOn: row.concluded_on,
    updated: row.updated_by_name ? { by: row.updated_by_name, at: row.updated_at } : null,
    registryPath: REGISTRY_PATH,
    can: { fill: c.state === 'open' && row.conclusion === null && may(ctx.actor, 'screening.fill') },
  };
}
