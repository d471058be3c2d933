import type { ParameterSet } from '../../policy/parameter-set.ts';
import type { Determination } from '../common/result.ts';
import type { Situation } from '../situation.ts';
import { determineDibaoExact } from './determine.ts';
import { determineDibaoFast, dibaoCompiled } from './fast.ts';

/**
 * 最低生活保障 dibao determination. Traced: the exact Dec path with every step. Untraced: the integer fast
 * path over parameters precompiled per (county, month, hukou), falling back to the exact path when it must.
 */
export function determineDibao(s: Situation, ps: ParameterSet, trace = false): Determination {
  if (!trace && s.unit === 'household') {
    const r = determineDibaoFast(s, dibaoCompiled(ps, s.county, s.month, s.household.hukou));
    if (r) return r;
  }
  return determineDibaoExact(s, ps, trace);
}
