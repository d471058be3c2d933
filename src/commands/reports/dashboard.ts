import { DashboardQuery, type DashboardDivision, type DashboardFigures, type DashboardLevel, type DashboardView } from '../../contracts/dashboard.ts';
import { DashboardRepo, emptyFigures } from '../../db/dashboard-repo.ts';
import { childDivisions, divisionPath, getDivision } from '../../db/division-repo.ts';
import type { DivisionTable } from '../../db/schema.ts';
import { notFound, outOfArea, scopeOf } from '../../db/scope.ts';
import { AppError } from '../../kernel/errors.ts';
import { isWithin, normaliseDivisionCode } from '../../kernel/division-code.ts';
import { monthOf } from '../../kernel/plain-date.ts';
import { type CommandContext, requirePermission, todayOf } from '../context.ts';

/** Each level's child level, and the digits of a 12-digit area code that name the child. */
const CHILD: Record<DashboardLevel, { level: DashboardLevel; length: number } | null> = {
  city: { level: 'county', length: 6 },
  county: { level: 'township', length: 9 },
  township: { level: 'village', length: 12 },
  village: null,
};

const isDashboardLevel = (l: string): l is DashboardLevel => l in CHILD;
const divisionOf = (d: DivisionTable): DashboardDivision => ({ code: d.code, name: d.name, level: d.level as DashboardLevel });

function queryOf(input: unknown): DashboardQuery {
  const r = DashboardQuery.safeParse(input ?? {});
  if (r.success) return r.data;
  const field = r.error.issues[0]?.path.map(String).join('.') || 'area';
  throw new AppError(
    'DASHBOARD_QUERY',
    field === 'month'
      ? { zh: '统计月份应写作 YYYY-MM，如 2019-09', en: 'The month is written YYYY-MM, e.g. 2019-09' }
      : { zh: '区划代码应为 12 位（或 6 位县级）数字', en: 'The area is a 12-digit (or 6-digit county) division code' },
    { status: 400, field },
  );
}

/**
 * 领导驾驶舱 The dashboard of an area for a month (issue 15 point 4): coverage, spending, overdue work and findings of
 * the area and of each of its child divisions (city → counties → townships → villages), so a leader drills down. The
 * area is the user's own or one inside it — a county user asking for the city or another county is refused (out of
 * area), a code that names no division is not found. The month defaults to the business day's (the training clock's in
 * demo mode); overdue work is counted as of the business day. Counts only, no personal data: nothing to audit. The
 * figures of an area, month and day are counted once and shared for a minute (`shared` below).
 */
export async function dashboard(ctx: CommandContext, input: unknown): Promise<DashboardView> {
  requirePermission(ctx.actor, 'dashboard.read');
  const q = queryOf(input);
  const db = ctx.db.kysely;
  const own = normaliseDivisionCode(ctx.actor.areaCode);
  const code = q.area ? normaliseDivisionCode(q.area) : own;
  if (!isWithin(code, own)) throw outOfArea('area');
  const today = todayOf(ctx);
  const month = q.month ?? monthOf(today);
  const { division, path, ...figures } = await shared(ctx, `${code}|${month}|${today}`, async () => {
    const division = await getDivision(db, code);
    if (!division || !isDashboardLevel(division.level)) throw notFound({ zh: '区划', en: 'Division' });
    return { division, path: await divisionPath(db, code), ...(await computeFigures(ctx, division, month, today)) };
  });
  // The breadcrumbs start at the reader's own area.
  const ownPath = path.filter((d) => isWithin(d.code, own) && isDashboardLevel(d.level));
  return { ...figures, area: divisionOf(division), path: ownPath.map(divisionOf), month, today };
}

/**
 * How long an area's figures are kept and shared by everyone who opens that dashboard: a leader's overview may be a
 * minute old (the page says when it was counted), and twenty people opening the city's at once then cost one count, not
 * twenty (bench/api.bench.ts). Per database handle, as the division names are (division-repo.ts); the permission and
 * the area are checked before, for every request.
 */
export const DASHBOARD_TTL_MS = 60_000;
const MAX_KEPT = 2_000;
type Figures = Pick<DashboardView, 'childLevel' | 'totals' | 'children' | 'computedAt'>;
/** What is kept: the division (a code naming none is not kept), its path from the top, and its figures. */
type Kept = Figures & { division: DivisionTable; path: DivisionTable[] };
const kept = new WeakMap<object, Map<string, { until: number; figures: Promise<Kept> }>>();

function shared(ctx: CommandContext, key: string, compute: () => Promise<Kept>): Promise<Kept> {
  let byKey = kept.get(ctx.db.kysely);
  if (!byKey) kept.set(ctx.db.kysely, (byKey = new Map()));
  const now = Date.now();
  const hit = byKey.get(key);
  if (hit && hit.until > now) return hit.figures;
  if (byKey.size >= MAX_KEPT) byKey.clear();
  const figures = compute();
  const entry = { until: now + DASHBOARD_TTL_MS, figures };
  byKey.set(key, entry);
  // A failed count is not kept: the next request counts again.
  figures.catch(() => {
    if (byKey.get(key) === entry) byKey.delete(key);
  });
  return figures;
}

