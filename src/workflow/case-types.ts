import type { CASE_KIND_VALUES, CASE_STATE_VALUES, STEP_VALUES } from '../contracts/cases.ts';

/**
 * Case types of the dibao and tekun procedure (POLICY.md §5): the states a case passes through and the steps
 * that move it. String-literal unions, so every table keyed by them is checked for completeness by the compiler.
 */

/** 案件类型: 低保 (household) · 单人保 individual inclusion · 特困 extreme-poverty support. */
export const CASE_KINDS = ['dibao_household', 'dibao_individual', 'tekun'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

export type CaseProgram = 'dibao' | 'tekun';

export const PROGRAM_OF: Record<CaseKind, CaseProgram> = {
  dibao_household: 'dibao',
  dibao_individual: 'dibao',
  tekun: 'tekun',
};

export const CASE_STATES = [
  'applied', // 已申请, waiting for acceptance
  'incomplete', // 一次性告知 issued, waiting for the applicant's documents
  'accepted', // 已受理, waiting for the means investigation (家庭经济状况调查)
  'investigated', // waiting for the democratic review (民主评议 / 两委联席评议)
  'deliberated', // waiting for the township review (乡镇审核)
  'village_notice', // 村公示: 7 days, objections recorded
  'county_review', // 县级审批: spot check, county opinion
  'county_notice', // 县公示: 7 days, then the decision
  'approved',
  'refused',
  'closed_ineligible', // 信息核对 already showed ineligibility: ended with a written reason
  'withdrawn',
] as const;
export type CaseState = (typeof CASE_STATES)[number];

/** Where a case starts: the `apply` step leaves from here; no case row is ever in this state. */
export const NEW = 'new' as const;
export type FromState = CaseState | typeof NEW;

export const FINAL_STATES: ReadonlySet<CaseState> = new Set(['approved', 'refused', 'closed_ineligible', 'withdrawn']);

export function isFinal(s: CaseState): boolean {
  return FINAL_STATES.has(s);
}

export const STEPS = [
  'apply', // 申请 (a village assistant may file on the household's behalf)
  'resubmit', // 补齐材料后重新提交
  'accept', // 受理
  'request_missing', // 一次性告知: everything missing, at once
  'investigate', // 家庭经济状况调查 record
  'close_ineligible', // 信息核对 shows ineligibility: the case ends
  'deliberate', // 民主评议 / 两委联席评议 record
  'township_review', // 乡镇审核: agrees, posts the village notice
  'return_for_investigation', // 乡镇审核 sends the case back for another investigation
  'object_village', // 村公示 objection: back to investigation
  'close_village_notice', // 村公示 ran 7 days without objection
  'draw_spot_check', // 县级入户抽查: the case was in a drawn batch
  'spot_visit', // 县级入户抽查 visit recorded
  'county_opinion', // 县级审批意见: proposes approval, posts the county notice
  'object_county', // 县公示 objection: back to investigation
  'approve', // 批准
  'refuse', // 不予批准
  'withdraw', // 撤回申请
] as const;
export type Step = (typeof STEPS)[number];

export interface Bilingual {
  zh: string;
  en: string;
}

export const STATE_LABELS: Record<CaseState, Bilingual> = {
  applied: { zh: '已申请', en: 'applied' },
  incomplete: { zh: '待补齐材料', en: 'documents missing' },
  accepted: { zh: '已受理（待调查）', en: 'accepted (to investigate)' },
  investigated: { zh: '已调查（待评议）', en: 'investigated (to deliberate)' },
  deliberated: { zh: '已评议（待乡镇审核）', en: 'deliberated (to township review)' },
  village_notice: { zh: '村公示中', en: 'village notice' },
  county_review: { zh: '县级审批中', en: 'county review' },
  county_notice: { zh: '县公示中', en: 'county notice' },
  approved: { zh: '已批准', en: 'approved' },
  refused: { zh: '不予批准', en: 'refused' },
  closed_ineligible: { zh: '信息核对不符合，已终止', en: 'ended: data check shows ineligibility' },
  withdrawn: { zh: '已撤回', en: 'withdrawn' },
};

export const STEP_LABELS: Record<Step, Bilingual> = {
  apply: { zh: '申请', en: 'apply' },
  resubmit: { zh: '补齐材料重新提交', en: 'resubmit with the missing documents' },
  accept: { zh: '受理', en: 'accept' },
  request_missing: { zh: '一次性告知补齐材料', en: 'list everything missing (one-time notice)' },
  investigate: { zh: '家庭经济状况调查', en: 'means investigation' },
  close_ineligible: { zh: '信息核对不符合，终止', en: 'end: data check shows ineligibility' },
  deliberate: { zh: '民主评议（两委联席评议）', en: 'democratic review' },
  township_review: { zh: '乡镇审核', en: 'township review' },
  return_for_investigation: { zh: '退回重新调查', en: 'return for another investigation' },
  object_village: { zh: '村公示异议', en: 'objection to the village notice' },
  close_village_notice: { zh: '村公示期满', en: 'close the village notice' },
  draw_spot_check: { zh: '纳入县级抽查批次', en: 'drawn into a county spot-check batch' },
  spot_visit: { zh: '县级入户抽查', en: 'county home-visit spot check' },
  county_opinion: { zh: '县级审批意见', en: 'county opinion' },
  object_county: { zh: '县公示异议', en: 'objection to the county notice' },
  approve: { zh: '批准', en: 'approve' },
  refuse: { zh: '不予批准', en: 'refuse' },
  withdraw: { zh: '撤回申请', en: 'withdraw' },
};

/** 县级入户抽查 status of one case: not drawn yet, drawn and not sampled, sampled (visit due), visited. */
export type SpotCheckStatus = 'not_sampled' | 'sampled' | 'visited';

/** The contracts shared with the web app list the same values; the compiler keeps the two lists equal. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameLists: [
  Same<CaseKind, (typeof CASE_KIND_VALUES)[number]>,
  Same<CaseState, (typeof CASE_STATE_VALUES)[number]>,
  Same<Step, (typeof STEP_VALUES)[number]>,
] = [true, true, true];
void sameLists;
