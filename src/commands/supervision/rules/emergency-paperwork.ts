import { RULE_NAMES } from '../../../contracts/supervision.ts';
import { stageEmergencyPaperwork } from '../../../db/anomaly-sql.ts';
import type { AnomalyRule } from './rule.ts';

/** 先行救助未补办手续 Emergency aid paid first whose paperwork is past its deadline. */
export const EMERGENCY_PAPERWORK_OVERDUE: AnomalyRule = {
  code: 'EMERGENCY_PAPERWORK_OVERDUE',
  name: RULE_NAMES.EMERGENCY_PAPERWORK_OVERDUE,
  citation: '国发〔2014〕47号《关于全面建立临时救助制度的通知》二(二)（紧急程序：先行救助后及时补齐审核审批手续）；民发〔2018〕23号',
  why: {
    zh: '急难型临时救助已先行发放，补办手续期限已过仍未完成：应补齐审核审批手续，或说明情况。',
    en: 'Emergency aid was paid first and its paperwork is past the deadline: complete the review and approval, or explain why.',
  },
  stage: (e) => stageEmergencyPaperwork(e.db.kysely, { runId: e.runId, county: e.county, dialect: e.db.dialect, today: e.day }),
};
