import { formatYuan } from '../../kernel/money.ts';
import { ageOn, firstDayOf, type PlainDate, type PlainMonth } from '../../kernel/plain-date.ts';
import type { ParameterSet } from '../../policy/parameter-set.ts';
import { paramContext, type ParamContext } from '../common/param-context.ts';
import { REASONS } from '../common/reasons.ts';
import type { Determination, Reason } from '../common/result.ts';
import type { Situation } from '../situation.ts';
import { upliftFractions } from './determine.ts';
import { COUNTED, incomeClasses, LOCALLY_EXCLUDED, type IncomeClasses } from './income.ts';

/**
 * The untraced dibao household determination in exact integer arithmetic: money in fen, fractions as
 * integers over a power of ten, and the one division by 12 done with an integer remainder. Results are
 * identical to `determineDibaoExact` (a property test checks it); when a parameter or an amount does not
 * fit this representation, `determineDibaoFast` returns null and the caller uses the exact path.
 */
export interface DibaoCompiled {
  /** False when a parameter has more decimals than the integer representation allows. */
  representable: boolean;
  day: PlainDate;
  /** Annual standard in fen per person (urban: monthly × 12). */
  standardFen: number;
  classes: IncomeClasses;
  /** Financial assets per person ≤ assetNum / assetDen × annual standard. */
  assetNum: number;
  assetDen: number;
  maxVehicles: number;
  /** Uplift fractions (elderly, minor, severe disability, serious illness) over `upliftScale`. */
  uplift: readonly [number, number, number, number];
  upliftScale: number;
  anyUplift: boolean;
  elderlyAge: number;
  adultAge: number;
  severeMaxGrade: number;
}

const SAFE = Number.MAX_SAFE_INTEGER;

/** A finite decimal as an integer over 10^k (k ≤ 6), or null. */
export function scaled(x: number): { num: number; den: number } | null {
  const m = /^(-?\d+)(?:\.(\d{1,6}))?$/.exec(String(x));
  if (!m) return null;
  const den = 10 ** (m[2]?.length ?? 0);
  const num = Math.round(x * den);
  return Number.isSafeInteger(num) ? { num, den } : null;
}

export function compileDibao(ctx: ParamContext, hukou: 'rural' | 'urban'): DibaoCompiled {
  // The urban standard is monthly: scale it first, then × 12 in integers (593.33 × 12 is inexact in floats).
  const std = scaled(ctx.num(hukou === 'rural' ? 'dibao.standard.rural' : 'dibao.standard.urban').value);
  const stdFen = std && std.den <= 100 ? ((std.num * 100) / std.den) * (hukou === 'rural' ? 1 : 12) : NaN;
  const asset = scaled(ctx.num('dibao.assets.financialMultiple').value);
  const fr = upliftFractions(ctx).map((f) => scaled(f.value));
  const scale = Math.max(1, ...fr.map((f) => f?.den ?? 1));
  const uplift = fr.map((f) => (f ? (f.num * scale) / f.den : NaN)) as unknown as [number, number, number, number];
  const representable =
    Number.isSafeInteger(stdFen) && stdFen > 0 && asset !== null && uplift.every((u) => Number.isSafeInteger(u) && u >= 0);
  return {
    representable,
    day: ctx.day,
    standardFen: stdFen,
    classes: incomeClasses(ctx),
    assetNum: asset?.num ?? 0,
    assetDen: asset?.den ?? 1,
    maxVehicles: ctx.num('dibao.assets.maxVehicles').value,
    uplift,
    upliftScale: scale,
    anyUplift: uplift.some((u) => u !== 0),
    elderlyAge: ctx.num('person.age.elderly').value,
    adultAge: ctx.num('person.age.adult').value,
    severeMaxGrade: ctx.num('person.disability.severeMaxGrade').value,
  };
}

const compiledBySet = new WeakMap<ParameterSet, Map<string, DibaoCompiled>>();

/** Compiled parameters per (county, month, hukou), built once per parameter set. */
export function dibaoCompiled(ps: ParameterSet, county: string, month: PlainMonth, hukou: 'rural' | 'urban'): DibaoCompiled {
  let m = compiledBySet.get(ps);
  if (!m) compiledBySet.set(ps, (m = new Map()));
  const key = county + month + hukou;
  let c = m.get(key);
  if (!c) {
    c = compileDibao(paramContext(ps, county, firstDayOf(month)), hukou);
    m.set(key, c);
  }
  return c;
}

