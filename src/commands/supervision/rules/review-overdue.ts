import { RULE_NAMES } from '../../../contracts/supervision.ts';
import { stageReviewOverdue } from '../../../db/anomaly-sql.ts';
import { addDays } from '../../../kernel/plain-date.ts';
import type { AnomalyRule } from './rule.ts';

export const REVIEW_OVERDUE_PARAM = 'supervision.review.overdueDays';

/** 复核逾期 An enrollment's periodic review overdue by more than the threshold (a parameter). */
export const REVIEW_OVERDUE: AnomalyRule = {
  code: 'REVIEW_OVERDUE',
  name: RULE_NAMES.REVIEW_OVERDUE,
  citation: '民发〔2012〕220号《最低生活保障审核审批办法（试行）》第二十四条（分类定期复核）；逾期天数：supervision.review.overdueDays',
  why: {
    zh: '该保障对象的定期复核已超过应复核日期：家庭情况可能已变化，应尽快复核并调整待遇。',
    en: 'The enrollment’s periodic review is past due: the household may have changed; review it and adjust the benefit.',
  },
  async stage(e) {
    const threshold = e.parameters.number(REVIEW_OVERDUE_PARAM, e.county, e.day).value;
    await stageReviewOverdue(e.db.kysely, { runId: e.runId, county: e.county, dialect: e.db.dialect, cutoff: addDays(e.day, -threshold), thresholdDays: threshold });
  },
};
