import type { Permission, Role } from '../contracts/roles.ts';
import { compareDates, type PlainDate } from '../kernel/plain-date.ts';
import {
  type CaseKind,
  type CaseState,
  type FromState,
  isFinal,
  NEW,
  STATE_LABELS,
  STEP_LABELS,
  type SpotCheckStatus,
  type Step,
} from './case-types.ts';
import { type DisclosureFact, fourDeliberationsMissing, type StageFact } from './four-deliberations.ts';
import { type Refusal, refusal } from './refusals.ts';

/** What a guard may look at: the case's facts and who acts on which day. Never the database, never the clock. */
export interface StepFacts {
  today: PlainDate;
  actor: { userId: string; role: Role };
  /** Last day of the running notice (村公示 or 县公示). */
  noticeEndsOn: PlainDate | null;
  spotCheck: SpotCheckStatus | null;
  staffRelative: boolean;
  contested: boolean;
  /** Users who recorded a township review of this case: none of them may decide it at the county. */
  townshipReviewers: readonly string[];
  /** 单人保 is for members of registered-poor households only (seed 二(二)). */
  registeredPoor: boolean;
  /** The case was opened from a ledger row of the concentrated screening (集中排查): 四议两公开 comes first (ADR 0036). */
  fromScreening: boolean;
  /** 四议两公开 as recorded: the latest record of each stage, and the disclosures. */
  deliberationStages: readonly StageFact[];
  disclosures: readonly DisclosureFact[];
  /** 临时救助 分级审批: the level the engine gave the amount now proposed (null before the investigation sets one). */
  approvalLevel?: 'township' | 'county' | 'collective' | null;
  /** 一事一议: a collective decision is recorded for the amount now proposed. */
  collectiveDecided?: boolean;
}

export interface StepDef {
  from: readonly FromState[];
  to: CaseState;
  roles: readonly Role[];
  permission: Permission;
  guard?: (f: StepFacts) => Refusal | null;
}

export type TransitionTable = Readonly<Record<Step, StepDef>>;

const APPLICANT_SIDE: readonly Role[] = ['village_assistant', 'township_caseworker'];
const NON_FINAL: readonly CaseState[] = [
  'applied',
  'incomplete',
  'accepted',
  'investigated',
  'deliberated',
  'village_notice',
  'county_review',
  'county_notice',
];

function noticeElapsed(f: StepFacts): Refusal | null {
  if (f.noticeEndsOn && compareDates(f.today, f.noticeEndsOn) >= 0) return null;
  return refusal('state', 'NOTICE_RUNNING', `公示期未满（至 ${f.noticeEndsOn ?? '?'}）`, `The notice runs until ${f.noticeEndsOn ?? '?'}`);
}

/** 乡镇审核、县区审批主体责任: one person may not both review and approve a case (ARCHITECTURE.md, security model). */
function notTheReviewer(f: StepFacts): Refusal | null {
  if (!f.townshipReviewers.includes(f.actor.userId)) return null;
  return refusal('role', 'SAME_USER_REVIEW_APPROVE', '同一人不得对同一案件既审核又审批', 'The same person may not both review (township) and approve (county) one case');
}

/** Approval waits for the county's home visit when the case was sampled, and always for staff relatives and contested cases. */
function spotCheckDone(f: StepFacts): Refusal | null {
  if (f.spotCheck === null) {
    return refusal('state', 'SPOT_CHECK_NOT_DRAWN', '尚未抽取县级入户抽查样本', 'No county spot-check sample has been drawn for this case yet');
  }
  const mustVisit = f.staffRelative || f.contested || f.spotCheck === 'sampled';
  if (mustVisit && f.spotCheck !== 'visited') {
    return refusal('state', 'SPOT_CHECK_VISIT_MISSING', '该案件须先完成县级入户抽查', 'This case needs the county home visit first');
  }
  return null;
}

/** A case from the screening campaign passes township review only with the four stages agreed and the resolution published. */
function fourDeliberationsDone(f: StepFacts): Refusal | null {
  return f.fromScreening ? fourDeliberationsMissing(f.deliberationStages, f.disclosures) : null;
}

