import type { Transaction } from 'kysely';
import type { CampaignView, RowSummary, Tally } from '../../contracts/screening.ts';
import type { Db } from '../../db/connect.ts';
import { divisionNames } from '../../db/division-repo.ts';
import { ScreeningRepo, type RowKey, type TallyRow } from '../../db/screening-repo.ts';
import type { Database, ScreeningCampaignTable, ScreeningRowTable } from '../../db/schema.ts';
import { notFound, scopeOf } from '../../db/scope.ts';
import { AppError } from '../../kernel/errors.ts';
import type { PlainDate } from '../../kernel/plain-date.ts';
import { type Actor, type CommandContext, CITY_AREA, may } from '../context.ts';
import { parseJson } from '../shared/json-text.ts';

type Q = Db['kysely'] | Transaction<Database>;

export const CAMPAIGN = { zh: '排查活动', en: 'screening campaign' };
export const ROW = { zh: '台账记录', en: 'ledger row' };
/** Where a household not yet in doudi's registry is registered (the web app's new-household form). */
export const REGISTRY_PATH = '/registry/new';

export const screeningRepo = (actor: Actor, q: Q): ScreeningRepo => new ScreeningRepo(q, scopeOf(actor.operator ? CITY_AREA : actor.areaCode));

export async function requireCampaign(repo: ScreeningRepo, id: string): Promise<ScreeningCampaignTable> {
  const c = await repo.campaign(id);
  if (!c) throw notFound(CAMPAIGN);
  return c;
}

export async function requireRow(repo: ScreeningRepo, k: RowKey): Promise<ScreeningRowTable> {
  const r = await repo.row(k);
  if (!r) throw notFound(ROW);
  return r;
}

export function requireOpen(c: ScreeningCampaignTable): void {
  if (c.state === 'open') return;
  throw new AppError('CAMPAIGN_CLOSED', { zh: '该排查活动已结束，台账只读', en: 'This campaign is closed; its ledger is read-only' }, { status: 409 });
}

/** Whether the actor's area contains the campaign's whole scope (opening and closing it is theirs). */
export function ownsScope(actor: Actor, areaCode: string): boolean {
  return areaCode.startsWith(scopeOf(actor.areaCode).prefix);
}

/** Unconcluded rows are overdue once the deadline has passed (and the campaign is still open). */
export function tallyOf(rows: readonly Pick<TallyRow, 'total' | 'done'>[], late: boolean): Tally {
  let total = 0;
  let done = 0;
  for (const r of rows) {
    total += r.total;
    done += r.done;
  }
  return { total, done, overdue: late ? total - done : 0 };
}

export const isLate = (c: Pick<ScreeningCampaignTable, 'state' | 'deadline'>, today: PlainDate): boolean => c.state === 'open' && today > c.deadline;

export async function presentCampaign(ctx: CommandContext, q: Q, c: ScreeningCampaignTable, tallies: readonly TallyRow[], today: PlainDate): Promise<CampaignView> {
  const names = await divisionNames(q, [c.area_code]);
  const a = ctx.actor;
  return {
    id: c.id,
    areaCode: c.area_code,
    county: c.area_code.slice(0, 6),
    areaName: names.get(c.area_code) ?? c.area_code,
    scope: c.area_code === CITY_AREA ? 'city' : 'county',
    year: Number(c.year),
    deadline: c.deadline,
    state: c.state,
    tally: tallyOf(tallies, isLate(c, today)),
    rowCount: Number(c.row_count),
    opened: { by: c.opened_by_name, name: c.opened_by_name, at: c.opened_at },
    closed: c.closed_at ? { by: c.closed_by_name ?? '', name: c.closed_by_name ?? '', at: c.closed_at } : null,
    version: Number(c.version),
    can: {
      fill: c.state === 'open' && may(a, 'screening.fill'),
      close: c.state === 'open' && may(a, 'screening.open') && ownsScope(a, c.area_code),
      export: may(a, 'screening.read'),
    },
  };
}

export async function presentRows(q: Q, rows: readonly ScreeningRowTable[]): Promise<RowSummary[]> {
  const names = await divisionNames(q, rows.flatMap((r) => [r.township_code, r.area_code]));
  return rows.map((r) => presentRow(r, names));
}

export function presentRow(r: ScreeningRowTable, names: ReadonlyMap<string, string>): RowSummary {
  return {
    campaignId: r.campaign_id,
    countyCode: r.county_code,
    hhNo: r.hh_no,
    seq: Number(r.seq),
    townshipCode: r.township_code,
    townshipName: names.get(r.township_code) ?? r.township_code,
    villageCode: r.area_code,
    villageName: names.get(r.area_code) ?? r.area_code,
    headName: r.head_name,
    attribute: r.attribute,
    status: r.status,
    exitYear: r.exit_year === null ? null : Number(r.exit_year),
    memberCount: Number(r.member_count),
    matched: r.matched_household_id !== null,
    coveredAtOpen: parseJson<('dibao' | 'tekun')[]>(r.covered_at_open, []),
    methodsCount: parseJson<unknown[]>(r.methods, []).length,
    conclusion: r.conclusion,
    case: r.case_id && r.case_county ? { countyCode: r.case_county, id: r.case_id } : null,
    version: Number(r.version),
  };
}

/** The audit trail's name of a row. */
export const rowEntityId = (k: Pick<ScreeningRowTable, 'campaign_id' | 'hh_no'>): string => `${k.campaign_id}/${k.hh_no}`;

/** The audit chain of a campaign's own events: its county's, or the city's. */
export const campaignChain = (areaCode: string): string => (areaCode === CITY_AREA ? 'city' : areaCode.slice(0, 6));
