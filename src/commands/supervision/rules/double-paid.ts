import { RULE_NAMES } from '../../../contracts/supervision.ts';
import { stageDoublePaid } from '../../../db/anomaly-sql.ts';
import type { AnomalyRule } from './rule.ts';

/** 同月重复领取 One person paid on two rolls (or two households' lines) for the same month. */
export const DOUBLE_PAID: AnomalyRule = {
  code: 'DOUBLE_PAID',
  name: RULE_NAMES.DOUBLE_PAID,
  citation: '《特困人员认定办法》（民发〔2016〕178号）第十五条（特困人员不再同时享受最低生活保障）；铁市民发〔2019〕45号 三(三)',
  why: {
    zh: '同一人员在同一月份出现在两份花名册（或两个家庭的发放行）中：同一待遇不得重复享受，应核实并追回重复发放的资金。',
    en: 'One person appears on two rolls (or two households’ lines) for one month: a benefit is not paid twice; verify and recover the duplicate.',
  },
  stage: (e) => stageDoublePaid(e.db.kysely, { runId: e.runId, county: e.county, dialect: e.db.dialect }),
};
