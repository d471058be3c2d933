import { AppError } from '../kernel/errors.ts';
import { compareDates, type PlainDate } from '../kernel/plain-date.ts';
import { isShareRule, meetsShare, SHARE_LABELS, type ShareRule } from '../kernel/share.ts';
import type { ParameterSet } from '../policy/parameter-set.ts';
import { type Refusal, refusal } from './refusals.ts';

/**
 * 四议两公开 (seed 二(二): single-person dibao for the registered poor "经村两委联席评议、四议两公开"; ADR 0036): the four
 * deliberation stages in their order — 党支部提议, 村“两委”商议, 党员大会审议, 村民代表会议或村民会议决议 — each a
 * meeting with a date, its attendance (实到 of 应到) and, for the two voting meetings, the votes in favour; and the two
 * disclosures, 决议公开 and 实施结果公开. The shares a meeting needs are dated policy parameters
 * (`procedure.fourDeliberations.*`), each a code of `kernel/share.ts` with its citation. Pure: no I/O, no clock.
 */
export const DELIBERATION_STAGES = ['proposal', 'consultation', 'party_meeting', 'resolution'] as const;
export type DeliberationStage = (typeof DELIBERATION_STAGES)[number];
/** The resolution's meeting: 村民代表会议, 村民会议 (十八周岁以上村民), 村民会议 by 户代表. */
export const RESOLUTION_MEETINGS = ['representatives', 'villagers', 'household_delegates'] as const;
export type ResolutionMeeting = (typeof RESOLUTION_MEETINGS)[number];
export const DISCLOSURE_KINDS = ['resolution', 'result'] as const;
export type DisclosureKind = (typeof DISCLOSURE_KINDS)[number];
export type StageOutcome = 'agreed' | 'not_agreed';

export const STAGE_LABELS: Readonly<Record<DeliberationStage, { zh: string; en: string }>> = {
  proposal: { zh: '党支部提议', en: 'party branch proposal' },
  consultation: { zh: '村“两委”商议', en: 'consultation of the village two committees' },
  party_meeting: { zh: '党员大会审议', en: "party members' meeting review" },
  resolution: { zh: '村民代表会议或村民会议决议', en: "villager representatives' or villagers' meeting resolution" },
};
export const DISCLOSURE_LABELS: Readonly<Record<DisclosureKind, { zh: string; en: string }>> = {
  resolution: { zh: '决议公开', en: 'resolution published' },
  result: { zh: '实施结果公开', en: 'implementation result published' },
};

/** The meeting whose rules apply: one per stage, the resolution's by its kind. */
export type MeetingKey = 'proposal' | 'consultation' | 'partyMeeting' | ResolutionMeetingKey;
type ResolutionMeetingKey = 'representatives' | 'villagers' | 'householdDelegates';
const RESOLUTION_KEY: Readonly<Record<ResolutionMeeting, ResolutionMeetingKey>> = {
  representatives: 'representatives',
  villagers: 'villagers',
  household_delegates: 'householdDelegates',
};

export function meetingOf(stage: DeliberationStage, meeting: ResolutionMeeting | null): MeetingKey {
  if (stage === 'proposal') return 'proposal';
  if (stage === 'consultation') return 'consultation';
  if (stage === 'party_meeting') return 'partyMeeting';
  return RESOLUTION_KEY[meeting ?? 'representatives'];
}

/** Stages that vote: the votes in favour decide the outcome. */
export function votes(stage: DeliberationStage): boolean {
  return stage === 'party_meeting' || stage === 'resolution';
}

export interface ShareCheck {
  rule: ShareRule;
  citation: string;
}

export interface MeetingRules {
  quorum: ShareCheck;
  /** Voting meetings: the share of votes in favour needed, and whether it counts the entitled or those present. */
  pass: (ShareCheck & { of: 'present' | 'entitled' }) | null;
}