function all(...guards: ((f: StepFacts) => Refusal | null)[]): (f: StepFacts) => Refusal | null {
  return (f) => {
    for (const g of guards) {
      const r = g(f);
      if (r) return r;
    }
    return null;
  };
}

/**
 * The procedure of POLICY.md §5 [nat-2012; nat-2016; seed 二(一), 二(二)] as one table: from which states a step
 * may be taken, where it leads, and who may take it. Self-loops (spot check) change facts, not the state.
 */
const BASE: TransitionTable = {
  apply: { from: [NEW], to: 'applied', roles: APPLICANT_SIDE, permission: 'cases.apply' },
  resubmit: { from: ['incomplete'], to: 'applied', roles: APPLICANT_SIDE, permission: 'cases.apply' },
  accept: { from: ['applied'], to: 'accepted', roles: ['township_caseworker'], permission: 'cases.investigate' },
  request_missing: { from: ['applied'], to: 'incomplete', roles: ['township_caseworker'], permission: 'cases.investigate' },
  investigate: { from: ['accepted'], to: 'investigated', roles: ['township_caseworker'], permission: 'cases.investigate' },
  close_ineligible: { from: ['accepted'], to: 'closed_ineligible', roles: ['township_caseworker'], permission: 'cases.investigate' },
  deliberate: { from: ['investigated'], to: 'deliberated', roles: APPLICANT_SIDE, permission: 'cases.investigate' },
  township_review: { from: ['deliberated'], to: 'village_notice', roles: ['township_reviewer'], permission: 'cases.review', guard: fourDeliberationsDone },
  return_for_investigation: { from: ['deliberated'], to: 'accepted', roles: ['township_reviewer'], permission: 'cases.review' },
  object_village: { from: ['village_notice'], to: 'accepted', roles: ['township_caseworker'], permission: 'cases.investigate' },
  close_village_notice: {
    from: ['village_notice'],
    to: 'county_review',
    roles: ['township_caseworker'],
    permission: 'cases.investigate',
    guard: noticeElapsed,
  },
  draw_spot_check: {
    from: ['county_review'],
    to: 'county_review',
    roles: ['county_approver'],
    permission: 'cases.approve',
    guard: (f) => (f.spotCheck === null ? null : refusal('state', 'SPOT_CHECK_ALREADY_DRAWN', '该案件已在抽查批次中', 'This case is already in a spot-check batch')),
  },
  spot_visit: {
    from: ['county_review'],
    to: 'county_review',
    roles: ['county_approver'],
    permission: 'cases.approve',
    guard: (f) => (f.spotCheck === 'sampled' ? null : refusal('state', 'SPOT_CHECK_NOT_SAMPLED', '该案件不在抽查样本中或已入户核查', 'This case is not in the sample, or was already visited')),
  },
  county_opinion: {
    from: ['county_review'],
    to: 'county_notice',
    roles: ['county_approver'],
    permission: 'cases.approve',
    guard: all(notTheReviewer, spotCheckDone),
  },
  object_county: { from: ['county_notice'], to: 'accepted', roles: ['county_approver'], permission: 'cases.approve' },
  approve: { from: ['county_notice'], to: 'approved', roles: ['county_approver'], permission: 'cases.approve', guard: all(notTheReviewer, noticeElapsed) },
  refuse: { from: ['county_review', 'county_notice'], to: 'refused', roles: ['county_approver'], permission: 'cases.approve', guard: notTheReviewer },
  withdraw: { from: NON_FINAL, to: 'withdrawn', roles: APPLICANT_SIDE, permission: 'cases.apply' },
  assist_first: { from: [], to: 'paid_first', roles: ['township_caseworker'], permission: 'temporary.record' },
  collective_decision: { from: [], to: 'county_review', roles: ['county_approver'], permission: 'temporary.approve' },
};

const INDIVIDUAL: TransitionTable = {
  ...BASE,
  apply: {
    ...BASE.apply,
    guard: (f) =>
      f.registeredPoor
        ? null
        : refusal('record', 'INDIVIDUAL_NOT_REGISTERED_POOR', '单人保仅适用于建档立卡贫困户成员', 'Individual inclusion is for members of registered-poor households', 'kind'),
  },
};

