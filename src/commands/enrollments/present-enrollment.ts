import type { EnrollmentAction, EnrollmentDetail, FamilyNoticeKind, TERMINATION_GROUNDS, TermView } from '../../contracts/enrollments.ts';
import type { EnrollmentTekunCare } from '../../contracts/tekun-care.ts';
import { can, ROLE_LABELS } from '../../contracts/roles.ts';
import type { EnrollmentRow } from '../../db/enrollment-repo.ts';
import type { EnrollmentTermTable, FollowUpTaskTable, ReviewCaseTable, ReviewScheduleTable, TerminationNoticeTable, IssuedDocumentTable } from '../../db/schema.ts';
import { formatYuan } from '../../kernel/money.ts';
import { loadDefaultPolicy } from '../../policy/loader.ts';
import { explainDetermination, explainReasonLine, type Glossary } from '../../rules/explain/explain.ts';
import { compareDates, monthOf, type PlainDate, type PlainMonth } from '../../kernel/plain-date.ts';
import { type ChangeKind, planChange, type TermStatus, termAt } from '../../workflow/review-terms.ts';
import { parseJson } from '../shared/json-text.ts';
import type { Actor } from '../context.ts';
import { presentReviewSummary } from './review-summary.ts';
import { effectiveMonth, termsOf } from './enrollment-context.ts';

/** Why a term was written, for people: the decision, the automatic recalculation, a change, a review… */
export const BASIS_LABELS: Record<string, { zh: string; en: string }> = {
  decision: { zh: '审批决定', en: 'approval decision' },
  recalculation: { zh: '政策参数调整自动重算', en: 'automatic recalculation (parameter change)' },
  suspend: { zh: '暂停发放', en: 'suspended' },
  resume: { zh: '恢复发放', en: 'resumed' },
  increase: { zh: '增发', en: 'increased' },
  reduce: { zh: '减发', en: 'reduced' },
  stop: { zh: '停发', en: 'stopped' },
  termination: { zh: '终止特困供养', en: 'tekun support terminated' },
  review: { zh: '复核调整', en: 'changed on review' },
  review_stop: { zh: '复核停发', en: 'stopped on review' },
  gradual_exit: { zh: '渐退期开始', en: 'gradual exit begins' },
  gradual_exit_end: { zh: '渐退期满', en: 'gradual exit ends' },
  care: { zh: '供养方式与护理等级变更', en: 'placement and care level changed' },
};

/** A term with its reasons and the engine's determination as stored, and both explained (src/rules/explain). */
export function presentTerm(t: EnrollmentTermTable, g: Glossary = loadDefaultPolicy()): TermView {
  const reasons = parseJson<string[]>(t.reasons, []);
  const determination = parseJson<unknown>(t.determination, null);
  return {
    fromMonth: t.from_month,
    status: t.status,
    amountFen: Number(t.amount_fen),
    amountYuan: formatYuan(Number(t.amount_fen)),
    basis: t.basis,
    basisLabel: BASIS_LABELS[t.basis] ?? { zh: t.basis, en: t.basis },
    reasons,
    reasonLines: reasons.map((line) => explainReasonLine(line, g)),
    determination,
    explanation: explainDetermination(determination, g),
    actorName: t.actor_name,
    createdAt: t.created_at,
  };
}

export interface EnrollmentParts {
  terms: readonly EnrollmentTermTable[];
  schedule: ReviewScheduleTable | undefined;
  reviews: readonly ReviewCaseTable[];
  notices: readonly TerminationNoticeTable[];
  task: FollowUpTaskTable | undefined;
  /** The numbered notices issued for its changes (ADR 0030). */
  documents?: readonly IssuedDocumentTable[];
  /** 供养方式与护理等级 (tekun): the record in force and its history, presented. */
  tekunCare?: EnrollmentTekunCare;
}

const NOT_ALLOWED = (a: Actor) => ({
  code: 'PERMISSION_DENIED',
  message: { zh: `您的角色（${ROLE_LABELS[a.role].zh}）无权执行此操作`, en: `Your role (${ROLE_LABELS[a.role].en}) may not do this` },
});

