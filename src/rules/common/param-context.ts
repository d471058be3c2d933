import { Dec } from '../../kernel/money.ts';
import type { PlainDate } from '../../kernel/plain-date.ts';
import type { ParameterSet } from '../../policy/parameter-set.ts';
import type { LookupResult } from '../../policy/types.ts';
import type { ParamUse } from './result.ts';

export interface NumberRead {
  value: number;
  dec: InstanceType<typeof Dec>;
  use: ParamUse;
}

export interface ListRead {
  value: readonly string[];
  use: ParamUse;
}

/**
 * The parameters in force for one county on one day, read once and memoised: determinations for many
 * households of the same county and month share one context (and whatever a rule compiles from it).
 */
export class ParamContext {
  readonly ps: ParameterSet;
  readonly county: string;
  readonly day: PlainDate;
  readonly #numbers = new Map<string, NumberRead>();
  readonly #lists = new Map<string, ListRead>();
  /** Rule-owned precomputations for this county and day (e.g. the dibao standard and income classes). */
  readonly memo = new Map<string, unknown>();

  constructor(ps: ParameterSet, county: string, day: PlainDate) {
    this.ps = ps;
    this.county = county;
    this.day = day;
  }

  num(name: string): NumberRead {
    let r = this.#numbers.get(name);
    if (!r) {
      const l = this.ps.number(name, this.county, this.day);
      r = { value: l.value, dec: new Dec(String(l.value)), use: Object.freeze(useOf(l)) };
      this.#numbers.set(name, r);
    }
    return r;
  }

  list(name: string): ListRead {
    let r = this.#lists.get(name);
    if (!r) {
      const l = this.ps.list(name, this.county, this.day);
      r = { value: l.value, use: Object.freeze(useOf(l)) };
      this.#lists.set(name, r);
    }
    return r;
  }
}

function useOf(l: LookupResult): ParamUse {
  const use: ParamUse = { name: l.name, value: l.value, effectiveFrom: l.effectiveFrom, citation: l.citation, area: l.area, source: l.source };
  if (l.illustrative) use.illustrative = true;
  return use;
}

const contexts = new WeakMap<ParameterSet, Map<string, Map<string, ParamContext>>>();

/** The shared context of a parameter set, county and day (nested maps: no key strings built per call). */
export function paramContext(ps: ParameterSet, county: string, day: PlainDate): ParamContext {
  let byCounty = contexts.get(ps);
  if (!byCounty) contexts.set(ps, (byCounty = new Map()));
  let byDay = byCounty.get(county);
  if (!byDay) byCounty.set(county, (byDay = new Map()));
  let ctx = byDay.get(day);
  if (!ctx) byDay.set(day, (ctx = new ParamContext(ps, county, day)));
  return ctx;
}
