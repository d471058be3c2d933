import type { ParameterSet } from '../policy/parameter-set.ts';
import type { Determination } from './common/result.ts';
import { determineDibao } from './dibao/dibao.ts';
import { determineHeating } from './heating/heating.ts';
import type { Situation } from './situation.ts';
import { determineTekun } from './tekun/tekun.ts';
import { determineTemporary } from './temporary/temporary.ts';

export interface DetermineOptions {
  /** Record every step with its parameters (slower); reasons are always given. */
  trace?: boolean;
}

/**
 * The policy engine's entry point: a validated situation and the parameters in force → a determination
 * that explains itself. Pure: "today" is the situation's month; parameters come in as data.
 */
export function determine(s: Situation, ps: ParameterSet, opts: DetermineOptions = {}): Determination {
  const set = s.parameters && Object.keys(s.parameters).length > 0 ? ps.withSituationParameters(s.parameters) : ps;
  const trace = opts.trace ?? false;
  switch (s.program) {
    case 'dibao':
      return determineDibao(s, set, trace);
    case 'tekun':
      return determineTekun(s, set, trace);
    case 'heating':
      return determineHeating(s, set, trace);
    case 'temporary':
      return determineTemporary(s, set, trace);
    default: {
      const never: never = s.program;
      throw new Error(`unknown program ${String(never)}`);
    }
  }
}
