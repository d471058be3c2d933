import type { Dec } from '../../kernel/money.ts';
import type { ParamContext } from './param-context.ts';
import type { ParamUse, TraceStep } from './result.ts';

type D = InstanceType<typeof Dec>;

export interface DibaoStandard {
  /** Yuan per person per year (urban: the monthly standard × 12). */
  annual: D;
  /** Yuan per person per month, for display; formulas divide by 12 once, at the end. */
  monthly: D;
  use: ParamUse;
  uses: readonly ParamUse[];
  /** The standard's trace steps, shared by every determination of the county and day. */
  steps: readonly TraceStep[];
}

/**
 * The dibao standard of the household's registration: rural is set per year (4,770 → 397.50 a month,
 * POLICY.md §1), urban per month. Memoised per county, day and registration.
 */
export function dibaoStandard(hukou: 'rural' | 'urban', ctx: ParamContext): DibaoStandard {
  const key = `standard.${hukou}`;
  const hit = ctx.memo.get(key) as DibaoStandard | undefined;
  if (hit) return hit;
  const p = ctx.num(hukou === 'rural' ? 'dibao.standard.rural' : 'dibao.standard.urban');
  const uses = Object.freeze([p.use]);
  const annual = hukou === 'rural' ? p.dec : p.dec.times(12);
  const monthly = hukou === 'rural' ? p.dec.div(12) : p.dec;
  const steps: TraceStep[] =
    hukou === 'rural'
      ? [
          { step: 'standard.annual', value: annual.toFixed(), params: uses },
          { step: 'standard.monthly', value: monthly.toFixed(), params: uses, formula: `${p.dec.toFixed()} / 12` },
        ]
      : [
          { step: 'standard.monthly', value: monthly.toFixed(), params: uses },
          { step: 'standard.annual', value: annual.toFixed(), params: uses, formula: `${p.dec.toFixed()} × 12` },
        ];
  const std: DibaoStandard = { annual, monthly, use: p.use, uses, steps: Object.freeze(steps.map((s) => Object.freeze(s))) };
  ctx.memo.set(key, std);
  return std;
}
