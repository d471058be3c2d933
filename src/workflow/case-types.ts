import type { CASE_KIND_VALUES, CASE_STATE_VALUES, STEP_VALUES } from '../contracts/cases.ts';
import type { BilingualMessage } from '../kernel/errors.ts';
import { labelsOf } from './labels.ts';

/**
 * Case types of the dibao and tekun procedure (POLICY.md §5): the states a case passes through and the steps
 * that move it. String-literal unions, so every table keyed by them is checked for completeness by the compiler.
 */

/**
 * 案件类型: 低保 (household) · 单人保 individual inclusion · 特困 extreme-poverty support · 临时救助 temporary aid, 急难型
 * emergency (assist first, paperwork after) and 支出型 expenditure (the full procedure) — ADR 0037.
 */
export const CASE_KINDS = ['dibao_household', 'dibao_individual', 'tekun', 'temporary_emergency', 'temporary_expenditure'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

export type CaseProgram = 'dibao' | 'tekun' | 'temporary';
/** The programs paid monthly while enrolled (enrollments, terms, reviews, monthly rolls). */
export type MonthlyProgram = Exclude<CaseProgram, 'temporary'>;

export const PROGRAM_OF: Record<CaseKind, CaseProgram> = {
  dibao_household: 'dibao',
  dibao_individual: 'dibao',
  tekun: 'tekun',
  temporary_emergency: 'temporary',
  temporary_expenditure: 'temporary',
};

export const TEMPORARY_KINDS: ReadonlySet<CaseKind> = new Set(['temporary_emergency', 'temporary_expenditure']);

export function isTemporaryKind(kind: CaseKind): boolean {
  return TEMPORARY_KINDS.has(kind);
}

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
  'paid_first', // 临时救助 先行救助: paid from the township's reserve, the paperwork (补办手续) due
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
  'assist_first', // 临时救助 先行救助: an emergency recorded and paid at once from the township's reserve
  'collective_decision', // 临时救助 一事一议: the collective decision on an amount above the normal maximum
] as const;
export type Step = (typeof STEPS)[number];

/** A label in Chinese and English (the kernel's message shape). */
export type Bilingual = BilingualMessage;

export const STATE_LABELS: Readonly<Record<CaseState, Bilingual>> = labelsOf('case.state', CASE_STATES);
export const STEP_LABELS: Readonly<Record<Step, Bilingual>> = labelsOf('case.step', STEPS);

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
