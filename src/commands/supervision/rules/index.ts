import type { RuleCode } from '../../../contracts/supervision.ts';
import { DECEASED_PAID } from './deceased-paid.ts';
import { DOUBLE_PAID } from './double-paid.ts';
import { EMERGENCY_PAPERWORK_OVERDUE } from './emergency-paperwork.ts';
import { ENROLLMENT_WITHOUT_DECISION } from './enrollment-without-decision.ts';
import { PAID_AFTER_STOP } from './paid-after-stop.ts';
import { REGISTRY_MISMATCH } from './registry-mismatch.ts';
import { REVIEW_OVERDUE } from './review-overdue.ts';
import type { AnomalyRule } from './rule.ts';
import { SHARED_ACCOUNT } from './shared-account.ts';
import { STAFF_RELATIVE_UNVISITED } from './staff-relative-unvisited.ts';
import { TEKUN_BELOW_FLOOR } from './tekun-below-floor.ts';
import { TWO_COUNTIES } from './two-counties.ts';

/** Every anomaly rule, in the order a run applies them (the order of RULE_CODES). */
export const RULES: Record<RuleCode, AnomalyRule> = {
  DECEASED_PAID,
  DOUBLE_PAID,
  TWO_COUNTIES,
  REGISTRY_MISMATCH,
  STAFF_RELATIVE_UNVISITED,
  REVIEW_OVERDUE,
  EMERGENCY_PAPERWORK_OVERDUE,
  TEKUN_BELOW_FLOOR,
  SHARED_ACCOUNT,
  ENROLLMENT_WITHOUT_DECISION,
  PAID_AFTER_STOP,
};

export type { AnomalyRule, RuleEnv } from './rule.ts';
