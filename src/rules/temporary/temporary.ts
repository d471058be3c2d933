import { Dec, type Fen, yuanToFen } from '../../kernel/money.ts';
import { firstDayOf, type PlainDate } from '../../kernel/plain-date.ts';
import type { ParameterSet } from '../../policy/parameter-set.ts';
import { type ParamContext, paramContext } from '../common/param-context.ts';
import { isCounted } from '../common/person.ts';
import { REASONS } from '../common/reasons.ts';
import { amountOf, type ApprovalLevel, type Determination, type ParamUse, type Reason } from '../common/result.ts';
import { dibaoStandard } from '../common/standard.ts';
import { Tracer } from '../common/tracer.ts';
import { exact as decimals } from '../dibao/arithmetic.ts';
import { countIncome, incomeClasses } from '../dibao/income.ts';
import type { Situation } from '../situation.ts';
import { FIXED_AMOUNT_PARAM, OFFERED_PARAM, SAME_EVENT_WINDOW_PARAM, standardParams, type TemporaryCategory, type TemporaryTier } from './categories.ts';

type D = InstanceType<typeof Dec>;

/**
 * 临时救助 temporary aid for one case (seed 二(三); nat-2014; nat-2018; ADR 0038). Emergency (急难型): assist first,
 * paperwork within a deadline. Expenditure (支出型): household income per person below the local per-capita disposable
 * income. A category the county does not offer is not assisted. The category's standard is its need band's multiple of
 * the monthly dibao standard of the household's registration (轻度 need ≤ mild.upTo, 中度 ≤ moderate.upTo, 重度 above),
 * or its fixed amount; without a category, the normal maximum. The amount is min(need, standard). A need above the
 * normal maximum (maxMultiple × the monthly standard) is a major difficulty decided case by case (一事一议): the level is
 * `collective` and the engine proposes the maximum, which a recorded collective decision may exceed. Otherwise the level
 * is that of the amount: township ≤ ceiling < county ≤ maximum.
 */
