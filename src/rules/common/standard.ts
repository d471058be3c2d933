import type { Dec } from '../../kernel/money.ts';
import type { ParamContext } from './param-context.ts';
import type { ParamUse } from './result.ts';
import type { Tracer } from './tracer.ts';

type D = InstanceType<typeof Dec>;

export interface DibaoStandard {
  /** Yuan per person per year (urban: the monthly standard × 12). */
  annual: D;
  /** Yuan per person per month, for display; formulas divide by 12 once, at the end. */
  monthly: D;
  use: ParamUse;
}

/**
 * The dibao standard of the household's registration: rural is set per year (4,770 → 397.50 a month,
 * POLICY.md §1), urban per month.
 */
export function dibaoStandard(hukou: 'rural' | 'urban', ctx: ParamContext, t: Tracer): DibaoStandard {
  if (hukou === 'rural') {
    const p = ctx.num('dibao.standard.rural');
    const monthly = p.dec.div(12);
    t.step('standard.annual', p.dec, [p.use]);
    t.step('standard.monthly', monthly, [p.use], `${p.dec.toFixed()} / 12`);
    return { annual: p.dec, monthly, use: p.use };
  }
  const p = ctx.num('dibao.standard.urban');
  const annual = p.dec.times(12);
  t.step('standard.monthly', p.dec, [p.use]);
  t.step('standard.annual', annual, [p.use], `${p.dec.toFixed()} × 12`);
  return { annual, monthly: p.dec, use: p.use };
}
