import { randomUUID } from 'node:crypto';
import { CampaignOpen, type CampaignView } from '../../contracts/screening.ts';
import { appendAudit } from '../../db/audit.ts';
import { outOfArea, scopeOf } from '../../db/scope.ts';
import { AppError } from '../../kernel/errors.ts';
import { parsePlainDate, type PlainDate } from '../../kernel/plain-date.ts';
import { type CommandContext, actorName, auditActor, CITY_AREA, requirePermission, todayOf } from '../context.ts';
import { loadParameterSet } from '../policy/parameters.ts';
import { json } from '../shared/json-text.ts';
import { loadWorkingCalendar } from '../shared/working-calendar.ts';
import { campaignChain, presentCampaign, screeningRepo } from './screening-context.ts';

const DATE_ZH = (d: string) => d.replace(/^(\d{4})-(\d{2})-(\d{2})$/, (_, y, m, dd) => `${y}年${Number(m)}月${Number(dd)}日`);

/**
 * 开展集中排查 Opens a county's (or the city's, every county's) screening campaign for a year over every registered-poor
 * household of the latest poverty-registry snapshot of each county in scope: one ledger row per household, written
 * set-based, each with doudi's household it is matched to and whether that household is already on dibao or tekun
 * (a finding staff still conclude on). One campaign per scope and year, and none overlapping (a county's and the
 * city's of the same year). The deadline is a working day: a date given must be one, or so many working days from today.
 */
export async function openCampaign(ctx: CommandContext, raw: unknown): Promise<CampaignView> {
  requirePermission(ctx.actor, 'screening.open');
  const parsed = CampaignOpen.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue?.path[0] ?? 'year');
    if (issue?.message === 'SCOPE_ONE_OF') throw new AppError('CAMPAIGN_SCOPE', { zh: '请指定一个县（区），或选择全市', en: 'Give one county, or the whole city' }, { field: 'county' });
    if (issue?.message === 'DEADLINE_ONE_OF') throw new AppError('CAMPAIGN_DEADLINE', { zh: '请给出完成时限：一个日期，或若干个工作日', en: 'Give the deadline: a date, or a number of working days' }, { field: 'deadline' });
    throw new AppError('VALIDATION', { zh: `输入无效：${field}`, en: `Invalid input: ${field}` }, { field });
  }
  const input = parsed.data;
  const areaCode = input.city ? CITY_AREA : `${input.county}000000`;
  if (!areaCode.startsWith(scopeOf(ctx.actor.areaCode).prefix)) throw outOfArea('county');
  const ps = await loadParameterSet(ctx.db);
  if (input.county !== undefined && !ps.hasCounty(input.county)) {
    throw new AppError('COUNTY_UNKNOWN', { zh: `${input.county} 不是本市所辖县（区）`, en: `${input.county} is not a county of the city` }, { field: 'county' });
  }
  const today = todayOf(ctx);
  const calendar = await loadWorkingCalendar(ctx.db);
  let deadline: PlainDate;
  if (input.workingDays !== undefined) {
    deadline = calendar.addWorkingDays(today, input.workingDays);
  } else {
    const d = parsePlainDate(input.deadline!)!;
    if (d <= today) throw new AppError('DEADLINE_PAST', { zh: '完成时限须晚于今天', en: 'The deadline must be after today' }, { field: 'deadline' });
    if (!calendar.isWorkingDay(d)) {
      const next = calendar.workingDayOnOrAfter(d);
      throw new AppError(
        'DEADLINE_NOT_WORKING_DAY',
        { zh: `${DATE_ZH(d)}不是工作日（周末或法定节假日），其后第一个工作日是${DATE_ZH(next)}`, en: `${d} is not a working day (a weekend or public holiday); the next working day is ${next}` },
        { field: 'deadline', details: { next } },
      );
    }
    deadline = d;
  }
  if (!calendar.isCovered(Number(deadline.slice(0, 4)))) {
    throw new AppError(
      'CALENDAR_NOT_COVERED',
      { zh: `工作日历尚未收录${deadline.slice(0, 4)}年的节假日安排，请管理员先维护日历`, en: `The working-day calendar has no holiday arrangement for ${deadline.slice(0, 4)} yet; an administrator must add it first` },
      { field: 'deadline' },
    );
  }
  const at = ctx.clock().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const repo = screeningRepo(ctx.actor, trx);
    // One per scope and year; a county's and the city's campaigns of a year would give a household two rows.
    const clash = input.city
      ? (await repo.campaigns()).filter((c) => Number(c.year) === input.year)
      : await repo.campaignsOf(input.year, [areaCode, CITY_AREA]);
    if (clash.length > 0) {
      throw new AppError(
        'CAMPAIGN_EXISTS',
        { zh: `${input.year}年已有覆盖该范围的集中排查活动`, en: `A ${input.year} screening campaign already covers this area` },
        { status: 409, field: input.city ? 'city' : 'county', details: { campaignId: clash[0].id } },
      );
    }
    // The latest snapshot of each county in scope: the newer of the city's latest and the county's own latest.
    const snapshots = await repo.snapshots();
    const latest = new Map<string, { id: string; at: string }>();
    const cityLatest = snapshots.find((s) => s.area_code === CITY_AREA);
    if (cityLatest) for (const county of await repo.snapshotCounties(cityLatest.id)) latest.set(county, { id: cityLatest.id, at: cityLatest.imported_at });
    for (const s of snapshots) {
      if (s.area_code === CITY_AREA) continue;
      const county = s.area_code.slice(0, 6);
      const have = latest.get(county);
      if (!have || have.at < s.imported_at) latest.set(county, { id: s.id, at: s.imported_at });
    }
    const counties = input.city ? [...latest.keys()].filter((c) => ps.hasCounty(c)).sort() : [input.county!].filter((c) => latest.has(c));
    if (counties.length === 0) {
      throw new AppError(
        'NO_POVERTY_SNAPSHOT',
        { zh: '该范围还没有导入扶贫建档立卡数据，请先由扶贫办联络员导入', en: 'No poverty-registry snapshot covers this area yet; the poverty-office liaison imports one first' },
        { status: 409, field: input.city ? 'city' : 'county' },
      );
    }
    const id = randomUUID();
    const used = counties.map((county) => ({ county, snapshotId: latest.get(county)!.id }));
    await repo.insertCampaign({
      id,
      area_code: areaCode,
      year: input.year,
      snapshots: json(used),
      deadline,
      state: 'open',
      row_count: 0,
      opened_by_id: ctx.actor.userId,
      opened_by_name: actorName(ctx.actor),
      opened_at: at,
      closed_by_id: null,
      closed_by_name: null,
      closed_at: null,
      version: 1,
    });
    let rows = 0;
    for (const u of used) rows += await repo.createRows({ campaignId: id, county: u.county, snapshotId: u.snapshotId, seqFrom: rows, at });
    await trx.updateTable('screening_campaign').set({ row_count: rows }).where('id', '=', id).execute();
    const campaign = (await repo.campaign(id))!;
    await appendAudit(
      trx,
      auditActor(ctx.actor),
      { chain: campaignChain(areaCode), action: 'screening.open', entityType: 'screening_campaign', entityId: id, after: campaign, detail: { area: areaCode, year: input.year, deadline, rows, snapshots: used } },
      at,
    );
    return presentCampaign(ctx, trx, campaign, await repo.tallies(id), today);
  });
}
