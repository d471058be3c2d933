import type { RuleCode } from '../../../contracts/supervision.ts';
import type { Db } from '../../../db/connect.ts';
import type { BilingualMessage } from '../../../kernel/errors.ts';
import type { PlainDate } from '../../../kernel/plain-date.ts';
import type { ParameterSet } from '../../../policy/parameter-set.ts';

/** What a rule reads when it runs for one county of a run. */
export interface RuleEnv {
  db: Db;
  runId: string;
  county: string;
  /** The run's business day (China time): deadlines and "overdue" are measured against it. */
  day: PlainDate;
  parameters: ParameterSet;
}

/**
 * 异常规则 One anomaly rule (issue 16 point 1, ADR 0046): its code, its names, the clause it rests on, why a finding
 * matters, and how it stages its findings for a county (one set-based statement into `finding_candidate`, or, for
 * the two rules that need the engine or the parameters, their batch path).
 */
export interface AnomalyRule {
  code: RuleCode;
  name: BilingualMessage;
  /** The document and clause the rule applies. */
  citation: string;
  /** What a finding of the rule means, for whoever must rectify it. */
  why: BilingualMessage;
  stage(env: RuleEnv): Promise<void>;
}