/** Household-unit determination without trace; null when the exact path must decide. */
export function determineDibaoFast(s: Situation, c: DibaoCompiled): Determination | null {
  if (!c.representable || s.unit !== 'household') return null;
  const h = s.household;
  const reasons: Reason[] = [];
  const members = h.members;
  let n = 0;
  for (let i = 0; i < members.length; i++) if (members[i].status === 'resident') n++;
  if (n < members.length) reasons.push(REASONS.MEMBER_NOT_COUNTED);
  if (n === 0) {
    reasons.push(REASONS.NO_MEMBERS_IN_UNIT);
    return result(s, false, 0, reasons);
  }
  const byKind = c.classes.byKind;
  let total = 0;
  let local = 0;
  let statutory = 0;
  const incomes = h.incomes;
  for (let i = 0; i < incomes.length; i++) {
    const f = Math.round(incomes[i].annual * 100);
    total += f;
    const k = byKind[incomes[i].kind];
    if (k === COUNTED) continue;
    if (k === LOCALLY_EXCLUDED) local += f;
    else statutory += f;
  }
  if (local > 0) reasons.push(REASONS.INCOME_KIND_EXCLUDED);
  if (statutory > 0) reasons.push(REASONS.ASSISTANCE_INCOME_EXCLUDED);
  let countable = total - local - statutory;
  const ded = h.deductions;
  if (ded.length > 0) {
    let d = 0;
    for (let i = 0; i < ded.length; i++) d += Math.round(ded[i].annual * 100);
    if (d > 0) {
      if (c.classes.rule.deductions) {
        reasons.push(REASONS.DEDUCTIONS_APPLIED);
        countable = Math.max(0, countable - d);
      } else reasons.push(REASONS.DEDUCTIONS_NOT_APPLICABLE);
    }
  }
  const S = c.standardFen;
  const limit = S * n;
  const incomeOk = countable < limit;
  reasons.push(incomeOk ? REASONS.INCOME_BELOW_STANDARD : REASONS.INCOME_AT_OR_ABOVE_STANDARD);

  const F = Math.round(h.assets.financial * 100);
  const lhs = F * c.assetDen;
  const rhs = c.assetNum * limit;
  if (lhs > SAFE || rhs > SAFE || total > SAFE) return null;
  const financialOk = lhs <= rhs;
  const vehiclesOk = h.assets.vehicles <= c.maxVehicles;
  if (!financialOk) reasons.push(REASONS.FINANCIAL_ASSETS_ABOVE_LIMIT);
  if (!vehiclesOk) reasons.push(REASONS.VEHICLE_NOT_ALLOWED);
  if (financialOk && vehiclesOk) reasons.push(REASONS.ASSETS_WITHIN_LIMIT);
  if (!(incomeOk && financialOk && vehiclesOk)) {
    if (!incomeOk && h.registeredPoor) reasons.push(REASONS.GRADUAL_EXIT_MAY_APPLY);
    return result(s, false, 0, reasons);
  }
  const scale = c.upliftScale;
  let u = 0;
  if (c.anyUplift) {
    for (let i = 0; i < members.length; i++) {
      const m = members[i];
      if (m.status !== 'resident') continue;
      const age = ageOn(m.birthDate, c.day);
      let best = 0;
      if (age >= c.elderlyAge && c.uplift[0] > best) best = c.uplift[0];
      if (age < c.adultAge && c.uplift[1] > best) best = c.uplift[1];
      if (m.disability !== undefined && m.disability.grade <= c.severeMaxGrade && c.uplift[2] > best) best = c.uplift[2];
      if (m.seriousIllness && c.uplift[3] > best) best = c.uplift[3];
      u += best;
    }
  }
  // amount = ((S·n − I)·scale + S·Σu) / (12·scale) fen, rounded half-up once
  const num = (limit - countable) * scale + S * u;
  if (limit * scale + S * u > SAFE) return null;
  const den = 12 * scale;
  let q = Math.floor(num / den);
  const r = num - q * den;
  if (r < 0) q -= 1;
  else if (r >= den) q += 1;
  const rem = num - q * den;
  const fen = rem * 2 >= den ? q + 1 : q;
  if (fen === 0) {
    reasons.push(REASONS.BENEFIT_ROUNDS_TO_ZERO);
    return result(s, false, 0, reasons);
  }
  reasons.push(REASONS.BENEFIT_IS_GAP);
  if (u > 0) reasons.push(REASONS.UPLIFT_APPLIED);
  return result(s, true, fen, reasons);
}

function result(s: Situation, eligible: boolean, fen: number, reasons: Reason[]): Determination {
  return {
    program: 'dibao',
    month: s.month,
    county: s.county,
    eligible,
    amount: { fen, yuan: formatYuan(fen), per: 'month' },
    reasons,
    trace: [],
  };
}
