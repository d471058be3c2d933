import { addDays, compareDates, type PlainDate } from '../kernel/plain-date.ts';
import type { WorkingCalendar } from '../kernel/working-days.ts';
import type { CaseState } from './case-types.ts';
import type { ProcedureRules } from './procedure-rules.ts';

/** The dates a case's clock is measured from; all plain days, "today" is never read here. */
export interface ClockFacts {
  state: CaseState;
  rules: ProcedureRules;
  /** The day the case entered its current state. */
  stateSince: PlainDate;
  acceptedOn: PlainDate | null;
  noticeEndsOn: PlainDate | null;
  /** The day the case (last) reached the county. */
  countyReviewSince: PlainDate | null;
  /** The day of the latest objection to a county notice. */
  countyObjectionOn: PlainDate | null;
  /** 临时救助 先行救助: the day the paperwork is due (the county's parameter, counted when the aid was paid first). */
  paperworkDue?: PlainDate | null;
}

/** The last day of a notice posted on `postedOn`: the posting day is not counted (7 days = the 7 following days). */
export function noticeEnd(postedOn: PlainDate, rules: ProcedureRules): PlainDate {
  return addDays(postedOn, rules.noticeDays);
}

/**
 * The day the step the case waits for is due, or null when our sources set no deadline for it (acceptance, the
 * applicant's resubmission, the township review under nat-2012). Working days on the official calendar
 * (holidays and 调休 make-up days), notices in calendar days. Caps: nat-2021's total from acceptance, and the
 * re-investigation after an objection to the county notice.
 */
export function dueDate(f: ClockFacts, cal: WorkingCalendar): PlainDate | null {
  const r = f.rules;
  const wd = (from: PlainDate | null, n: number | null) => (from && n !== null ? cal.addWorkingDays(from, n) : null);
  let due: PlainDate | null;
  switch (f.state) {
    case 'applied':
    case 'incomplete':
    case 'deliberated':
      due = null;
      break;
    case 'accepted':
      due = wd(f.stateSince, r.investigationWd);
      break;
    case 'paid_first':
      due = f.paperworkDue ?? null;
      break;
    case 'investigated':
      due = wd(f.stateSince, r.deliberationWd);
      break;
    case 'village_notice':
      due = f.noticeEndsOn;
      break;
    case 'county_review':
      due = r.countyDecisionWd !== null ? wd(f.countyReviewSince ?? f.stateSince, r.countyDecisionWd) : wd(f.stateSince, r.countyOpinionWd);
      break;
    case 'county_notice':
      due = r.countyDecisionWd !== null ? wd(f.countyReviewSince ?? f.stateSince, r.countyDecisionWd) : wd(f.noticeEndsOn, r.decisionAfterNoticeWd);
      break;
    case 'approved':
    case 'refused':
    case 'closed_ineligible':
    case 'withdrawn':
      return null;
    default: {
      const never: never = f.state;
      throw new Error(`no deadline rule for state ${String(never)}`);
    }
  }
  const caps = [wd(f.acceptedOn, r.totalWd), wd(f.countyObjectionOn, r.decisionAfterObjectionWd)].filter((d): d is PlainDate => d !== null);
  for (const c of caps) if (due === null || compareDates(c, due) < 0) due = c;
  return due;
}

/** Overdue: the due day has passed (a step done on its due day is on time). */
export function isOverdue(due: PlainDate | null, today: PlainDate): boolean {
  return due !== null && compareDates(today, due) > 0;
}