/** The policy parameter each rule is read from. */
export function ruleParams(key: MeetingKey): { quorum: string; pass: string | null } {
  const base = `procedure.fourDeliberations.${key}`;
  const pass = key === 'partyMeeting' || key === 'representatives' ? `${base}.pass` : key === 'villagers' || key === 'householdDelegates' ? 'procedure.fourDeliberations.villagers.pass' : null;
  return { quorum: `${base}.quorum`, pass };
}

function invalidParam(name: string): AppError {
  return new AppError('PARAM_INVALID_SHARE', { zh: `参数 ${name} 的值不是有效的法定比例`, en: `parameter ${name} does not hold a valid share rule` }, { field: name, status: 422 });
}

/** The rules of a meeting in force on `day` for a county (or a 12-digit area inside it), with their citations. */
export function meetingRules(ps: ParameterSet, area: string, day: PlainDate, key: MeetingKey): MeetingRules {
  const names = ruleParams(key);
  const q = ps.list(names.quorum, area, day);
  const [qr] = q.value;
  if (q.value.length !== 1 || !qr || !isShareRule(qr)) throw invalidParam(names.quorum);
  if (!names.pass) return { quorum: { rule: qr, citation: q.citation }, pass: null };
  const p = ps.list(names.pass, area, day);
  const share = p.value.filter(isShareRule);
  const basis = p.value.filter((v) => v === 'of_present' || v === 'of_entitled');
  if (share.length !== 1 || basis.length !== 1 || p.value.length !== 2) throw invalidParam(names.pass);
  return { quorum: { rule: qr, citation: q.citation }, pass: { rule: share[0], citation: p.citation, of: basis[0] === 'of_present' ? 'present' : 'entitled' } };
}

export interface StageInput {
  stage: DeliberationStage;
  meeting: ResolutionMeeting | null;
  heldOn: PlainDate;
  present: number;
  entitled: number;
  inFavour: number | null;
  outcome: StageOutcome;
}

/** A recorded stage as the checks need it: the latest record of each stage counts. */
export interface StageFact {
  stage: DeliberationStage;
  heldOn: PlainDate;
  outcome: StageOutcome;
}

export interface DisclosureFact {
  kind: DisclosureKind;
  postedOn: PlainDate;
}

const label = (s: DeliberationStage) => STAGE_LABELS[s];

/** Whether attendance meets the quorum, and whether the votes pass: what the form shows live and the check enforces. */
export function tally(rules: MeetingRules, a: { present: number; entitled: number; inFavour: number | null }): { quorumMet: boolean; passed: boolean | null } {
  const quorumMet = a.present <= a.entitled && meetsShare(rules.quorum.rule, a.present, a.entitled);
  if (!rules.pass || a.inFavour === null) return { quorumMet, passed: null };
  const whole = rules.pass.of === 'present' ? a.present : a.entitled;
  return { quorumMet, passed: a.inFavour <= a.present && meetsShare(rules.pass.rule, a.inFavour, whole) };
}

/**
 * A stage's record before it counts: the date not in the future and not before the application; the stages in order
 * (the one before recorded and agreed, on or before this date; the ones after, if recorded, on or after it); the
 * attendance within the entitled and meeting the quorum; for the voting meetings the votes within those present and the
 * outcome the one the votes give.
 */