/** Forgets every kept dashboard of this database (tests that change records between two readings). */
export function forgetDashboards(db: object): void {
  kept.delete(db);
}

async function computeFigures(ctx: CommandContext, division: DivisionTable, month: string, today: string): Promise<Figures> {
  const db = ctx.db.kysely;
  const code = division.code;
  const level = division.level as DashboardLevel;
  const child = CHILD[level];
  const scope = scopeOf(code);
  const repo = new DashboardRepo(db, scope, child?.length ?? 12);

  const byChild = new Map<string, DashboardFigures>();
  const at = (key: string) => {
    let f = byChild.get(key);
    if (!f) byChild.set(key, (f = emptyFigures()));
    return f;
  };
  // Independent statements, sent together: PostgreSQL runs them on the pool's connections at once, SQLite one after another.
  const [persons, coverage, spending, paidFirst, cases, reviews, paperwork, spotChecks, screening, findings, rolls] = await Promise.all([
    repo.registeredPersons(),
    repo.coverage(month),
    repo.rollSpending(month),
    repo.paidFirst(month),
    repo.overdueCases(today),
    repo.overdueReviews(today),
    repo.overduePaperwork(today),
    repo.spotCheckProblems(month),
    repo.screeningOpen(),
    repo.openFindings(),
    level === 'city' || level === 'county' ? repo.rollsAwaitingApproval() : Promise.resolve(null),
  ]);
  for (const r of persons) at(r.child).coverage.registeredPersons += r.n;
  for (const r of coverage) {
    const c = at(r.child).coverage;
    if (r.program === 'dibao') {
      c.dibaoHouseholds += r.households;
      c.dibaoPersons += r.persons;
    } else c.tekunPersons += r.persons;
    c.registeredPoorPersons += r.poorPersons;
  }
  for (const r of spending) {
    const s = at(r.child).spending[r.program];
    s.approvedFen += r.approved;
    s.paidFen += r.paid;
  }
  for (const r of paidFirst) {
    const s = at(r.child).spending.temporary;
    s.approvedFen += r.fen;
    s.paidFen += r.fen;
  }
  for (const r of cases) at(r.child).overdue.cases += r.n;
  for (const r of reviews) at(r.child).overdue.reviews += r.n;
  for (const r of paperwork) at(r.child).overdue.paperwork += r.n;
  for (const r of spotChecks) at(r.child).findings.spotCheckProblems += r.n;
  for (const r of screening) at(r.child).findings.screeningOpen += r.n;
  for (const r of findings) at(r.child).findings.anomalies += r.n;

  const totals = emptyFigures();
  for (const f of byChild.values()) addInto(totals, f);
  // Rolls are a county's: per county under the city, the county's own count on its dashboard, nothing below.
  if (rolls) {
    totals.overdue.rollsAwaitingApproval = rolls.reduce((n, r) => n + r.n, 0);
    if (level === 'city') for (const r of rolls) at(r.child).overdue.rollsAwaitingApproval = r.n;
  }

  const children = child ? (await childDivisions(db, code)).filter((d) => d.level === child.level) : [];
  return {
    computedAt: ctx.clock().toISOString(),
    childLevel: child?.level ?? null,
    totals,
    children: children.map((d) => {
      const f = byChild.get(d.code.slice(0, child?.length ?? 12)) ?? emptyFigures();
      if (level === 'city' && f.overdue.rollsAwaitingApproval === null) f.overdue.rollsAwaitingApproval = 0;
      return { division: divisionOf(d), figures: f };
    }),
  };
}

/** Adds `f`'s counts into `into` (the rolls awaiting approval are set by the caller, not summed here). */
function addInto(into: DashboardFigures, f: DashboardFigures): void {
  const c = into.coverage;
  c.dibaoHouseholds += f.coverage.dibaoHouseholds;
  c.dibaoPersons += f.coverage.dibaoPersons;
  c.tekunPersons += f.coverage.tekunPersons;
  c.registeredPoorPersons += f.coverage.registeredPoorPersons;
  c.registeredPersons += f.coverage.registeredPersons;
  for (const p of ['dibao', 'tekun', 'temporary', 'heating'] as const) {
    into.spending[p].approvedFen += f.spending[p].approvedFen;
    into.spending[p].paidFen += f.spending[p].paidFen;
  }
  into.overdue.cases += f.overdue.cases;
  into.overdue.reviews += f.overdue.reviews;
  into.overdue.paperwork += f.overdue.paperwork;
  into.findings.spotCheckProblems += f.findings.spotCheckProblems;
  into.findings.screeningOpen += f.findings.screeningOpen;
  into.findings.anomalies += f.findings.anomalies;
}
