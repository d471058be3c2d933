import { RULE_NAMES } from '../../../contracts/supervision.ts';
import { stageTwoCounties } from '../../../db/anomaly-sql.ts';
import type { AnomalyRule } from './rule.ts';

/** 跨县重复保障 One person (ID number) enrolled in two counties. */
export const TWO_COUNTIES: AnomalyRule = {
  code: 'TWO_COUNTIES',
  name: RULE_NAMES.TWO_COUNTIES,
  citation: '民发〔2012〕220号《最低生活保障审核审批办法（试行）》第二条（户籍所在地申请）；铁市民发〔2019〕45号 三(三)',
  why: {
    zh: '同一身份证号在两个县（市）区的户籍登记中且均在保：只能在户籍所在地享受，应核实后停发其中一处。',
    en: 'One ID number is registered and enrolled in two counties: assistance is given where the household is registered only; verify and stop one.',
  },
  stage: (e) =>
    stageTwoCounties(e.db.kysely, { runId: e.runId, county: e.county, dialect: e.db.dialect, others: e.parameters.counties().map((c) => c.code).filter((c) => c !== e.county) }),
};
