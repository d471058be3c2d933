import { describe, expect, it } from 'vitest';
import { CASE_KIND_VALUES, CASE_STATE_VALUES, CaseDetail, CaseObjection, CaseWithdraw, PARTICIPANT_CATEGORIES, SpotVisit, STEP_VALUES } from '#contracts/cases.ts';
import { CASE_DOCUMENT_KINDS } from '#contracts/documents.ts';
import {
  ENROLLMENT_ACTIONS,
  FOLLOW_UP_OUTCOMES,
  REVIEW_OUTCOME_VALUES,
  REVIEW_STATE_VALUES,
  ReviewOpen,
  TERM_STATUS_VALUES,
  TERMINATION_GROUNDS,
} from '#contracts/enrollments.ts';
import { HOLD_REASON_VALUES, LINE_KIND_VALUES, PROGRAM_VALUES, ROLL_STATUS_VALUES, ReissueItem, RollChange } from '#contracts/payroll.ts';
import { COMPLIANCE_CHECKS, OVERRIDE_STATUSES, PROGRAMS, TimelineProblemView } from '#contracts/policy.ts';
import { ASSET_KINDS, DISABILITY_KINDS, HUKOU_TYPES, INCOME_KINDS, LABOR_CAPACITIES, RELATIONS, SELF_CARE_ITEMS, SUPPORTER_STATUSES } from '#contracts/registry.ts';
import { DISABILITY_OPTIONS, STATUS_OPTIONS, SUPPORTER_OPTIONS } from '../features/calculator/components/situation-form-model.ts';
import { en, zhCN } from './messages.ts';

/**
 * Screens label codes with `t(\`cases.state.${state}\`)`: a key the types cannot check. Every code the contracts (or
 * a form's option list) can put on screen has a label in both languages, so a new state or kind shows as words, not
 * as its key.
 */
const LABELLED: [prefix: string, codes: readonly string[]][] = [
  ['cases.state', CASE_STATE_VALUES],
  ['cases.kinds', CASE_KIND_VALUES],
  ['cases.programs', PROGRAM_VALUES],
  ['cases.step', STEP_VALUES],
  ['cases.form.categories', PARTICIPANT_CATEGORIES],
  ['cases.form.withdrawReasons', CaseWithdraw.shape.reason.options],
  ['cases.form.lodgedByOptions', CaseObjection.shape.lodgedBy.options],
  ['cases.form.findingOptions', SpotVisit.shape.finding.options],
  ['cases.detail.spotChecks', CaseDetail.shape.spotCheck.unwrap().options],
  ['cases.documents.kinds', CASE_DOCUMENT_KINDS],
  ['enrollments.status', TERM_STATUS_VALUES],
  ['enrollments.action', ENROLLMENT_ACTIONS],
  ['enrollments.grounds', TERMINATION_GROUNDS],
  ['enrollments.programs', PROGRAM_VALUES],
  ['reviews.state', REVIEW_STATE_VALUES],
  ['reviews.outcome', REVIEW_OUTCOME_VALUES],
  ['reviews.trigger', ReviewOpen.shape.trigger.options],
  ['reviewDesk.outcome', FOLLOW_UP_OUTCOMES],
  ['payroll.status', ROLL_STATUS_VALUES],
  ['payroll.kinds', LINE_KIND_VALUES],
  ['payroll.hold', HOLD_REASON_VALUES],
  ['payroll.change', RollChange.shape.change.options],
  ['payroll.queueReason', ReissueItem.shape.reason.options],
  ['payroll.programs', PROGRAM_VALUES],
  ['parameters.overrides.status', OVERRIDE_STATUSES],
  ['compliance.checks', COMPLIANCE_CHECKS],
  ['compliance.rules', COMPLIANCE_CHECKS],
  ['compliance.timeline', TimelineProblemView.shape.kind.options],
  ['calculator.programs', PROGRAMS],
  ['calculator.supporters', SUPPORTER_OPTIONS],
  ['calculator.statuses', STATUS_OPTIONS],
  ['registry.relation', RELATIONS],
  ['registry.disability', DISABILITY_KINDS],
  ['registry.disability', DISABILITY_OPTIONS],
  ['registry.labor', LABOR_CAPACITIES],
  ['registry.supporter', SUPPORTER_STATUSES],
  ['registry.selfCare', SELF_CARE_ITEMS],
  ['registry.income', INCOME_KINDS],
  ['registry.asset', ASSET_KINDS],
  ['registry.hukou', HUKOU_TYPES],
];

function lookup(tree: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), tree);
}

describe('labels of codes', () => {
  it.each(LABELLED)('%s: every code has a label in Chinese and in English', (prefix, codes) => {
    expect(codes.length).toBeGreaterThan(0);
    const missing = codes.flatMap((code) =>
      [
        ['zh-CN', zhCN],
        ['en', en],
      ].flatMap(([lang, tree]) => (typeof lookup(tree, `${prefix}.${code}`) === 'string' ? [] : [`${lang} ${prefix}.${code}`])),
    );
    expect(missing).toEqual([]);
  });

  it('the Chinese and English labels of one code differ (a label left untranslated is caught)', () => {
    const same = LABELLED.flatMap(([prefix, codes]) => codes.filter((c) => lookup(zhCN, `${prefix}.${c}`) === lookup(en, `${prefix}.${c}`)).map((c) => `${prefix}.${c}`));
    expect(same).toEqual([]);
  });
});