export function checkStage(
  input: StageInput,
  c: { today: PlainDate; appliedOn: PlainDate; rules: MeetingRules; recorded: readonly StageFact[] },
): Refusal | null {
  if (compareDates(input.heldOn, c.today) > 0) {
    return refusal('record', 'DATE_IN_FUTURE', `日期不能晚于今天（${c.today}）`, `The date cannot be after today (${c.today})`, 'heldOn');
  }
  if (compareDates(input.heldOn, c.appliedOn) < 0) {
    return refusal('record', 'DATE_BEFORE_APPLICATION', `会议日期不能早于申请日期（${c.appliedOn}）`, `The meeting cannot be before the application (${c.appliedOn})`, 'heldOn');
  }
  if (input.stage === 'resolution' && input.meeting === null) {
    return refusal('record', 'MEETING_KIND_REQUIRED', '请选择作出决议的会议：村民代表会议或村民会议', "Choose the meeting that resolved: villager representatives' or villagers' meeting", 'meeting');
  }
  const i = DELIBERATION_STAGES.indexOf(input.stage);
  const byStage = new Map(c.recorded.map((r) => [r.stage, r]));
  if (i > 0) {
    const prev = DELIBERATION_STAGES[i - 1];
    const p = byStage.get(prev);
    if (!p) {
      return refusal('record', 'PREVIOUS_STAGE_MISSING', `请先记录“${label(prev).zh}”`, `Record the ${label(prev).en} first`, 'stage');
    }
    if (p.outcome !== 'agreed') {
      return refusal('record', 'PREVIOUS_STAGE_NOT_AGREED', `“${label(prev).zh}”未同意，不能进入“${label(input.stage).zh}”`, `The ${label(prev).en} did not agree: the ${label(input.stage).en} cannot follow`, 'stage');
    }
    if (compareDates(input.heldOn, p.heldOn) < 0) {
      return refusal('record', 'STAGE_ORDER', `“${label(input.stage).zh}”不能早于“${label(prev).zh}”（${p.heldOn}）`, `The ${label(input.stage).en} cannot be before the ${label(prev).en} (${p.heldOn})`, 'heldOn');
    }
  }
  for (const next of DELIBERATION_STAGES.slice(i + 1)) {
    const n = byStage.get(next);
    if (n && compareDates(input.heldOn, n.heldOn) > 0) {
      return refusal('record', 'STAGE_ORDER', `“${label(input.stage).zh}”不能晚于已记录的“${label(next).zh}”（${n.heldOn}）`, `The ${label(input.stage).en} cannot be after the recorded ${label(next).en} (${n.heldOn})`, 'heldOn');
    }
  }
  if (input.present > input.entitled) {
    return refusal('record', 'ATTENDANCE_EXCEEDS_ENTITLED', `实到人数（${input.present}）不能多于应到人数（${input.entitled}）`, `Those present (${input.present}) cannot exceed those entitled (${input.entitled})`, 'present');
  }
  const t = tally(c.rules, input);
  if (!t.quorumMet) {
    const q = SHARE_LABELS[c.rules.quorum.rule];
    return refusal(
      'record',
      'QUORUM_NOT_MET',
      `“${label(input.stage).zh}”须有应到人员${q.zh}到会（应到 ${input.entitled}，实到 ${input.present}），依据：${c.rules.quorum.citation}`,
      `The ${label(input.stage).en} needs ${q.en} of those entitled present (${input.present} of ${input.entitled}); source: ${c.rules.quorum.citation}`,
      'present',
    );
  }
  if (!votes(input.stage)) return null;
  if (input.inFavour === null) {
    return refusal('record', 'VOTES_REQUIRED', '请填写赞成（同意）人数', 'Enter the number of votes in favour', 'inFavour');
  }
  if (input.inFavour > input.present) {
    return refusal('record', 'VOTES_EXCEED_PRESENT', `赞成人数（${input.inFavour}）不能多于实到人数（${input.present}）`, `Votes in favour (${input.inFavour}) cannot exceed those present (${input.present})`, 'inFavour');
  }
  const passed = t.passed === true;
  if ((input.outcome === 'agreed') !== passed) {
    const p = c.rules.pass;
    const basisZh = p?.of === 'present' ? '实到人数' : '应到人数';
    const basisEn = p?.of === 'present' ? 'those present' : 'those entitled';
    return refusal(
      'record',
      'OUTCOME_DISAGREES_WITH_VOTES',
      `按赞成人数，本次会议${passed ? '已' : '未'}通过（须超过或达到${basisZh}的${p ? SHARE_LABELS[p.rule].zh : ''}，依据：${p?.citation ?? ''}），结果应为“${passed ? '同意' : '不同意'}”`,
      `By the votes the meeting ${passed ? 'passed' : 'did not pass'} (${p ? SHARE_LABELS[p.rule].en : ''} of ${basisEn}; source: ${p?.citation ?? ''}): the outcome must be "${passed ? 'agreed' : 'not agreed'}"`,
      'outcome',
    );
  }
  return null;
}