export function determineTemporary(s: Situation, ps: ParameterSet, trace = false): Determination {
  const ctx = paramContext(ps, s.county, firstDayOf(s.month));
  const t = new Tracer(trace);
  const reasons: Reason[] = [];
  const tmp = s.temporary ?? { type: 'emergency' as const, need: 0 };
  const details: Record<string, string | number | boolean> = { type: tmp.type };
  const need = new Dec(tmp.need);
  const needFen = yuanToFen(need);
  details.needFen = needFen;
  t.step('need', need, [], `${tmp.type} need`);
  const refuse = (): Determination => ({ program: 'temporary', month: s.month, county: s.county, eligible: false, amount: amountOf(0, 'case'), reasons, trace: t.steps, details });

  if (tmp.category !== undefined) {
    details.category = tmp.category;
    const offered = ctx.list(OFFERED_PARAM);
    const ok = offered.value.includes(tmp.category);
    t.step('category.offered', ok, [offered.use], tmp.category);
    if (!ok) {
      reasons.push(REASONS.TEMPORARY_CATEGORY_NOT_OFFERED);
      return refuse();
    }
    reasons.push(REASONS.TEMPORARY_CATEGORY_OFFERED);
  }

  if (tmp.type === 'emergency') {
    reasons.push(REASONS.TEMPORARY_EMERGENCY, REASONS.TEMPORARY_PAPERWORK_DUE);
    const due = ctx.num('temporary.paperwork.deadlineWorkingDays');
    t.step('paperwork.deadlineWorkingDays', due.value, [due.use]);
    details.paperworkWorkingDays = due.value;
  } else {
    const n = Math.max(1, s.household.members.filter(isCounted).length);
    const countable = countIncome(decimals, s.household.incomes, s.household.deductions, incomeClasses(ctx), t, reasons);
    const limit = ctx.num('temporary.expenditure.incomeLimit');
    if (t.on) t.step('income.perCapitaAnnual', countable.div(n), [], `${countable.toFixed()} / ${n}`);
    const ok = countable.lessThan(limit.dec.times(n));
    t.step('test.income', ok, [limit.use], 'income per person per year < local per-capita disposable income');
    if (!ok) {
      reasons.push(REASONS.TEMPORARY_EXPENDITURE_INCOME_ABOVE_LIMIT);
      return refuse();
    }
    reasons.push(REASONS.TEMPORARY_EXPENDITURE_INCOME_BELOW_LIMIT);
  }

  const limits = limitsIn(ctx, s.household.hukou, t);
  details.maximumFen = limits.maximumFen;
  details.townshipCeilingFen = limits.townshipCeilingFen;
  const standard = tmp.category !== undefined ? categoryStandard(ctx, s.household.hukou, tmp.category, need, t) : undefined;
  if (standard) {
    details.basis = standard.basis;
    if (standard.tier) details.tier = standard.tier;
    details.standardFen = standard.fen;
  }

  const exceeds = needFen > limits.maximumFen;
  details.exceedsMaximum = exceeds;
  let fen: Fen;
  let level: ApprovalLevel;
  if (exceeds) {
    level = 'collective';
    fen = limits.maximumFen;
    reasons.push(REASONS.TEMPORARY_COLLECTIVE_DECISION, REASONS.TEMPORARY_CAPPED_AT_MAXIMUM);
    t.step('amount.exact', limits.maximum, [], 'the maximum; a collective decision may pay more');
  } else {
    // need ≤ maximum here, so the amount never exceeds the maximum whatever the standard.
    if (standard?.exact.lessThan(need)) {
      fen = standard.fen;
      reasons.push(REASONS.TEMPORARY_CAPPED_AT_STANDARD);
      t.step('amount.exact', standard.exact, [], 'need, at most the category standard');
    } else {
      fen = needFen;
      t.step('amount.exact', need, [], standard ? 'need, at most the category standard' : 'need, at most the maximum');
    }
    level = approvalLevelFor(fen, limits);
    reasons.push(level === 'township' ? REASONS.TEMPORARY_TOWNSHIP_APPROVES : REASONS.TEMPORARY_COUNTY_APPROVES);
  }
  t.step('approvalLevel', level, [limits.ceilingUse, limits.multipleUse], `township ≤ ${limits.ceiling} < county ≤ maximum < collective`);
  t.step('amount.fen', fen, [], 'rounded half-up to the fen, once');
  return {
    program: 'temporary', month: s.month, county: s.county, eligible: true, amount: amountOf(fen, 'case'), approvalLevel: level,
    reasons, trace: t.steps, details,
  };
}

/** The approval limits of a county on a day for a household's registration, in whole fen. */
export interface TemporaryLimits {
  /** The township approves an amount up to this (乡镇审批额度). */
  townshipCeilingFen: Fen;
  /** The normal maximum (maxMultiple × the monthly standard), rounded down to the fen so that no amount up to it exceeds it. */
  maximumFen: Fen;
}

/**
 * Who approves paying `amountFen` (分级审批): the township up to its ceiling, the county up to the normal maximum, above it
 * only a recorded collective decision (一事一议). The lead's commands recompute the level with this when the amount changes.
 */
export function approvalLevelFor(amountFen: number, limits: TemporaryLimits): ApprovalLevel {
  if (amountFen <= limits.townshipCeilingFen) return 'township';
  if (amountFen <= limits.maximumFen) return 'county';
  return 'collective';
}

interface LimitsRead extends TemporaryLimits {
  maximum: D;
  ceiling: number;
  ceilingUse: ParamUse;
  multipleUse: ParamUse;
}

