import { RULE_NAMES } from '../../../contracts/supervision.ts';
import { stagePaidAfterStop } from '../../../db/anomaly-sql.ts';
import type { AnomalyRule } from './rule.ts';

/** 停保后继续发放 Payments for months after the enrollment was stopped. */
export const PAID_AFTER_STOP: AnomalyRule = {
  code: 'PAID_AFTER_STOP',
  name: RULE_NAMES.PAID_AFTER_STOP,
  citation: '民发〔2012〕220号《最低生活保障审核审批办法（试行）》第二十五条（停发自作出决定的次月起执行）',
  why: {
    zh: '该保障对象已停保，之后的月份仍有发放（扣除已追缴部分）：应追回多发资金并查明原因。',
    en: 'The enrollment was stopped, yet later months were paid (net of recoveries): recover the overpayment and find out why.',
  },
  stage: (e) => stagePaidAfterStop(e.db.kysely, { runId: e.runId, county: e.county, dialect: e.db.dialect }),
};