/**
 * A disclosure's record: 决议公开 after the resolution (recorded, on or after its date); 实施结果公开 after the
 * decision (on or after its date). Neither in the future.
 */
export function checkDisclosure(
  kind: DisclosureKind,
  postedOn: PlainDate,
  c: { today: PlainDate; recorded: readonly StageFact[]; decidedOn: PlainDate | null },
): Refusal | null {
  if (compareDates(postedOn, c.today) > 0) {
    return refusal('record', 'DATE_IN_FUTURE', `日期不能晚于今天（${c.today}）`, `The date cannot be after today (${c.today})`, 'postedOn');
  }
  if (kind === 'resolution') {
    const r = c.recorded.find((s) => s.stage === 'resolution');
    if (!r) return refusal('record', 'RESOLUTION_NOT_RECORDED', '请先记录村民代表会议或村民会议决议，再公开决议', 'Record the resolution before publishing it', 'kind');
    if (compareDates(postedOn, r.heldOn) < 0) {
      return refusal('record', 'DISCLOSURE_BEFORE_RESOLUTION', `决议公开日期不能早于决议日期（${r.heldOn}）`, `The resolution cannot be published before it was made (${r.heldOn})`, 'postedOn');
    }
    return null;
  }
  if (!c.decidedOn) {
    return refusal('state', 'DECISION_NOT_MADE', '实施结果公开须在县级作出审批决定之后', 'The implementation result is published after the county has decided', 'kind');
  }
  if (compareDates(postedOn, c.decidedOn) < 0) {
    return refusal('record', 'DISCLOSURE_BEFORE_DECISION', `实施结果公开日期不能早于审批决定日期（${c.decidedOn}）`, `The result cannot be published before the decision (${c.decidedOn})`, 'postedOn');
  }
  return null;
}

/** The latest record of each stage (records in the order they were written). */
export function currentStages<T extends { stage: DeliberationStage }>(records: readonly T[]): T[] {
  const m = new Map<DeliberationStage, T>();
  for (const r of records) m.set(r.stage, r);
  return DELIBERATION_STAGES.flatMap((s) => (m.has(s) ? [m.get(s) as T] : []));
}

/**
 * What a case from the concentrated screening (集中排查) still lacks before township review: each of the four stages
 * recorded and agreed (a recorded stage met its quorum: the record is refused otherwise), and the resolution published
 * (决议公开). 实施结果公开 follows the decision and is not asked for here. Null when nothing is missing.
 */
export function fourDeliberationsMissing(stages: readonly StageFact[], disclosures: readonly DisclosureFact[]): Refusal | null {
  const byStage = new Map(stages.map((s) => [s.stage, s]));
  const zh: string[] = [];
  const en: string[] = [];
  for (const s of DELIBERATION_STAGES) {
    const r = byStage.get(s);
    if (!r) {
      zh.push(`缺少“${label(s).zh}”`);
      en.push(`the ${label(s).en} is missing`);
    } else if (r.outcome !== 'agreed') {
      zh.push(`“${label(s).zh}”未同意`);
      en.push(`the ${label(s).en} did not agree`);
    }
  }
  const disclosed = disclosures.some((d) => d.kind === 'resolution');
  if (zh.length === 0 && disclosed) return null;
  if (!disclosed) {
    zh.push(`缺少“${DISCLOSURE_LABELS.resolution.zh}”`);
    en.push(`the resolution is not published`);
  }
  const code = zh.length === 1 && !disclosed ? 'RESOLUTION_NOT_DISCLOSED' : 'FOUR_DELIBERATIONS_INCOMPLETE';
  return refusal(
    'state',
    code,
    `集中排查纳入的案件须完成“四议两公开”方可乡镇审核：${zh.join('；')}`,
    `A case from the screening campaign needs the four deliberations and the resolution published before township review: ${en.join('; ')}`,
  );
}
