import { createHash } from 'node:crypto';
import { canonicalJson } from '../../db/audit.ts';
import { addMonths, firstDayOf, monthOf, type PlainDate, type PlainMonth } from '../../kernel/plain-date.ts';
import type { ParameterSet } from '../../policy/parameter-set.ts';
import type { ParamUse } from '../../rules/common/result.ts';
import { incomeRules } from '../../rules/dibao/income.ts';
import { tekunRules } from '../../rules/tekun/tekun.ts';

/** County → city → province: the areas whose parameter values apply to a county (as the parameter set looks them up). */
export function areaChain(county: string): string[] {
  return [...new Set([county, `${county.slice(0, 4)}00`, `${county.slice(0, 2)}0000`])];
}

/**
 * The first benefit month a value effective on `day` governs: rules read parameters on the first day of the month,
 * so a value from the 1st changes that month, a value from the 15th the next one.
 */
export function monthGoverned(day: string): PlainMonth {
  const m = monthOf(day as PlainDate);
  return day.endsWith('-01') ? m : addMonths(m, 1);
}

/** The dated rules the engine switches between (nat-2012 → nat-2021 income, nat-2016 → nat-2021 tekun). */
const DATED_RULES = [incomeRules, tekunRules];

/**
 * Months in which something an amount depends on may change value for one county: every dated value of every
 * parameter in force there (shipped files and administrators' overrides), and every switch of a dated rule up to
 * `horizon`. A month not in this list has the parameters and rules of the month before it.
 */
export function changeMonths(ps: ParameterSet, county: string, horizon: PlainMonth): PlainMonth[] {
  const areas = new Set(areaChain(county));
  const out = new Set<PlainMonth>();
  for (const def of ps.definitions()) for (const e of ps.history(def.name)) if (areas.has(e.area)) out.add(monthGoverned(e.effectiveFrom));
  let last = horizon;
  for (const m of out) if (m > last) last = m;
  for (const rule of DATED_RULES) {
    let prev: string | null = null;
    for (let m = '2012-01' as PlainMonth; m <= last; m = addMonths(m, 1)) {
      let from: string | null;
      try {
        from = rule(firstDayOf(m)).from;
      } catch {
        from = null;
      }
      if (prev !== null && from !== prev) out.add(m);
      prev = from;
    }
  }
  return [...out].sort();
}

/**
 * A digest of everything `changeMonths` and the amounts rest on for the county: every dated value in its area chain.
 * Enrollments recalculated under the same fingerprint need no second pass (idempotent, and cheap to repeat before
 * every roll); a new override changes it, and every enrollment of the county is looked at again.
 */
export function parameterFingerprint(ps: ParameterSet, county: string): string {
  const areas = new Set(areaChain(county));
  const values: unknown[] = [];
  for (const def of ps.definitions()) {
    for (const e of ps.history(def.name)) if (areas.has(e.area)) values.push([def.name, e.area, e.effectiveFrom, e.value, e.source]);
  }
  return createHash('sha256').update(canonicalJson({ v: 1, county, values })).digest('hex');
}

/** Why a recalculated amount differs: the parameters read whose value differs from the month before, with citations. */
export function changedParameters(ps: ParameterSet, county: string, month: PlainMonth, uses: readonly ParamUse[]): string[] {
  const before = firstDayOf(addMonths(month, -1));
  const seen = new Set<string>();
  const out: string[] = [];
  for (const u of uses) {
    if (seen.has(u.name)) continue;
    seen.add(u.name);
    const prev = ps.find(u.name, county, before);
    if (prev && canonicalJson(prev.value) === canonicalJson(u.value)) continue;
    out.push(`${u.name}: ${prev ? canonicalJson(prev.value) : '—'} → ${canonicalJson(u.value)}（${u.effectiveFrom} 起 from; ${u.citation}）`);
  }
  return out;
}
