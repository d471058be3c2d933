import type { Kysely, Transaction } from 'kysely';
import type { CaseDetail } from '../../contracts/cases.ts';
import { CaseRecordsRepo } from '../../db/case-records-repo.ts';
import { getDivision } from '../../db/division-repo.ts';
import type { CaseEventTable, Database } from '../../db/schema.ts';
import { type Fen, formatYuan } from '../../kernel/money.ts';
import { ScreeningRepo } from '../../db/screening-repo.ts';
import { TemporaryRepo } from '../../db/temporary-repo.ts';
import { presentTemporaryAid } from './present-temporary.ts';
import { scopeOf } from '../../db/scope.ts';
import { type CommandContext, recordRead, requirePermission, todayOf } from '../context.ts';
import { type CaseRef, casesFor, requireCase } from './case-context.ts';
import { presentCare, tekunCareFor } from '../enrollments/tekun-care.ts';
import { parameterSetOf } from '../policy/parameters.ts';
import { fourDeliberationFacts, fourDeliberationRows, presentFourDeliberations } from './four-deliberations.ts';
import { nextStepsFor, presentDetail } from './present-case.ts';

/** The case page's data, read through the user's scope (inside a step's transaction, or on its own). */
export async function loadCaseDetail(ctx: CommandContext, db: Kysely<Database> | Transaction<Database>, ref: CaseRef): Promise<CaseDetail> {
  const repo = casesFor(ctx, db);
  const row = await requireCase(repo, ref);
  const today = todayOf(ctx);
  const temporary = row.program === 'temporary' ? new TemporaryRepo(db, repo.scope) : null;
  const [events, records, area, reviewers, fd, ps] = await Promise.all([
    repo.events(row.county_code, row.id),
    new CaseRecordsRepo(db).all(row.county_code, row.id),
    getDivision(db, row.area_code),
    repo.actorsOf(row.county_code, row.id, 'township_review'),
    fourDeliberationRows(db, row.county_code, row.id),
    parameterSetOf(db),
  ]);
  const detail = presentDetail(row, {
    tekunCare: row.program === 'tekun' ? await caseCare(ctx, db, row.county_code, row.id) : null,
    areaName: area?.name ?? row.area_code,
    today,
    events,
    records,
    nextSteps: nextStepsFor(row, ctx.actor, today, reviewers, fourDeliberationFacts(fd), temporary ? await temporary.factsOf(row.county_code, row.id) : undefined),
    fourDeliberations: presentFourDeliberations(row, fd, ps, today),
  });
  const withTemporary = temporary ? { ...detail, temporary: await presentTemporaryAid(temporary, row.county_code, row.id, today) } : detail;
  if (row.origin === 'screening') return { ...withTemporary, screening: await screeningOrigin(db, row.county_code, row.id) };
  if (row.origin === 'outreach') return { ...withTemporary, outreach: outreachOrigin(events) };
  return withTemporary;
}

/** The outreach row a case was opened from (ADR 0047), as its application recorded it: the month and the engine's figure. */
function outreachOrigin(events: readonly CaseEventTable[]): CaseDetail['outreach'] {
  const apply = events.find((e) => e.step === 'apply');
  const o = (apply ? (JSON.parse(apply.payload) as { outreach?: { month?: string; monthlyFen?: number | null } }) : {}).outreach;
  return o?.month ? { month: o.month, monthlyYuan: typeof o.monthlyFen === 'number' ? formatYuan(o.monthlyFen as Fen) : null } : null;
}

/** The screening ledger row a case was opened from (ADR 0035): the case was read through the user's scope already. */
async function screeningOrigin(db: Kysely<Database> | Transaction<Database>, county: string, id: string): Promise<CaseDetail['screening']> {
  const r = await new ScreeningRepo(db, scopeOf(`${county}000000`)).rowOfCase(county, id);
  return r ? { campaignId: r.campaign_id, campaignCounty: r.campaign_area.slice(0, 6), countyCode: r.county_code, hhNo: r.hh_no, year: Number(r.year) } : null;
}

/** The care record of a tekun case in force (its latest month), presented. */
async function caseCare(ctx: CommandContext, db: Kysely<Database> | Transaction<Database>, county: string, id: string): Promise<CaseDetail['tekunCare']> {
  const repo = tekunCareFor(ctx.actor, db);
  const rows = await repo.careOf(county, 'case', [id]);
  const last = rows.at(-1);
  if (!last) return null;
  const [ps, institutions] = await Promise.all([parameterSetOf(db), repo.institutions(county, { all: true })]);
  return presentCare(last, ps, institutions);
}

/** 案件详情 A case with its records, timeline and the steps it waits for. */
export async function getCase(ctx: CommandContext, ref: CaseRef): Promise<CaseDetail> {
  requirePermission(ctx.actor, 'cases.read');
  const detail = await loadCaseDetail(ctx, ctx.db.kysely, ref);
  await recordRead(ctx, { chain: detail.countyCode, action: 'case.read', entityType: 'case', entityId: detail.id, detail: { household: detail.householdId } });
  return detail;
}
