import { formatYuan } from '../../kernel/money.ts';
import { ageOn, firstDayOf, type PlainDate, type PlainMonth } from '../../kernel/plain-date.ts';
import type { ParameterSet } from '../../policy/parameter-set.ts';
import { decimalString, fenString } from '../common/decimal-string.ts';
import { paramContext, type ParamContext } from '../common/param-context.ts';
import { REASONS } from '../common/reasons.ts';
import type { Determination, ParamUse, Reason, TraceStep } from '../common/result.ts';
import type { Situation } from '../situation.ts';
import { dibaoBase, type DibaoBase } from './determine.ts';
import { COUNTED, incomeClasses, LOCALLY_EXCLUDED, type IncomeClasses } from './income.ts';

/**
 * The dibao household determination in exact integer arithmetic: money in fen, fractions as integers over
 * a power of ten, each division done with an integer remainder, and trace values printed from the exact
 * rationals. Results and traces are identical to `determineDibaoExact` (property tests check it); when a
 * parameter or an amount does not fit this representation, `determineDibaoFast` returns null and the
 * caller uses the Dec path.
 */
export interface DibaoCompiled {
  /** False when a parameter has more decimals than the integer representation allows. */
  representable: boolean;
  day: PlainDate;
  /** Annual standard in fen per person (urban: monthly × 12), and as yuan text. */
  standardFen: number;
  standardText: string;
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
  /** Shared values and trace steps of the Dec path, reused so both paths print the same trace. */
  base: DibaoBase;
  upliftUses: readonly ParamUse[];
}

const SAFE = Number.MAX_SAFE_INTEGER;
const NONE: readonly ParamUse[] = Object.freeze([]);

/** A finite decimal as an integer over 10^k (k ≤ 6), or null. */
export function scaled(x: number): { num: number; den: number } | null {
  const m = /^(-?\d+)(?:\.(\d{1,6}))?$/.exec(String(x));
  if (!m) return null;
  const den = 10 ** (m[2]?.length ?? 0);
  const num = Math.round(x * den);
  return Number.isSafeInteger(num) ? { num, den } : null;
}

export function compileDibao(ctx: ParamContext, hukou: 'rural' | 'urban'): DibaoCompiled {
  const base = dibaoBase(ctx, hukou);
  // The urban standard is monthly: scale it first, then × 12 in integers (593.33 × 12 is inexact in floats).
  const std = scaled(ctx.num(hukou === 'rural' ? 'dibao.standard.rural' : 'dibao.standard.urban').value);
  const stdFen = std && std.den <= 100 ? ((std.num * 100) / std.den) * (hukou === 'rural' ? 1 : 12) : NaN;
  const asset = scaled(ctx.num('dibao.assets.financialMultiple').value);
  const fr = base.uplift.fractions.map((f) => scaled(f.value));
  const scale = Math.max(1, ...fr.map((f) => f?.den ?? 1));
  const uplift = fr.map((f) => (f ? (f.num * scale) / f.den : NaN)) as unknown as [number, number, number, number];
  const representable =
    Number.isSafeInteger(stdFen) && stdFen > 0 && asset !== null && uplift.every((u) => Number.isSafeInteger(u) && u >= 0);
  return {
    representable,
    day: ctx.day,
    standardFen: stdFen,
    standardText: Number.isSafeInteger(stdFen) ? fenString(stdFen) : '',
    classes: incomeClasses(ctx),
    assetNum: asset?.num ?? 0,
    assetDen: asset?.den ?? 1,
    maxVehicles: base.maxVehicles,
    uplift,
    upliftScale: scale,
    anyUplift: uplift.some((u) => u !== 0),
    elderlyAge: base.uplift.elderly.value,
    adultAge: base.uplift.adult.value,
    severeMaxGrade: ctx.num('person.disability.severeMaxGrade').value,
    base,
    upliftUses: base.uplift.fractions.map((f) => f.use),
  };
}

const compiledBySet = new WeakMap<ParameterSet, Map<string, Map<string, { rural?: DibaoCompiled; urban?: DibaoCompiled }>>>();

