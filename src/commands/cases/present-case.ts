import type { TemporaryFacts } from '../../db/temporary-repo.ts';
import type { CaseDetail, CaseEventView, CaseSummary } from '../../contracts/cases.ts';
import type { CaseRecordRows } from '../../db/case-records-repo.ts';
import { type CaseListRow, NO_DEADLINE } from '../../db/case-repo.ts';
import type { CaseEventTable } from '../../db/schema.ts';
import { formatYuan } from '../../kernel/money.ts';
import type { PlainDate } from '../../kernel/plain-date.ts';
import { loadDefaultPolicy } from '../../policy/loader.ts';
import { explainDetermination } from '../../rules/explain/explain.ts';
import { type CaseProgram, isFinal, STATE_LABELS, STEP_LABELS, type CaseState, type Step } from '../../workflow/case-types.ts';
import { isOverdue } from '../../workflow/deadlines.ts';
import { procedureRulesById, RULE_SET_IDS, type RuleSetId } from '../../workflow/procedure-rules.ts';
import { checkStep, pendingSteps, TRANSITIONS } from '../../workflow/transitions.ts';
import type { Actor } from '../context.ts';
import { factsOf, kindOf, stateOf } from './case-context.ts';
import { parseJson } from '../shared/json-text.ts';

/** The document a case's procedure follows (title and number), as staff read it: never the rule set's internal id. */
function ruleSetCitation(program: CaseProgram, id: string): string {
  return (RULE_SET_IDS as readonly string[]).includes(id) ? procedureRulesById(program, id as RuleSetId).citation : id;
}

export function dueOf(row: { due_date: string }): string | null {
  return row.due_date === NO_DEADLINE ? null : row.due_date;
}

export function presentSummary(row: CaseListRow, areaName: string, today: PlainDate): CaseSummary {
  const due = dueOf(row);
  return {
    id: row.id,
    countyCode: row.county_code,
    kind: kindOf(row),
    program: row.program,
    state: stateOf(row),
    stateLabel: STATE_LABELS[stateOf(row)],
    version: Number(row.version),
    householdId: row.household_id,
    applicantPersonId: row.applicant_person_id,
    applicantName: row.applicant_name,
    areaCode: row.area_code,
    areaName,
    staffRelative: Number(row.staff_relative) === 1,
    contested: Number(row.contested) === 1,
    ruleSet: row.rule_set,
    ruleSetCitation: ruleSetCitation(row.program as CaseProgram, row.rule_set),
    appliedOn: row.applied_on,
    dueDate: due,
    overdue: isOverdue(due as PlainDate | null, today),
  };
}

export function presentEvent(e: CaseEventTable): CaseEventView {
  return {
    seq: Number(e.seq),
    at: e.at,
    actorName: e.actor_name,
    actorRole: e.actor_role,
    step: e.step as Step,
    stepLabel: STEP_LABELS[e.step as Step],
    fromState: (e.from_state as CaseState | null) ?? null,
    toState: e.to_state as CaseState,
    payload: parseJson<Record<string, unknown>>(e.payload, {}),
    attachments: parseJson<string[]>(e.attachments, []),
  };
}

/** The steps the case waits for (and withdrawal), each saying whether this user may take it now and, if not, why. */
export function nextStepsFor(
  row: CaseListRow,
  actor: Actor,
  today: PlainDate,
  reviewers: readonly string[],
  fourDeliberations?: Parameters<typeof factsOf>[4],
  temporary?: TemporaryFacts,
): CaseDetail['nextSteps'] {
  const state = stateOf(row);
  if (isFinal(state)) return [];
  const kind = kindOf(row);
  const facts = { ...factsOf(row, actor, today, reviewers, fourDeliberations), ...temporary };
  return [...pendingSteps(kind, state), 'withdraw' as const].map((step) => {
    const r = checkStep(kind, state, step, facts);
    return {
      step,
      label: STEP_LABELS[step],
      roles: [...TRANSITIONS[kind][step].roles],
      canTake: r.ok,
      refusal: r.ok ? null : { code: r.refusal.code, message: r.refusal.message },
    };
  });
}

const list = (text: string | null) => parseJson<string[]>(text, []);
const yuanOrNull = (fen: number | null) => (fen === null || fen === undefined ? null : formatYuan(Number(fen)));

