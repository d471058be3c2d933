import { RULE_NAMES } from '../../../contracts/supervision.ts';
import { stageSharedAccount } from '../../../db/anomaly-sql.ts';
import type { AnomalyRule } from './rule.ts';

export const SHARED_ACCOUNT_PARAM = 'supervision.sharedAccount.minHouseholds';

/** 一卡多户 One bank account (by its keyed hash) receiving payments for several households. */
export const SHARED_ACCOUNT: AnomalyRule = {
  code: 'SHARED_ACCOUNT',
  name: RULE_NAMES.SHARED_ACCOUNT,
  citation: '《社会救助暂行办法》（国务院令第649号）第六十二条；铁市民发〔2019〕45号 三(三)（资金直接发放到户，防止冒领截留）；户数门槛：supervision.sharedAccount.minHouseholds',
  why: {
    zh: '同一银行账户为不同家庭收取救助金：可能存在代领、冒领或截留，应逐户核实收款账户。',
    en: 'One bank account receives assistance for different households: it may be collected on others’ behalf or diverted; check each household’s account.',
  },
  async stage(e) {
    const min = e.parameters.number(SHARED_ACCOUNT_PARAM, e.county, e.day).value;
    await stageSharedAccount(e.db.kysely, { runId: e.runId, county: e.county, dialect: e.db.dialect, minHouseholds: min });
  },
};