/** Compiled parameters per (county, month, hukou), built once per parameter set; nested maps, no key strings. */
export function dibaoCompiled(ps: ParameterSet, county: string, month: PlainMonth, hukou: 'rural' | 'urban'): DibaoCompiled {
  let byCounty = compiledBySet.get(ps);
  if (!byCounty) compiledBySet.set(ps, (byCounty = new Map()));
  let byMonth = byCounty.get(county);
  if (!byMonth) byCounty.set(county, (byMonth = new Map()));
  let slot = byMonth.get(month);
  if (!slot) byMonth.set(month, (slot = {}));
  return (slot[hukou] ??= compileDibao(paramContext(ps, county, firstDayOf(month)), hukou));
}

function step(steps: TraceStep[], name: string, value: string, params: readonly ParamUse[], formula?: string): void {
  steps.push(formula === undefined ? { step: name, value, params } : { step: name, value, params, formula });
}

/** Household-unit determination, traced on request; null when the Dec path must decide. */
export function determineDibaoFast(s: Situation, c: DibaoCompiled, trace = false): Determination | null {
  if (!c.representable || s.unit !== 'household') return null;
  const h = s.household;
  const reasons: Reason[] = [];
  const steps: TraceStep[] | null = trace ? [...c.base.std.steps] : null;
  const members = h.members;
  let n = 0;
  for (let i = 0; i < members.length; i++) if (members[i].status === 'resident') n++;
  if (n < members.length) reasons.push(REASONS.MEMBER_NOT_COUNTED);
  if (steps) step(steps, 'unit.householdSize', String(n), NONE, `${members.length} members, ${members.length - n} not counted`);
  if (n === 0) {
    reasons.push(REASONS.NO_MEMBERS_IN_UNIT);
    return result(s, false, 0, reasons, steps);
  }
  if (steps) step(steps, 'unit.members', String(n), NONE, 'co-resident household members');

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
  const rule = c.classes.rule;
  if (steps) {
    steps.push(c.classes.ruleStep);
    step(steps, 'income.total', fenString(total), NONE, incomes.map((i) => `${i.kind} ${i.annual}`).join(' + ') || '0');
  }
  let countable = total;
  if (local > 0) {
    reasons.push(REASONS.INCOME_KIND_EXCLUDED);
    if (steps) step(steps, 'income.excluded.local', fenString(local), c.classes.listUses);
    countable -= local;
  }
  if (statutory > 0) {
    reasons.push(REASONS.ASSISTANCE_INCOME_EXCLUDED);
    if (steps) step(steps, 'income.excluded.statutory', fenString(statutory), NONE, rule.citation);
    countable -= statutory;
  }
  const ded = h.deductions;
  if (ded.length > 0) {
    let d = 0;
    for (let i = 0; i < ded.length; i++) d += Math.round(ded[i].annual * 100);
    if (d > 0) {
      if (rule.deductions) {
        reasons.push(REASONS.DEDUCTIONS_APPLIED);
        if (steps) step(steps, 'income.deductions', fenString(d), NONE, rule.citation);
        countable = Math.max(0, countable - d);
      } else reasons.push(REASONS.DEDUCTIONS_NOT_APPLICABLE);
    }
  }
  const S = c.standardFen;
  const limit = S * n;
  const incomeOk = countable < limit;
  const F = Math.round(h.assets.financial * 100);
  const lhs = F * c.assetDen;
  const rhs = c.assetNum * limit;
  if (lhs > SAFE || rhs > SAFE || total > SAFE || 1200 * n * c.upliftScale * 10 > SAFE) return null;
  const std = c.base.std;
  const countableText = steps ? fenString(countable) : '';
  if (steps) {
    step(steps, 'income.countable', countableText, NONE, 'total − excluded − deductions, at least 0');
    step(steps, 'income.perCapitaMonthly', decimalString(countable, 1200 * n), NONE, `${countableText} / 12 / ${n}`);
    step(steps, 'test.income', String(incomeOk), std.uses, 'income per person per month < monthly standard (strictly)');
  }
  reasons.push(incomeOk ? REASONS.INCOME_BELOW_STANDARD : REASONS.INCOME_AT_OR_ABOVE_STANDARD);

  const financialOk = lhs <= rhs;
  const vehiclesOk = h.assets.vehicles <= c.maxVehicles;
  if (steps) {
    step(steps, 'assets.financialPerCapita', decimalString(F, 100 * n), NONE, `${h.assets.financial} / ${n}`);
    steps.push(c.base.financialLimitStep);
    step(steps, 'test.assets', String(financialOk && vehiclesOk), c.base.assetUses, `financial per person ≤ limit; vehicles ${h.assets.vehicles} ≤ ${c.maxVehicles}`);
  }
  if (!financialOk) reasons.push(REASONS.FINANCIAL_ASSETS_ABOVE_LIMIT);
  if (!vehiclesOk) reasons.push(REASONS.VEHICLE_NOT_ALLOWED);
  if (financialOk && vehiclesOk) reasons.push(REASONS.ASSETS_WITHIN_LIMIT);
  if (!(incomeOk && financialOk && vehiclesOk)) {
    if (!incomeOk && h.registeredPoor) reasons.push(REASONS.GRADUAL_EXIT_MAY_APPLY);
    return result(s, false, 0, reasons, steps);
  }

  const gap = limit - countable;
  if (steps) {
    step(steps, 'gap.perPerson', decimalString(gap, 1200 * n), std.uses, 'monthly standard − income per person per month');
    step(steps, 'gap.total', decimalString(gap, 1200), std.uses, `(${c.standardText} × ${n} − ${countableText}) / 12`);
    steps.push(c.base.uplift.step);
  }
  const scale = c.upliftScale;
  let u = 0;
  if (c.anyUplift) u = upliftSum(members, c, steps);
  if (u > 0 && steps) step(steps, 'uplift.total', decimalString(S * u, 1200 * scale), std.uses, `monthly standard × ${decimalString(u, scale)}`);
  // amount = ((S·n − I)·scale + S·Σu) / (12·scale) fen, rounded half-up once
  const num = gap * scale + S * u;
  if (limit * scale + S * u > SAFE) return null;
  const den = 12 * scale;
  let q = Math.floor(num / den);
  const r = num - q * den;
  if (r < 0) q -= 1;
  else if (r >= den) q += 1;
  const fen = (num - q * den) * 2 >= den ? q + 1 : q;
  if (steps) {
    step(steps, 'amount.exact', decimalString(num, 100 * den), NONE, 'gap total + uplifts');
    step(steps, 'amount.fen', String(fen), NONE, 'rounded half-up to the fen, once');
  }
  if (fen === 0) {
    reasons.push(REASONS.BENEFIT_ROUNDS_TO_ZERO);
    return result(s, false, 0, reasons, steps);
  }
  reasons.push(REASONS.BENEFIT_IS_GAP);
  if (u > 0) reasons.push(REASONS.UPLIFT_APPLIED);
  return result(s, true, fen, reasons, steps);
}

