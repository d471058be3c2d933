import { addMonths, compareDates, daysInMonth, monthOf, type PlainDate, parsePlainDate, ymd } from '#kernel/plain-date.ts';

/** due: falls due today or later; overdue: late; missed: a whole review period has gone by since it fell due. */
export type OverdueTone = 'due' | 'overdue' | 'missed';

export interface OverdueStatus {
  tone: OverdueTone;
  days: number;
  /** Whole review periods gone by since the review fell due: the next review's day has passed too (a quarterly household 100 days late). */
  missedPeriods: number;
}

/** The same day `n` months later, the month's last day when it is shorter: how the schedule counts review intervals. */
function sameDayMonthsLater(d: PlainDate, n: number): PlainDate {
  const m = addMonths(monthOf(d), n);
  const y = Number(m.slice(0, 4));
  const mo = Number(m.slice(5, 7));
  return `${m}-${String(Math.min(ymd(d)[2], daysInMonth(y, mo))).padStart(2, '0')}` as PlainDate;
}

/** More than a hundred years of missed quarters is a data error, not a caseload: stop counting there. */
const MAX_PERIODS = 400;

/**
 * How late a periodic review (动态管理复核) is, from the server's figures (`daysOverdue` is counted by the server on its
 * own day, which the page shows as `today`). A review that has missed a whole period is the urgent kind: the household
 * has gone a full extra interval unreviewed.
 */
export function overdueStatus(o: { nextDue: string; intervalMonths: number; daysOverdue: number; today: string }): OverdueStatus {
  const due = parsePlainDate(o.nextDue);
  const today = parsePlainDate(o.today);
  let missed = 0;
  if (due && today && o.intervalMonths > 0 && o.daysOverdue > 0) {
    while (missed < MAX_PERIODS && compareDates(sameDayMonthsLater(due, (missed + 1) * o.intervalMonths), today) < 0) missed++;
  }
  const tone: OverdueTone = o.daysOverdue <= 0 ? 'due' : missed > 0 ? 'missed' : 'overdue';
  // A review not yet due (listed as due soon) counts the days until it: `days` is always a distance, never negative.
  return { tone, days: Math.abs(o.daysOverdue), missedPeriods: missed };
}

/** The i18n key and values that say how late a review is ("逾期 77 天", "已错过 1 个复核周期", "12 天后到期"). */
export function overdueLabel(s: OverdueStatus): { key: string; values: Record<string, number> }[] {
  if (s.tone === 'due') return [s.days === 0 ? { key: 'reviewDesk.overdue.dueToday', values: {} } : { key: 'reviewDesk.overdue.dueIn', values: { count: s.days } }];
  const out = [{ key: 'reviewDesk.overdue.days', values: { count: s.days } }];
  if (s.missedPeriods > 0) out.push({ key: 'reviewDesk.overdue.missed', values: { count: s.missedPeriods } });
  return out;
}

/** Exits that leave a follow-up task, by the basis of the term that ended the benefit (the server's term bases). */
export const EXIT_BASES = ['stop', 'termination', 'review_stop', 'gradual_exit_end'] as const;

/** The label key of an exit's basis; null for a basis this page does not know (then the raw basis is shown). */
export function exitBasisKey(basis: string): string | null {
  return (EXIT_BASES as readonly string[]).includes(basis) ? `reviewDesk.exitBasis.${basis}` : null;
}