function limitsIn(ctx: ParamContext, hukou: 'rural' | 'urban', t: Tracer): LimitsRead {
  const std = dibaoStandard(hukou, ctx);
  t.push(std.steps);
  const multiple = ctx.num('temporary.maxMultiple');
  const ceiling = ctx.num('temporary.townshipCeiling');
  const maximum = multiple.dec.times(std.annual).div(12);
  t.step('maximum', maximum, [multiple.use, std.use], `${multiple.value} × monthly standard`);
  return {
    townshipCeilingFen: yuanToFen(ceiling.dec),
    maximumFen: fenDown(maximum),
    maximum,
    ceiling: ceiling.value,
    ceilingUse: ceiling.use,
    multipleUse: multiple.use,
  };
}

export interface CategoryStandard {
  basis: 'tiers' | 'amount';
  /** The need band (tiers only). */
  tier?: TemporaryTier;
  /** Yuan, exact. */
  exact: D;
  /** Rounded half-up to the fen. */
  fen: Fen;
}

/** The category's standard for this need: its band's multiple of the monthly standard, or its fixed amount. */
function categoryStandard(ctx: ParamContext, hukou: 'rural' | 'urban', category: TemporaryCategory, need: D, t: Tracer): CategoryStandard {
  const names = standardParams(category);
  const fixed = ctx.list(FIXED_AMOUNT_PARAM);
  if (fixed.value.includes(category)) {
    const amount = ctx.num(names.amount);
    t.step('standard.category', amount.dec, [fixed.use, amount.use], 'fixed amount');
    return { basis: 'amount', exact: amount.dec, fen: yuanToFen(amount.dec) };
  }
  const mild = ctx.num(names.mildUpTo);
  const moderate = ctx.num(names.moderateUpTo);
  const tier: TemporaryTier = need.lessThanOrEqualTo(mild.dec) ? 'mild' : need.lessThanOrEqualTo(moderate.dec) ? 'moderate' : 'severe';
  t.step('tier', tier, [mild.use, moderate.use], `need ${need.toFixed()}`);
  const multiple = ctx.num(names.multiple[tier]);
  const std = dibaoStandard(hukou, ctx);
  const exact = multiple.dec.times(std.annual).div(12);
  t.step('standard.category', exact, [fixed.use, multiple.use, std.use], `${multiple.value} × monthly standard`);
  return { basis: 'tiers', tier, exact, fen: yuanToFen(exact) };
}

/** Exact yuan → whole fen, rounded down (a limit: nothing up to it may exceed it). */
function fenDown(yuan: D): Fen {
  return yuan.times(100).toDecimalPlaces(0, Dec.ROUND_DOWN).toNumber() as Fen;
}

/**
 * What a case's caller (the temporary-aid commands) needs beside the determination: the standard of a category for a need,
 * and the limits, for a household's registration in a county on a day. Throws PARAM_NO_VALUE like the engine when a
 * parameter has no value; `offered` false for a category the county does not assist.
 */
export function temporaryStandard(
  ps: ParameterSet,
  q: { county: string; day: PlainDate; hukou: 'rural' | 'urban'; category: TemporaryCategory; needFen: number },
): { offered: boolean; standard: CategoryStandard | null; limits: TemporaryLimits } {
  const ctx = paramContext(ps, q.county, q.day);
  const off = new Tracer(false);
  const l = limitsIn(ctx, q.hukou, off);
  const limits = { townshipCeilingFen: l.townshipCeilingFen, maximumFen: l.maximumFen };
  if (!ctx.list(OFFERED_PARAM).value.includes(q.category)) return { offered: false, standard: null, limits };
  return { offered: true, standard: categoryStandard(ctx, q.hukou, q.category, new Dec(q.needFen).div(100), off), limits };
}

/** 一事一救: event dates of the same household and category at most this many days apart are one event. */
export function sameEventWindowDays(ps: ParameterSet, county: string, day: PlainDate): { days: number; citation: string; illustrative: boolean } {
  const r = ps.number(SAME_EVENT_WINDOW_PARAM, county, day);
  return { days: r.value, citation: r.citation, illustrative: r.illustrative === true };
}

