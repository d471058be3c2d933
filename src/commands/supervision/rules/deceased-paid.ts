import { RULE_NAMES } from '../../../contracts/supervision.ts';
import { stageDeceasedPaid } from '../../../db/anomaly-sql.ts';
import type { AnomalyRule } from './rule.ts';

/** 死亡人员仍领取待遇 Payments for months after a person's death (from the imported death records). */
export const DECEASED_PAID: AnomalyRule = {
  code: 'DECEASED_PAID',
  name: RULE_NAMES.DECEASED_PAID,
  citation: '民发〔2012〕220号《最低生活保障审核审批办法（试行）》第二十四条、第二十五条（家庭人口减少应及时办理减发或停发）；《社会救助暂行办法》第十三条',
  why: {
    zh: '死亡信息显示该人员已死亡，其后月份仍发放了待遇：应核实后减发或停发，并追回多发资金。',
    en: 'The death records say the person died, yet the benefit was paid for later months: verify, reduce or stop it, and recover the overpayment.',
  },
  stage: (e) => stageDeceasedPaid(e.db.kysely, { runId: e.runId, county: e.county, dialect: e.db.dialect }),
};