const LEVEL_TEXT = { township: '乡镇（街道）', county: '县级', collective: '一事一议' } as const;

/** 分级审批 (国发〔2014〕47号 三(二)): the level decides who approves; above the normal maximum only after 一事一议. */
function approverOfLevel(f: StepFacts, state: CaseState): Refusal | null {
  const level = f.approvalLevel ?? null;
  if (level === null) return refusal('record', 'TEMPORARY_AMOUNT_MISSING', '尚未核定救助金额，不能审批', 'No amount has been assessed yet: it cannot be approved', 'amount');
  if (state === 'investigated') {
    if (level === 'township') return null;
    return refusal(
      'role',
      'TEMPORARY_LEVEL_ABOVE_TOWNSHIP',
      `该金额须由${LEVEL_TEXT[level]}审批，超出乡镇（街道）审批额度：请提交县级审批`,
      `This amount is above the township's ceiling (level: ${level}): send it to the county`,
      'amount',
    );
  }
  if (level === 'collective' && !f.collectiveDecided) {
    return refusal('record', 'TEMPORARY_COLLECTIVE_DECISION_MISSING', '该金额超过临时救助一般最高额，须先记录“一事一议”集体决定', 'The amount is above the normal maximum: record the collective decision (一事一议) first', 'amount');
  }
  return null;
}

const APPROVERS: readonly Role[] = ['township_reviewer', 'county_approver'];
const NOT_IN_TEMPORARY: StepDef = { from: [], to: 'withdrawn', roles: [], permission: 'cases.read' };
const TEMPORARY_NON_FINAL: readonly CaseState[] = ['applied', 'incomplete', 'paid_first', 'accepted', 'investigated', 'county_review'];

/**
 * 临时救助 The temporary-aid procedure (国发〔2014〕47号; 民发〔2018〕23号; ADR 0037): application, acceptance,
 * investigation with the engine's amount and level, then 分级审批 — the township approves up to its ceiling itself,
 * above it reviews and sends to the county, and above the normal maximum the county approves only after a recorded
 * 一事一议. No democratic review, notices or county spot check. The emergency kind starts by 先行救助: paid first from the
 * township's reserve, its paperwork (补办手续, acceptance) due within the county's working days, then the same steps.
 */
const TEMPORARY_EXPENDITURE: TransitionTable = {
  ...BASE,
  accept: { ...BASE.accept, from: ['applied'] },
  investigate: { ...BASE.investigate, from: ['accepted'] },
  deliberate: NOT_IN_TEMPORARY,
  township_review: {
    from: ['investigated'],
    to: 'county_review',
    roles: ['township_reviewer'],
    permission: 'cases.review',
    guard: (f) =>
      f.approvalLevel === 'township'
        ? refusal('state', 'TEMPORARY_TOWNSHIP_DECIDES', '该金额在乡镇（街道）审批额度内，由乡镇（街道）直接审批', 'The amount is within the township’s ceiling: the township approves it itself')
        : f.approvalLevel
          ? null
          : refusal('record', 'TEMPORARY_AMOUNT_MISSING', '尚未核定救助金额', 'No amount has been assessed yet', 'amount'),
  },
  return_for_investigation: { ...BASE.return_for_investigation, from: ['investigated', 'county_review'], roles: APPROVERS },
  object_village: NOT_IN_TEMPORARY,
  close_village_notice: NOT_IN_TEMPORARY,
  draw_spot_check: NOT_IN_TEMPORARY,
  spot_visit: NOT_IN_TEMPORARY,
  county_opinion: NOT_IN_TEMPORARY,
  object_county: NOT_IN_TEMPORARY,
  approve: {
    from: ['investigated', 'county_review'],
    to: 'approved',
    roles: APPROVERS,
    permission: 'temporary.approve',
    guard: (f) => approverOfLevel(f, f.actor.role === 'township_reviewer' ? 'investigated' : 'county_review') ?? (f.actor.role === 'county_approver' ? notTheReviewer(f) : null),
  },
  refuse: { from: ['investigated', 'county_review'], to: 'refused', roles: APPROVERS, permission: 'temporary.approve', guard: notTheReviewer },
  withdraw: { from: TEMPORARY_NON_FINAL, to: 'withdrawn', roles: APPLICANT_SIDE, permission: 'cases.apply' },
  collective_decision: { from: ['county_review'], to: 'county_review', roles: ['county_approver'], permission: 'temporary.approve', guard: (f) =>
    f.approvalLevel === 'collective' ? null : refusal('state', 'TEMPORARY_COLLECTIVE_NOT_NEEDED', '该金额未超过一般最高额，无需一事一议', 'The amount is within the normal maximum: no collective decision is needed', 'amount') },
};

