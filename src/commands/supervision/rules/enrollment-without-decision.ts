import { RULE_NAMES } from '../../../contracts/supervision.ts';
import { stageEnrollmentWithoutDecision } from '../../../db/anomaly-sql.ts';
import type { AnomalyRule } from './rule.ts';

/** 无审批决定的保障对象 An enrollment without an approved decision of its household's case behind it. */
export const ENROLLMENT_WITHOUT_DECISION: AnomalyRule = {
  code: 'ENROLLMENT_WITHOUT_DECISION',
  name: RULE_NAMES.ENROLLMENT_WITHOUT_DECISION,
  citation: '民发〔2012〕220号《最低生活保障审核审批办法（试行）》第十八条、第十九条（县级民政部门审批，批准的发放证书）；《社会救助暂行办法》第十一条',
  why: {
    zh: '该保障对象没有对应的批准决定（缺失、未批准或属于其他家庭的案件）：应核实纳入依据，无依据的停发。',
    en: 'The enrollment has no approval behind it (missing, not an approval, or another household’s case): verify the basis and stop it if there is none.',
  },
  stage: (e) => stageEnrollmentWithoutDecision(e.db.kysely, { runId: e.runId, county: e.county, dialect: e.db.dialect }),
};