/** Which actions this user may take on the enrollment now, judged on status and role (the engine speaks when it is done). */
function actionsFor(row: EnrollmentRow, p: EnrollmentParts, actor: Actor, today: PlainDate): EnrollmentDetail['actions'] {
  const terms = termsOf(p.terms);
  const month = effectiveMonth(today);
  const now = termAt(terms, month);
  const running = p.notices.find((n) => n.state === 'running');
  const openReview = p.reviews.find((r) => r.open_enrollment !== null);
  const state = (kind: ChangeKind) => {
    // A stand-in engine verdict that agrees with the direction asked: only status and month are judged here.
    const fen = (now?.amountFen ?? 0) + (kind === 'reduce' ? -1 : 1);
    const plan = planChange({ kind, program: row.program, terms, month, engine: { eligible: true, fen: Math.max(fen, 1) } });
    return plan.ok ? null : { code: plan.refusal.code, message: plan.refusal.message };
  };
  const refusalOf = (action: EnrollmentAction) => {
    const approver = can(actor.role, 'cases.approve');
    switch (action) {
      case 'suspend':
      case 'resume':
      case 'increase':
      case 'reduce':
      case 'stop':
        return approver ? state(action) : NOT_ALLOWED(actor);
      case 'termination_notice':
        if (!approver) return NOT_ALLOWED(actor);
        if (row.program !== 'tekun') return { code: 'TERMINATION_NOT_TEKUN', message: { zh: '终止告知仅适用于特困供养', en: 'The termination notice is for tekun support' } };
        if (running) return { code: 'TERMINATION_NOTICE_RUNNING', message: { zh: '已有终止告知在期内', en: 'A termination notice is already running' } };
        return state('terminate');
      case 'termination_confirm':
      case 'termination_withdraw':
        if (!approver) return NOT_ALLOWED(actor);
        if (!running) return { code: 'NO_TERMINATION_NOTICE', message: { zh: '没有在期内的终止告知', en: 'No termination notice is running' } };
        if (action === 'termination_confirm' && compareDates(today, running.ends_on as PlainDate) < 0) {
          return { code: 'NOTICE_RUNNING', message: { zh: `告知期未满（至 ${running.ends_on}）`, en: `The notice runs until ${running.ends_on}` } };
        }
        return null;
      case 'open_review':
        if (!can(actor.role, 'cases.apply')) return NOT_ALLOWED(actor);
        if (row.status === 'ended') return { code: 'ENROLLMENT_ENDED', message: { zh: '待遇已终止', en: 'The benefit has ended' } };
        if (openReview) return { code: 'REVIEW_ALREADY_OPEN', message: { zh: '已有进行中的复核', en: 'A review is already open' } };
        return null;
      default: {
        const never: never = action;
        throw new Error(`unknown action ${String(never)}`);
      }
    }
  };
  const all: EnrollmentAction[] = ['suspend', 'resume', 'increase', 'reduce', 'stop', 'termination_notice', 'termination_confirm', 'termination_withdraw', 'open_review'];
  return all.map((action) => {
    const refusal = refusalOf(action);
    return { action, canTake: refusal === null, refusal };
  });
}

function monthState(terms: ReturnType<typeof termsOf>, month: PlainMonth) {
  const t = termAt(terms, month);
  return t ? { month, status: t.status as TermStatus, amountYuan: formatYuan(t.amountFen) } : null;
}

export function presentEnrollment(row: EnrollmentRow, p: EnrollmentParts, actor: Actor, today: PlainDate): EnrollmentDetail {
  const terms = termsOf(p.terms);
  const notice = p.notices.find((n) => n.state === 'running') ?? p.notices[0];
  return {
    tekunCare: row.program === 'tekun' ? (p.tekunCare ?? { current: null, history: [] }) : null,
    id: row.id,
    countyCode: row.county_code,
    program: row.program,
    unit: row.unit,
    householdId: row.household_id,
    headName: row.head_name,
    personId: row.person_id,
    personName: row.person_name,
    areaCode: row.area_code,
    registeredPoor: Number(row.registered_poor) === 1,
    decisionId: row.decision_id,
    startMonth: row.start_month,
    endMonth: row.end_month,
    status: row.status,
    version: Number(row.version),
    current: monthState(terms, monthOf(today)),
    next: monthState(terms, effectiveMonth(today)),
    terms: p.terms.map((t) => presentTerm(t)),
    schedule: p.schedule
      ? {
          reviewClass: p.schedule.review_class,
          intervalMonths: Number(p.schedule.interval_months),
          countedFrom: p.schedule.counted_from,
          nextDue: p.schedule.next_due,
          overdue: compareDates(p.schedule.next_due as PlainDate, today) < 0,
        }
      : null,
    reviews: p.reviews.map((r) => presentReviewSummary({ ...r, area_code: row.area_code, head_name: row.head_name }, today)),
    terminationNotice: notice
      ? {
          id: notice.id,
          ground: notice.ground as (typeof TERMINATION_GROUNDS)[number],
          reasons: parseJson<string[]>(notice.reasons, []),
          notifiedOn: notice.notified_on,
          endsOn: notice.ends_on,
          state: notice.state,
          effectiveMonth: notice.effective_month,
        }
      : null,
    followUp: p.task ? { id: p.task.id, state: p.task.state, exitMonth: p.task.exit_month } : null,
    actions: actionsFor(row, p, actor, today),
    familyNotices: (p.documents ?? []).map((d) => ({ id: d.id, kind: d.kind as FamilyNoticeKind, number: d.number, issuedOn: d.issued_on })),
  };
}