/** Σ over counted members of the largest uplift (integers over upliftScale) among the member's groups. */
function upliftSum(members: Situation['household']['members'], c: DibaoCompiled, steps: TraceStep[] | null): number {
  const f = c.base.uplift;
  let u = 0;
  let j = 0;
  for (let i = 0; i < members.length; i++) {
    const m = members[i];
    if (m.status !== 'resident') continue;
    const age = ageOn(m.birthDate, c.day);
    const groups = [age >= c.elderlyAge, age < c.adultAge, m.disability !== undefined && m.disability.grade <= c.severeMaxGrade, m.seriousIllness];
    let best = 0;
    const used: ParamUse[] | null = steps ? [f.elderly.use, f.adult.use] : null;
    for (let g = 0; g < 4; g++) {
      if (!groups[g]) continue;
      used?.push(c.upliftUses[g]);
      if (c.uplift[g] > best) best = c.uplift[g];
    }
    if (best > 0 && steps && used) step(steps, `uplift.member.${j}`, decimalString(best, c.upliftScale), used, 'largest uplift of the member’s groups');
    u += best;
    j++;
  }
  return u;
}

function result(s: Situation, eligible: boolean, fen: number, reasons: Reason[], steps: TraceStep[] | null): Determination {
  return {
    program: 'dibao',
    month: s.month,
    county: s.county,
    eligible,
    amount: { fen, yuan: formatYuan(fen), per: 'month' },
    reasons,
    trace: steps ?? [],
  };
}
