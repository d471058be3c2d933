import type { ParameterSet } from '../../policy/parameter-set.ts';
import type { Determination } from '../common/result.ts';
import type { Situation } from '../situation.ts';
import { determineDibaoExact } from './determine.ts';
import { determineDibaoFast, dibaoCompiled } from './fast.ts';

/**
 * 最低生活保障 dibao determination. Household units go through the integer path over parameters
 * precompiled per (county, month, hukou), traced or not; individual inclusion and parameters that do not
 * fit integers go through the Dec path. Both give identical results and traces (property-tested).
 */
export function determineDibao(s: Situation, ps: ParameterSet, trace = false): Determination {
  if (s.unit === 'household') {
    const r = determineDibaoFast(s, dibaoCompiled(ps, s.county, s.month, s.household.hukou), trace);
    if (r) return r;
  }
  return determineDibaoExact(s, ps, trace);
}
