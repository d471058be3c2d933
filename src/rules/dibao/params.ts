import type { Dec } from '../../kernel/money.ts';
import { firstDayOf, type PlainMonth } from '../../kernel/plain-date.ts';
import type { ParameterSet } from '../../policy/parameter-set.ts';
import { paramContext, type NumberRead, type ParamContext } from '../common/param-context.ts';
import type { ParamUse, TraceStep } from '../common/result.ts';
import { dibaoStandard, type DibaoStandard } from '../common/standard.ts';
import { type Arithmetic, exact, FixedPoint } from './arithmetic.ts';
import { incomeClasses, type IncomeClasses } from './income.ts';

type D = InstanceType<typeof Dec>;

/** 分类施保 groups, in the order of their uplift parameters `dibao.uplift.<group>`. */
export const UPLIFT_GROUPS = ['elderly', 'minor', 'severeDisability', 'seriousIllness'] as const;

/** The parameters one dibao determination reads, in one arithmetic, with the trace steps every determination shares. */
export interface DibaoParams<V, F> {
  arith: Arithmetic<V, F>;
  ctx: ParamContext;
  std: DibaoStandard;
  classes: IncomeClasses;
  /** Standard per person per year (urban: the monthly standard × 12). */
  annual: V;
  /** Financial assets allowed per person: `dibao.assets.financialMultiple` × annual standard. */
  financialLimit: V;
  financialLimitStep: TraceStep;
  assetUses: readonly ParamUse[];
  maxVehicles: number;
  /** Uplift fractions in UPLIFT_GROUPS order, and their parameters. */
  uplift: readonly F[];
  upliftReads: readonly NumberRead[];
  upliftStep: TraceStep;
  anyUplift: boolean;
  elderly: NumberRead;
  adult: NumberRead;
  severeMaxGrade: number;
}

/** The arithmetic-free part, read once per county, day and registration. */
type Shared = Omit<DibaoParams<unknown, unknown>, 'arith' | 'annual' | 'financialLimit' | 'uplift'> & { multiple: NumberRead };

function shared(ctx: ParamContext, hukou: 'rural' | 'urban'): Shared {
  const std = dibaoStandard(hukou, ctx);
  const multiple = ctx.num('dibao.assets.financialMultiple');
  const vehicles = ctx.num('dibao.assets.maxVehicles');
  const upliftReads = UPLIFT_GROUPS.map((g) => ctx.num(`dibao.uplift.${g}`));
  const limit = multiple.dec.times(std.annual);
  return {
    ctx,
    std,
    classes: incomeClasses(ctx),
    multiple,
    financialLimitStep: Object.freeze({ step: 'assets.financialLimit', value: limit.toFixed(), params: Object.freeze([multiple.use, std.use]), formula: `${multiple.value} × annual standard` }),
    assetUses: Object.freeze([multiple.use, vehicles.use]),
    maxVehicles: vehicles.value,
    upliftReads,
    upliftStep: Object.freeze({ step: 'uplift.fractions', value: upliftReads.map((f) => f.value).join(' / '), params: Object.freeze(upliftReads.map((f) => f.use)), formula: UPLIFT_GROUPS.join(' / ') }),
    anyUplift: upliftReads.some((f) => f.value !== 0),
    elderly: ctx.num('person.age.elderly'),
    adult: ctx.num('person.age.adult'),
    severeMaxGrade: ctx.num('person.disability.severeMaxGrade').value,
  };
}

function exactParams(s: Shared): DibaoParams<D, D> {
  const { multiple, ...rest } = s;
  return { ...rest, arith: exact, annual: s.std.annual, financialLimit: multiple.dec.times(s.std.annual), uplift: s.upliftReads.map((f) => f.dec) };
}

/** A finite decimal with at most 6 decimals as an integer over 10^k, or null. */
export function scaled(x: number): { num: number; den: number } | null {
  const m = /^(-?\d+)(?:\.(\d{1,6}))?$/.exec(String(x));
  if (!m) return null;
  const den = 10 ** (m[2]?.length ?? 0);
  const num = Math.round(x * den);
  return Number.isSafeInteger(num) ? { num, den } : null;
}

/** The parameters in fixed point, or null when one does not fit (a standard below the fen, a fraction past 6 decimals). */
function fixedParams(s: Shared, hukou: 'rural' | 'urban'): DibaoParams<number, number> | null {
  const std = scaled(s.ctx.num(hukou === 'rural' ? 'dibao.standard.rural' : 'dibao.standard.urban').value);
  const fractions = [s.multiple, ...s.upliftReads].map((f) => scaled(f.value));
  if (!std || std.den > 100 || std.num <= 0 || fractions.some((f) => f === null || f.num < 0)) return null;
  const scale = Math.max(1, ...fractions.map((f) => (f as { den: number }).den));
  const [multiple, ...uplift] = fractions.map((f) => ((f as { num: number }).num * scale) / (f as { den: number }).den);
  // The urban standard is monthly: × 12 in integers (593.33 × 12 is inexact in floats).
  const annualFen = ((std.num * 100) / std.den) * (hukou === 'rural' ? 1 : 12);
  const arith = new FixedPoint(scale);
  const annual = annualFen * scale;
  if (!Number.isSafeInteger(annual) || !Number.isSafeInteger(annualFen * multiple)) return null;
  const { multiple: _m, ...rest } = s;
  return { ...rest, arith, annual, financialLimit: annualFen * multiple, uplift };
}

interface Compiled {
  fixed: DibaoParams<number, number> | null;
  exact: DibaoParams<D, D>;
}

const bySet = new WeakMap<ParameterSet, Map<string, Map<string, { rural?: Compiled; urban?: Compiled }>>>();

/** The parameters of a county, month and registration in both arithmetics, read once per parameter set (nested maps, no key strings). */
export function dibaoParams(ps: ParameterSet, county: string, month: PlainMonth, hukou: 'rural' | 'urban'): Compiled {
  let byCounty = bySet.get(ps);
  if (!byCounty) bySet.set(ps, (byCounty = new Map()));
  let byMonth = byCounty.get(county);
  if (!byMonth) byCounty.set(county, (byMonth = new Map()));
  let slot = byMonth.get(month);
  if (!slot) byMonth.set(month, (slot = {}));
  let c = slot[hukou];
  if (!c) {
    const s = shared(paramContext(ps, county, firstDayOf(month)), hukou);
    c = slot[hukou] = { fixed: fixedParams(s, hukou), exact: exactParams(s) };
  }
  return c;
}
