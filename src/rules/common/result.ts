import type { BilingualMessage } from '../../kernel/errors.ts';
import { formatYuan, type Fen } from '../../kernel/money.ts';
import type { PlainMonth } from '../../kernel/plain-date.ts';
import type { ParamValue } from '../../policy/types.ts';

export type Program = 'dibao' | 'tekun' | 'heating' | 'temporary';

/** A reason for a determination, with the clause it rests on. Shared, frozen objects: never mutate. */
export interface Reason {
  code: string;
  message: BilingualMessage;
  citation: string;
}

/** A parameter read by a step, with the value, date and citation that applied. */
export interface ParamUse {
  name: string;
  value: ParamValue;
  effectiveFrom: string;
  citation: string;
  area: string;
  source: 'file' | 'override';
  /** A labelled demo default (示例值), not law. */
  illustrative?: true;
}

/** One step of a calculation: its name, its unrounded value and the parameters it read. */
export interface TraceStep {
  step: string;
  value: string;
  params: readonly ParamUse[];
  formula?: string;
}

export type AmountPer = 'month' | 'season' | 'case';

export interface Amount {
  fen: Fen;
  yuan: string;
  per: AmountPer;
}

export type ApprovalLevel = 'township' | 'county' | 'collective';

/** What every rule returns: the decision, the amount, why, and (when asked) how it was computed. */
export interface Determination {
  program: Program;
  month: PlainMonth;
  county: string;
  eligible: boolean;
  amount: Amount;
  approvalLevel?: ApprovalLevel;
  reasons: Reason[];
  trace: TraceStep[];
  /** Program-specific facts a caller needs (care tier, unit size, paperwork deadline…). */
  details?: Record<string, string | number | boolean>;
}

export function amountOf(fen: Fen, per: AmountPer): Amount {
  return { fen, yuan: formatYuan(fen), per };
}