const TEMPORARY_EMERGENCY: TransitionTable = {
  ...TEMPORARY_EXPENDITURE,
  assist_first: { from: [NEW], to: 'paid_first', roles: ['township_caseworker'], permission: 'temporary.record' },
  // 补办手续: the application's paperwork completed and accepted after the aid was paid.
  accept: { ...BASE.accept, from: ['applied', 'paid_first'] },
};

/** One table per case type. Tekun follows the same steps; its clock differs (procedure-rules.ts). */
export const TRANSITIONS: Readonly<Record<CaseKind, TransitionTable>> = {
  dibao_household: BASE,
  dibao_individual: INDIVIDUAL,
  tekun: BASE,
  temporary_emergency: TEMPORARY_EMERGENCY,
  temporary_expenditure: TEMPORARY_EXPENDITURE,
};

export type StepCheck = { ok: true; to: CaseState; def: StepDef } | { ok: false; refusal: Refusal };

/** Whether `step` may be taken now, and where it leads; a refusal explains why not. */
export function checkStep(kind: CaseKind, state: FromState, step: Step, facts: StepFacts): StepCheck {
  const def = TRANSITIONS[kind][step];
  if (state !== NEW && isFinal(state)) {
    return { ok: false, refusal: refusal('state', 'CASE_CLOSED', `案件已结束（${STATE_LABELS[state].zh}）`, `The case is closed (${STATE_LABELS[state].en})`) };
  }
  if (!def.from.includes(state)) {
    const zhFrom = state === NEW ? '新案件' : STATE_LABELS[state].zh;
    const enFrom = state === NEW ? 'a new case' : STATE_LABELS[state].en;
    return {
      ok: false,
      refusal: refusal('state', 'ILLEGAL_TRANSITION', `当前状态（${zhFrom}）不能执行“${STEP_LABELS[step].zh}”`, `Cannot ${STEP_LABELS[step].en} from ${enFrom}`),
    };
  }
  if (!def.roles.includes(facts.actor.role)) {
    return {
      ok: false,
      refusal: refusal('role', 'ROLE_NOT_ALLOWED_FOR_STEP', `您的角色不能执行“${STEP_LABELS[step].zh}”`, `Your role may not ${STEP_LABELS[step].en}`),
    };
  }
  const g = def.guard?.(facts) ?? null;
  if (g) return { ok: false, refusal: g };
  return { ok: true, to: def.to, def };
}

/** Steps that leave a state (withdrawal aside): what the case is waiting for. */
export function pendingSteps(kind: CaseKind, state: CaseState): Step[] {
  if (isFinal(state)) return [];
  const table = TRANSITIONS[kind];
  return (Object.keys(table) as Step[]).filter((s) => s !== 'withdraw' && table[s].from.includes(state));
}

/** The states in which a role can take a pending step: what belongs on that role's worklist. */
export function worklistStates(kind: CaseKind, role: Role): CaseState[] {
  const out = new Set<CaseState>();
  const table = TRANSITIONS[kind];
  for (const s of Object.keys(table) as Step[]) {
    if (s === 'withdraw' || !table[s].roles.includes(role)) continue;
    for (const f of table[s].from) if (f !== NEW) out.add(f);
  }
  return [...out];
}
