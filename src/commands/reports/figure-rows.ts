import { type Drill, drillOf, type FigureRow, type FigureRows, FigureRowsQuery } from '../../contracts/report-drill.ts';
import { quarterFirstDay, quarterLastDay, quarterMonths } from '../../contracts/report.ts';
import { DRILL_DETAIL_LABELS, REPORT_PROGRAM_LABELS, type Words } from '../../contracts/report-words.ts';
import { RULE_NAMES, type RuleCode } from '../../contracts/supervision.ts';
import { type DrillDates, type DrillDbRow, ReportRepo } from '../../db/report-repo.ts';
import { recordBulkRead } from '../../db/read-audit.ts';
import { narrowScope, outOfArea, scopeOf } from '../../db/scope.ts';
import { chinaDateOf } from '../../kernel/plain-date.ts';
import { isTemporaryCategory, TEMPORARY_CATEGORY_LABELS } from '../../kernel/temporary-category.ts';
import { CASE_STATES, type CaseState, STATE_LABELS } from '../../workflow/case-types.ts';
import { type CommandContext, requirePermission, todayOf } from '../context.ts';
import { areaNames } from '../payroll/present.ts';
import { loadWorkingCalendar } from '../shared/working-calendar.ts';
import { decidedOnTime, divideHalfUp, periodOf } from './quarterly-figures.ts';
import { figureLeaves, reportError, reportKey, reportsRepo, snapshotOf } from './report-context.ts';

/** Rows per page unless asked otherwise. */
export const FIGURE_ROWS_PAGE = 100;

/**
 * 数字背后的名单 The rows behind one figure of a county's quarterly report (issue 15 point 1), a page at a time, with the
 * whole list's totals: the rows come from the same definitions the figure's statement aggregates (ReportRepo), so their
 * number, persons or amount is the figure computed now. The figure as reported beside them — frozen when the quarter
 * was submitted (a later change of the data shows as a difference, which the next report lists as a correction).
 * Permission `reports.read`, the county within the user's area (else refused as out of area); no ID numbers.
 */
export async function figureRows(ctx: CommandContext, input: { county: unknown; quarter: unknown; program?: unknown; figure?: unknown; after?: unknown; limit?: unknown }): Promise<FigureRows> {
  requirePermission(ctx.actor, 'reports.read');
  const key = reportKey(input, todayOf(ctx));
  const parsed = FigureRowsQuery.safeParse({ program: input.program, figure: input.figure, after: input.after || undefined, limit: input.limit || undefined });
  if (!parsed.success) {
    throw reportError('REPORT_FIGURE', { zh: '请指明报告中的一个数字（项目与指标）', en: 'Name one figure of the report (its group and its item)' }, String(parsed.error.issues[0]?.path[0] ?? 'figure'));
  }
  const q = parsed.data;
  const drill = drillOf(q.program, q.figure);
  if (!drill) {
    throw reportError('REPORT_FIGURE_NO_LIST', { zh: '该数字没有对应的名单（如保障标准取自政策参数）', en: 'This figure has no list behind it (a standard, for one, is a policy parameter)' }, 'figure');
  }
  if (narrowScope(scopeOf(ctx.actor.areaCode), key.county).prefix !== key.county) throw outOfArea('county');

  const [m1, , m3] = quarterMonths(key.quarter);
  const period = periodOf(quarterFirstDay(key.quarter), quarterLastDay(key.quarter));
  const yearPeriod = periodOf(`${key.quarter.slice(0, 4)}-01-01`, period.lastDay);
  const today = todayOf(ctx);
  const dates: DrillDates = { period, yearPeriod, fromMonth: m1, toMonth: m3, asOf: [today, period.lastDay].sort()[0] };
  const repo = new ReportRepo(ctx.db.kysely, scopeOf(`${key.county}000000`));
  const limit = q.limit ?? FIGURE_ROWS_PAGE;
  const after = q.after ?? null;

  const page = drill.kind === 'decided' ? await decidedPage(ctx, repo, drill, dates, after, limit) : await repo.drillPage(drill, dates, after, limit);
  const names = await areaNames(ctx.db.kysely, page.rows.map((r) => r.area_code));
  const row = await reportsRepo(ctx).report(key.county, key.quarter);
  // A page of names: the read is audited (counts only) before it is returned, by group commit (ADR 0009).
  await recordBulkRead(
    ctx.db.kysely,
    { userId: ctx.actor.userId, username: ctx.actor.username },
    { chain: key.county, action: 'report.rows', entityType: 'report', entityId: `${key.county}/${key.quarter}`, detail: { program: q.program, figure: q.figure, returned: page.rows.length, total: page.total.rows } },
    ctx.clock().toISOString(),
  );
  const frozen = row?.status === 'submitted' ? snapshotOf(row) : null;
  // A figure's name may stand in a program's row and in its section (heating's households): the one with a value.
  const leaf = frozen ? figureLeaves(frozen.figures).find((l) => l.program === q.program && l.figure === q.figure && typeof l.value === 'number') : undefined;
  const reported = frozen ? (typeof leaf?.value === 'number' ? leaf.value : null) : figureOf(drill, page.total);
  return {
    county: key.county,
    quarter: key.quarter,
    program: q.program,
    figure: q.figure,
    kind: drill.kind,
    measure: drill.measure,
    reported,
    frozen: frozen !== null,
    total: page.total,
    rows: page.rows.map((r) => presentFigureRow(r, names)),
    next: page.rows.length === limit ? page.rows[page.rows.length - 1].row_key : null,
  };
}

