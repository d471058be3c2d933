import type { ParameterSet } from '../../policy/parameter-set.ts';
import type { Determination } from '../common/result.ts';
import type { Situation } from '../situation.ts';
import { INEXACT } from './arithmetic.ts';
import { determineDibaoWith } from './determine.ts';
import { dibaoParams } from './params.ts';

/**
 * 最低生活保障 dibao determination: the one rule (determine.ts) in fixed-point integers over parameters compiled per
 * (county, month, hukou), traced or not; in exact decimals when a parameter or an amount does not fit the integers.
 * Both give identical results and traces (property-tested in dibao.test.ts; ADR 0020).
 */
export function determineDibao(s: Situation, ps: ParameterSet, trace = false): Determination {
  const p = dibaoParams(ps, s.county, s.month, s.household.hukou);
  if (p.fixed) {
    try {
      return determineDibaoWith(s, p.fixed, trace);
    } catch (e) {
      if (e !== INEXACT) throw e;
    }
  }
  return determineDibaoWith(s, p.exact, trace);
}
