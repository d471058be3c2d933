import type { BilingualMessage } from '../kernel/errors.ts';

/**
 * Every label the two workflows show, in one table: the states and steps of a case (POLICY.md §5) and of a review
 * (§6), and the review outcomes. A key is `<workflow>.<what>.<value>`; `labelsOf` cuts the typed map of one list
 * out of it, and the compiler names any value of the list that has no label here.
 */
const LABELS = {
  'case.state.applied': ['已申请', 'applied'],
  'case.state.incomplete': ['待补齐材料', 'documents missing'],
  'case.state.accepted': ['已受理（待调查）', 'accepted (to investigate)'],
  'case.state.investigated': ['已调查（待评议）', 'investigated (to deliberate)'],
  'case.state.deliberated': ['已评议（待乡镇审核）', 'deliberated (to township review)'],
  'case.state.village_notice': ['村公示中', 'village notice'],
  'case.state.county_review': ['县级审批中', 'county review'],
  'case.state.county_notice': ['县公示中', 'county notice'],
  'case.state.approved': ['已批准', 'approved'],
  'case.state.refused': ['不予批准', 'refused'],
  'case.state.closed_ineligible': ['信息核对不符合，已终止', 'ended: data check shows ineligibility'],
  'case.state.withdrawn': ['已撤回', 'withdrawn'],
  'case.state.paid_first': ['已先行救助（待补办手续）', 'assisted first (paperwork due)'],

  'case.step.apply': ['申请', 'apply'],
  'case.step.resubmit': ['补齐材料重新提交', 'resubmit with the missing documents'],
  'case.step.accept': ['受理', 'accept'],
  'case.step.request_missing': ['一次性告知补齐材料', 'list everything missing (one-time notice)'],
  'case.step.investigate': ['家庭经济状况调查', 'means investigation'],
  'case.step.close_ineligible': ['信息核对不符合，终止', 'end: data check shows ineligibility'],
  'case.step.deliberate': ['民主评议（两委联席评议）', 'democratic review'],
  'case.step.township_review': ['乡镇审核', 'township review'],
  'case.step.return_for_investigation': ['退回重新调查', 'return for another investigation'],
  'case.step.object_village': ['村公示异议', 'objection to the village notice'],
  'case.step.close_village_notice': ['村公示期满', 'close the village notice'],
  'case.step.draw_spot_check': ['纳入县级抽查批次', 'drawn into a county spot-check batch'],
  'case.step.spot_visit': ['县级入户抽查', 'county home-visit spot check'],
  'case.step.county_opinion': ['县级审批意见', 'county opinion'],
  'case.step.object_county': ['县公示异议', 'objection to the county notice'],
  'case.step.approve': ['批准', 'approve'],
  'case.step.refuse': ['不予批准', 'refuse'],
  'case.step.withdraw': ['撤回申请', 'withdraw'],
  'case.step.assist_first': ['先行救助', 'assist first'],
  'case.step.collective_decision': ['一事一议', 'collective decision (case by case)'],

  'review.state.opened': ['已立案（待调查）', 'opened (to investigate)'],
  'review.state.investigated': ['已调查（待乡镇审核）', 'investigated (to township review)'],
  'review.state.township_reviewed': ['乡镇已审核（待县级决定）', 'township reviewed (to county decision)'],
  'review.state.decided': ['已决定', 'decided'],
  'review.state.cancelled': ['已撤销', 'cancelled'],

  'review.step.open': ['复核立案', 'open a review'],
  'review.step.investigate': ['入户调查', 'investigate'],
  'review.step.township_review': ['乡镇审核', 'township review'],
  'review.step.return_for_investigation': ['退回重新调查', 'return for another investigation'],
  'review.step.county_return': ['县级退回重新调查', 'county returns it for another investigation'],
  'review.step.decide': ['县级决定', 'county decision'],
  'review.step.cancel': ['撤销复核', 'cancel the review'],

  'review.outcome.keep': ['维持', 'keep'],
  'review.outcome.change': ['调整金额', 'change the amount'],
  'review.outcome.stop': ['停发（退出）', 'stop (exit)'],
  'review.outcome.gradual_exit': ['渐退', 'gradual exit'],
} as const satisfies Record<string, readonly [zh: string, en: string]>;

export type LabelKey = keyof typeof LABELS;

/**
 * The labels of one list of values (`labelsOf('case.state', CASE_STATES)`), as `{ zh, en }` objects. A value without
 * a label is a compile error: the call then wants a third argument whose type names the missing keys.
 */
export function labelsOf<P extends string, K extends string>(
  prefix: P,
  values: readonly K[],
  ..._complete: [`${P}.${K}`] extends [LabelKey] ? [] : [missing: Exclude<`${P}.${K}`, LabelKey>]
): Readonly<Record<K, BilingualMessage>> {
  const out = {} as Record<K, BilingualMessage>;
  for (const v of values) {
    const [zh, en] = LABELS[`${prefix}.${v}` as LabelKey];
    out[v] = { zh, en };
  }
  return out;
}

/** Every key of the table, for the test that no label is left over when a value is renamed. */
export const LABEL_KEYS: readonly string[] = Object.keys(LABELS);