/** The figure the rows give, by the drill's measure. */
export function figureOf(d: Drill, t: { rows: number; persons: number; amountFen: number }): number | null {
  switch (d.measure) {
    case 'rows':
      return t.rows;
    case 'persons':
      return t.persons;
    case 'amount':
      return t.amountFen;
    case 'amountPerPerson':
      return t.persons > 0 ? divideHalfUp(t.amountFen, t.persons) : null;
  }
}

/** The decided cases, each tested on time by the workflow's deadline rule (as the figure is), filtered and paged here. */
async function decidedPage(ctx: CommandContext, repo: ReportRepo, d: Drill, t: DrillDates, after: string | null, limit: number) {
  const calendar = await loadWorkingCalendar(ctx.db);
  const all = (await repo.decidedCases(t.period)).map((c) => ({ c, onTime: decidedOnTime({ ...c, cases: 1 }, calendar) })).filter((x) => !d.onTime || x.onTime);
  const rows: DrillDbRow[] = all
    .filter((x) => after === null || x.c.case_id > after)
    .slice(0, limit)
    .map(({ c, onTime }) => ({
      row_key: c.case_id,
      household_id: c.household_id,
      head_name: c.head_name,
      area_code: c.area_code,
      persons: null,
      rp: null,
      amount: null,
      day: c.decided_on,
      case_id: c.case_id,
      enrollment_id: null,
      roll_id: null,
      detail: onTime ? 'onTime' : 'late',
    }));
  return { rows, total: { rows: all.length, persons: 0, amountFen: 0 } };
}

const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

/** A row behind a figure (the report's or the dashboard's) for the page: its area named, a bank instant as its day, its kind in words. */
export function presentFigureRow(r: DrillDbRow, names: Map<string, string>): FigureRow {
  // A bank's result is an instant: its day in Beijing; other days and months are as recorded.
  const day = r.day?.includes('T') ? chinaDateOf(new Date(r.day)) : r.day;
  return {
    key: r.row_key,
    householdId: r.household_id,
    headName: r.head_name,
    areaCode: r.area_code,
    areaName: names.get(r.area_code) ?? r.area_code,
    persons: num(r.persons),
    registeredPoor: r.rp === null ? null : Number(r.rp) === 1,
    amountFen: num(r.amount),
    date: day,
    caseId: r.case_id,
    enrollmentId: r.enrollment_id,
    rollId: r.roll_id,
    detail: r.detail,
    detailLabel: detailLabel(r.detail),
  };
}

/** A row's kind in words: a report program (dibao → 农村低保), a temporary category, a case state, or the drill's own words. */
function detailLabel(d: string | null): Words | null {
  if (d === null) return null;
  const own = (DRILL_DETAIL_LABELS as Record<string, Words>)[d] ?? (REPORT_PROGRAM_LABELS as Record<string, Words>)[d];
  if (own) return own;
  if (isTemporaryCategory(d)) return TEMPORARY_CATEGORY_LABELS[d];
  if (d in RULE_NAMES) return RULE_NAMES[d as RuleCode];
  if ((CASE_STATES as readonly string[]).includes(d)) return STATE_LABELS[d as CaseState];
  return { zh: d, en: d };
}