export function presentDetail(
  row: CaseListRow,
  c: {
    areaName: string;
    today: PlainDate;
    events: CaseEventTable[];
    records: CaseRecordRows;
    nextSteps: CaseDetail['nextSteps'];
    tekunCare?: CaseDetail['tekunCare'];
    fourDeliberations: CaseDetail['fourDeliberations'];
  },
): CaseDetail {
  const { records: r } = c;
  const events = c.events.map(presentEvent);
  return {
    ...presentSummary(row, c.areaName, c.today),
    stateSince: row.state_since,
    acceptedOn: row.accepted_on,
    noticeEndsOn: row.notice_ends_on,
    spotCheck: row.spot_check,
    proposedAmountYuan: yuanOrNull(row.proposed_amount_fen),
    memberCount: Number(row.member_count),
    tekunCare: c.tekunCare ?? null,
    onBehalf: Number(row.on_behalf) === 1,
    records: {
      missing: events
        .filter((e) => e.step === 'request_missing')
        .map((e) => ({ requestedOn: String(e.payload.requestedOn), items: (e.payload.missing as string[]) ?? [] })),
      investigations: r.investigations.map((i) => ({
        id: i.id,
        investigatedOn: i.investigated_on,
        investigators: parseJson<{ name: string }[]>(i.investigators, []).map((x) => x.name),
        homeVisitOn: i.home_visit_on,
        neighbourVisits: Number(i.neighbour_visits),
        writtenEvidence: list(i.written_evidence),
        dataCheck: { result: i.data_check_result, checkedOn: i.data_check_on, reasons: list(i.data_check_reasons) },
        findings: i.findings,
        recordedAt: i.recorded_at ?? null,
        receivedAt: i.created_at,
        visitId: i.visit_id ?? null,
      })),
      deliberations: r.deliberations.map((d) => ({
        id: d.id,
        heldOn: d.held_on,
        participants: parseJson(d.participants, []),
        representatives: Number(d.representatives),
        total: Number(d.total),
        conclusion: d.conclusion,
        conclusionText: d.conclusion_text,
      })),
      opinions: r.opinions.map((o) => ({ level: o.level, kind: o.kind, text: o.text, byName: o.by_name, on: o.on_date })),
      notices: r.notices.map((n) => ({ id: n.id, level: n.level, postedOn: n.posted_on, endsOn: n.ends_on, closedOn: n.closed_on, outcome: n.outcome })),
      objections: r.objections.map((o) => ({
        id: o.id,
        level: r.notices.find((n) => n.id === o.notice_id)?.level ?? 'village',
        receivedOn: o.received_on,
        summary: o.summary,
        lodgedBy: o.lodged_by,
      })),
      spotVisits: r.spotItems
        .filter((s) => s.visited_on)
        .map((s) => ({ visitedOn: s.visited_on as string, visitors: list(s.visitors), finding: s.finding ?? '', note: s.note ?? '', visitId: s.visit_id ?? null, recordedAt: s.recorded_at ?? null })),
    },
    decision: r.decision
      ? {
          id: r.decision.id,
          outcome: r.decision.outcome,
          decidedOn: r.decision.decided_on,
          deciderName: r.decision.decider_name,
          deciderRole: r.decision.decider_role,
          reasons: list(r.decision.reasons),
          amountYuan: yuanOrNull(r.decision.amount_fen),
          benefitFrom: r.decision.benefit_from,
          ruleSet: r.decision.rule_set,
          determination: parseJson<unknown>(r.decision.determination, null),
          explanation: explainDetermination(parseJson<unknown>(r.decision.determination, null), loadDefaultPolicy()),
        }
      : null,
    enrollment: r.enrollment
      ? {
          id: r.enrollment.id,
          program: r.enrollment.program,
          unit: r.enrollment.unit,
          monthlyAmountYuan: formatYuan(Number(r.enrollment.monthly_amount_fen)),
          startMonth: r.enrollment.start_month,
          endMonth: r.enrollment.end_month,
          status: r.enrollment.status,
        }
      : null,
    timeline: events,
    nextSteps: c.nextSteps,
    fourDeliberations: c.fourDeliberations,
  };
}
