import { quarterOf } from '../../contracts/report.ts';
import type { CorrectionView, OverdueReport, ReportListItem, ReportView } from '../../contracts/report-workflow.ts';
import type { QuarterlyReportTable } from '../../db/schema.ts';
import type { PlainDate } from '../../kernel/plain-date.ts';
import type { WorkingCalendar } from '../../kernel/working-days.ts';
import type { ParameterSet } from '../../policy/parameter-set.ts';
import { type CommandContext, requirePermission, todayOf } from '../context.ts';
import { loadParameterSet } from '../policy/parameters.ts';
import { loadWorkingCalendar } from '../shared/working-calendar.ts';
import { currentSnapshot } from './current-figures.ts';
import { pendingCorrections } from './submit-report.ts';
import { DEADLINE_PARAM, reportDeadline, reportKey, reportsRepo, snapshotOf } from './report-context.ts';

export const countyName = (ps: ParameterSet, code: string): string => ps.counties().find((c) => c.code === code)?.name.zh ?? code;

/**
 * 季度报告 A county's report of a quarter as it stands: submitted, its frozen snapshot (never recomputed) and the
 * corrections it listed; otherwise the draft (or nothing saved yet) with the figures computed now and the corrections its
 * submission would list. The deadline from the parameter, on the working-day calendar. A county outside the user's area
 * is refused (a county sees only its own reports).
 */
export async function getReport(ctx: CommandContext, input: { county: unknown; quarter: unknown }): Promise<ReportView> {
  requirePermission(ctx.actor, 'reports.read');
  const today = todayOf(ctx);
  const key = reportKey(input, today);
  const repo = reportsRepo(ctx);
  const [row, ps, calendar] = await Promise.all([repo.report(key.county, key.quarter), loadParameterSet(ctx.db), loadWorkingCalendar(ctx.db)]);
  const frozen = row ? snapshotOf(row) : null;
  let snapshot = frozen;
  let corrections: CorrectionView[];
  let correctionsOf: string | null = null;
  if (row?.status === 'submitted') {
    const rows = await repo.corrections(key.county, key.quarter);
    corrections = rows.map((c) => ({ ofQuarter: c.of_quarter, program: c.program, figure: c.figure, was: JSON.parse(c.was_value), now: JSON.parse(c.now_value), reason: c.reason }));
    correctionsOf = rows[0]?.of_quarter ?? null;
  } else {
    const [now, pending] = await Promise.all([currentSnapshot(ctx, key.county, key.quarter), pendingCorrections(ctx, key.county, key.quarter)]);
    snapshot = now;
    corrections = pending.changes.map((c) => ({ ofQuarter: pending.ofQuarter!, program: c.program, figure: c.figure, was: c.was, now: c.now, reason: null }));
    correctionsOf = pending.ofQuarter;
  }
  const d = reportDeadline(ps, calendar, key.county, key.quarter);
  const submittedDay = row?.submitted_at ? todayOf({ clock: () => new Date(row.submitted_at!) }) : null;
  return {
    county: key.county,
    countyName: countyName(ps, key.county),
    quarter: key.quarter,
    status: row?.status ?? 'none',
    source: frozen ? 'snapshot' : 'computed',
    figures: snapshot!.figures,
    figuresDigest: row?.figures_digest ?? null,
    registeredRuralPersons: snapshot!.registeredRuralPersons,
    text: { progress: row?.progress_text ?? '', problems: row?.problems_text ?? '', nextSteps: row?.next_steps_text ?? '' },
    draftedBy: row?.drafted_by_name ?? null,
    updatedAt: row?.updated_at ?? null,
    submittedBy: row?.submitted_by_name ?? null,
    submittedAt: row?.submitted_at ?? null,
    receivedBy: row?.received_by_name ?? null,
    receivedAt: row?.received_at ?? null,
    version: row?.version ?? 0,
    deadline: { due: d.due, workingDays: d.days, citation: d.citation, illustrative: d.illustrative, overdue: submittedDay ? submittedDay > d.due : today > d.due },
    corrections,
    correctionsOf,
  };
}

/** The reports of the user's area (a county its own; the city every county's), newest first; one quarter when asked. */
export async function listReports(ctx: CommandContext, input: { quarter?: string } = {}): Promise<ReportListItem[]> {
  requirePermission(ctx.actor, 'reports.read');
  const [rows, ps, calendar] = await Promise.all([reportsRepo(ctx).reports(input.quarter ? { quarter: input.quarter.trim().toUpperCase() } : {}), loadParameterSet(ctx.db), loadWorkingCalendar(ctx.db)]);
  return rows.map((r) => listItem(r, ps, calendar));
}

function listItem(r: QuarterlyReportTable, ps: ParameterSet, calendar: WorkingCalendar): ReportListItem {
  const due = reportDeadline(ps, calendar, r.county_code, r.quarter).due;
  const submittedDay = r.submitted_at ? todayOf({ clock: () => new Date(r.submitted_at!) }) : null;
  return {
    county: r.county_code,
    countyName: countyName(ps, r.county_code),
    quarter: r.quarter,
    status: r.status,
    submittedAt: r.submitted_at,
    receivedAt: r.received_at,
    due,
    late: submittedDay !== null && submittedDay > due,
  };
}

/** The quarters from the one the deadline parameter starts in to the last that ended before `today`, oldest first. */
export function reportableQuarters(ps: ParameterSet, today: PlainDate): string[] {
  const first = ps.history(DEADLINE_PARAM).map((e) => e.effectiveFrom).sort()[0];
  if (!first) return [];
  const out: string[] = [];
  let q = quarterOf(first);
  const current = quarterOf(today);
  while (q < current) {
    out.push(q);
    const y = Number(q.slice(0, 4));
    const n = Number(q.slice(5));
    q = n === 4 ? `${y + 1}Q1` : `${y}Q${n + 1}`;
  }
  return out;
}

/**
 * 逾期未报 The counties of the user's area whose report of an ended quarter was not submitted by its due day (the
 * deadline parameter's working days after the quarter), each with the working days since; oldest quarter first.
 */
export async function listOverdueReports(ctx: CommandContext): Promise<OverdueReport[]> {
  requirePermission(ctx.actor, 'reports.read');
  const today = todayOf(ctx);
  const repo = reportsRepo(ctx);
  const [rows, ps, calendar] = await Promise.all([repo.reports(), loadParameterSet(ctx.db), loadWorkingCalendar(ctx.db)]);
  const byKey = new Map(rows.map((r) => [`${r.county_code}/${r.quarter}`, r]));
  const out: OverdueReport[] = [];
  for (const quarter of reportableQuarters(ps, today)) {
    for (const c of ps.counties()) {
      if (!repo.covers(c.code)) continue;
      const r = byKey.get(`${c.code}/${quarter}`);
      if (r?.status === 'submitted') continue;
      const due = reportDeadline(ps, calendar, c.code, quarter).due;
      if (today <= due) continue;
      out.push({ county: c.code, countyName: c.name.zh, quarter, due, workingDaysOverdue: calendar.workingDaysBetween(due, today), status: r ? 'draft' : 'none' });
    }
  }
  return out;
}
