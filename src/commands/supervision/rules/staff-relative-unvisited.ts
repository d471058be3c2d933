import { RULE_NAMES } from '../../../contracts/supervision.ts';
import { stageStaffRelativeUnvisited } from '../../../db/anomaly-sql.ts';
import type { AnomalyRule } from './rule.ts';

/** 近亲属备案未全部入户 A staff or cadre's close relative approved without the county's home visit. */
export const STAFF_RELATIVE_UNVISITED: AnomalyRule = {
  code: 'STAFF_RELATIVE_UNVISITED',
  name: RULE_NAMES.STAFF_RELATIVE_UNVISITED,
  citation: '民发〔2012〕220号《最低生活保障审核审批办法（试行）》第二十条（工作人员及村干部近亲属申请须单独登记备案）、第十七条（县级对此类申请全部入户调查）',
  why: {
    zh: '经办人员或村干部近亲属的申请须由县级全部入户核查，本案已审批但未记录入户核查：应补做入户核查并复核其资格。',
    en: 'A staff or cadre’s close relative must be visited at home by the county in every case; this case was approved without a recorded visit: visit and recheck eligibility.',
  },
  stage: (e) => stageStaffRelativeUnvisited(e.db.kysely, { runId: e.runId, county: e.county, dialect: e.db.dialect }),
};
