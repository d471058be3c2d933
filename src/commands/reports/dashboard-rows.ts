import { type DashboardFigureKey, type DashboardRows, DashboardRowsQuery } from '../../contracts/dashboard.ts';
import { DashboardRepo } from '../../db/dashboard-repo.ts';
import { getDivision } from '../../db/division-repo.ts';
import { recordBulkRead } from '../../db/read-audit.ts';
import { notFound, outOfArea, scopeOf } from '../../db/scope.ts';
import { isWithin, normaliseDivisionCode } from '../../kernel/division-code.ts';
import { AppError } from '../../kernel/errors.ts';
import { monthOf } from '../../kernel/plain-date.ts';
import { type CommandContext, requirePermission, todayOf } from '../context.ts';
import { areaNames } from '../payroll/present.ts';
import { FIGURE_ROWS_PAGE, presentFigureRow } from './figure-rows.ts';

const MEASURE: Record<DashboardFigureKey, DashboardRows['measure']> = {
  dibaoHouseholds: 'rows',
  dibaoPersons: 'persons',
  tekunPersons: 'persons',
  registeredPoorPersons: 'persons',
  registeredPersons: 'rows',
  spendDibao: 'amount',
  spendTekun: 'amount',
  spendTemporary: 'amount',
  spendHeating: 'amount',
  overdueCases: 'rows',
  overdueReviews: 'rows',
  overduePaperwork: 'rows',
  rollsAwaitingApproval: 'rows',
  spotCheckProblems: 'rows',
  screeningOpen: 'rows',
  anomalies: 'rows',
};

/**
 * 驾驶舱数字背后的名单 The records behind one figure of an area's dashboard for a month (issue 15 point 4: "every number
 * clickable to its list"): the same definitions the dashboard counts (DashboardRepo's fragments), a page at a time, with
 * the list's totals — their number, persons or amount is the figure. Permission `dashboard.read`, the area the user's or
 * inside it (else refused); a page of names is audited (counts only). Rolls awaiting approval are a county's: none below.
 */
export async function dashboardRows(ctx: CommandContext, input: unknown): Promise<DashboardRows> {
  requirePermission(ctx.actor, 'dashboard.read');
  const parsed = DashboardRowsQuery.safeParse(input ?? {});
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.map(String).join('.') || 'figure';
    throw new AppError('DASHBOARD_QUERY', { zh: '请指明区划、月份（YYYY-MM）和驾驶舱上的一个数字', en: 'Name the area, the month (YYYY-MM) and one figure of the dashboard' }, { status: 400, field });
  }
  const q = parsed.data;
  const own = normaliseDivisionCode(ctx.actor.areaCode);
  const code = q.area ? normaliseDivisionCode(q.area) : own;
  if (!isWithin(code, own)) throw outOfArea('area');
  const division = await getDivision(ctx.db.kysely, code);
  if (!division || !['city', 'county', 'township', 'village'].includes(division.level)) throw notFound({ zh: '区划', en: 'Division' });
  if (q.figure === 'rollsAwaitingApproval' && !['city', 'county'].includes(division.level)) {
    throw new AppError('DASHBOARD_NO_LIST', { zh: '花名册按县编制：乡镇和村没有待审批花名册名单', en: 'Rolls are a county’s: a township or village has no list of rolls awaiting approval' }, { status: 400, field: 'figure' });
  }
  const today = todayOf(ctx);
  const month = q.month ?? monthOf(today);
  const limit = q.limit ?? FIGURE_ROWS_PAGE;
  const repo = new DashboardRepo(ctx.db.kysely, scopeOf(code), 12);
  const page = await repo.drillPage(q.figure, month, today, q.after ?? null, limit);
  const names = await areaNames(ctx.db.kysely, page.rows.map((r) => r.area_code));
  await recordBulkRead(
    ctx.db.kysely,
    { userId: ctx.actor.userId, username: ctx.actor.username },
    { chain: scopeOf(code).countyCode ?? 'city', action: 'dashboard.rows', entityType: 'dashboard', entityId: `${code}/${month}`, detail: { figure: q.figure, returned: page.rows.length, total: page.total.rows } },
    ctx.clock().toISOString(),
  );
  return {
    area: { code: division.code, name: division.name, level: division.level as DashboardRows['area']['level'] },
    month,
    today,
    figure: q.figure,
    measure: MEASURE[q.figure],
    total: page.total,
    rows: page.rows.map((r) => presentFigureRow(r, names)),
    next: page.rows.length === limit ? page.rows[page.rows.length - 1].row_key : null,
  };
}
