import type { PlainDate } from '../../kernel/plain-date.ts';
import { AppError } from '../../kernel/errors.ts';
import { byEffectiveDate } from '../common/by-effective-date.ts';
import { CITE } from '../common/citations.ts';
import type { ParamContext } from '../common/param-context.ts';
import { REASONS } from '../common/reasons.ts';
import type { ParamUse, Reason, TraceStep } from '../common/result.ts';
import type { Tracer } from '../common/tracer.ts';
import type { Arithmetic } from './arithmetic.ts';
import { INCOME_KINDS, type Deduction, type Income, type IncomeKind } from '../situation.ts';

/** How the income counted for dibao (and for tekun's livelihood test) is defined in one period. */
export interface IncomeRule {
  version: string;
  /** Kinds excluded by law whatever the local list says. */
  statutoryExcluded: readonly IncomeKind[];
  /** Whether rigid expenses and work costs are deducted (nat-2021). */
  deductions: boolean;
  citation: string;
}

/** nat-2012: disposable income of all kinds; the county's list (优抚金, 奖学金…) is excluded. */
const income2012: IncomeRule = { version: 'nat-2012', statutoryExcluded: [], deductions: false, citation: CITE.nat2012 };

/** nat-2021: all social assistance payments are excluded and rigid expenses and work costs deducted. */
const income2021: IncomeRule = { version: 'nat-2021', statutoryExcluded: ['assistance'], deductions: true, citation: CITE.nat2021Dibao };

export const incomeRules = byEffectiveDate<IncomeRule>({ '2012-12-12': income2012, '2021-07-01': income2021 });

export const COUNTED = 0;
export const LOCALLY_EXCLUDED = 1;
export const STATUTORY_EXCLUDED = 2;
export type KindClass = typeof COUNTED | typeof LOCALLY_EXCLUDED | typeof STATUTORY_EXCLUDED;

export interface IncomeClasses {
  rule: IncomeRule;
  byKind: Readonly<Record<IncomeKind, KindClass>>;
  /** Shared trace pieces for this county and day. */
  ruleStep: TraceStep;
  listUses: readonly ParamUse[];
}

/** How each income kind is treated on the context's day (memoised per county and day). */
export function incomeClasses(ctx: ParamContext): IncomeClasses {
  const hit = ctx.memo.get('incomeClasses') as IncomeClasses | undefined;
  if (hit) return hit;
  const rule = incomeRules(ctx.day as PlainDate).rule;
  const list = ctx.list('dibao.income.excludedKinds').value;
  for (const k of list) {
    if (!(INCOME_KINDS as readonly string[]).includes(k)) {
      throw new AppError('PARAM_INVALID_KIND', { zh: `不计入收入的种类 ${k} 不存在`, en: `excluded income kind ${k} does not exist` }, { field: 'dibao.income.excludedKinds' });
    }
  }
  const byKind = {} as Record<IncomeKind, KindClass>;
  for (const k of INCOME_KINDS) {
    byKind[k] = rule.statutoryExcluded.includes(k) ? STATUTORY_EXCLUDED : list.includes(k) ? LOCALLY_EXCLUDED : COUNTED;
  }
  const ruleStep: TraceStep = Object.freeze({ step: 'income.rule', value: rule.version, params: Object.freeze([]), formula: rule.citation });
  const out: IncomeClasses = { rule, byKind, ruleStep, listUses: Object.freeze([ctx.list('dibao.income.excludedKinds').use]) };
  ctx.memo.set('incomeClasses', out);
  return out;
}

/**
 * Annual income counted for the unit (never below 0), exactly in the arithmetic given, with the steps that led to
 * it; the reasons go onto `reasons`.
 */
export function countIncome<V>(
  A: Arithmetic<V, unknown>,
  incomes: readonly Income[],
  deductions: readonly Deduction[],
  classes: IncomeClasses,
  t: Tracer,
  reasons: Reason[],
): V {
  const { rule, byKind, ruleStep, listUses } = classes;
  let total = A.zero;
  let local = A.zero;
  let statutory = A.zero;
  for (const inc of incomes) {
    if (inc.annual === 0) continue;
    const a = A.yuan(inc.annual);
    total = A.plus(total, a);
    const c = byKind[inc.kind];
    if (c === LOCALLY_EXCLUDED) local = A.plus(local, a);
    else if (c === STATUTORY_EXCLUDED) statutory = A.plus(statutory, a);
  }
  let deducted = A.zero;
  for (const d of deductions) if (d.annual !== 0) deducted = A.plus(deducted, A.yuan(d.annual));
  if (t.on) {
    t.push([ruleStep]);
    t.step('income.total', A.text(total, 1), [], incomes.map((i) => `${i.kind} ${i.annual}`).join(' + ') || '0');
  }
  let countable = total;
  if (!A.isZero(local)) {
    reasons.push(REASONS.INCOME_KIND_EXCLUDED);
    if (t.on) t.step('income.excluded.local', A.text(local, 1), listUses);
    countable = A.minus(countable, local);
  }
  if (!A.isZero(statutory)) {
    reasons.push(REASONS.ASSISTANCE_INCOME_EXCLUDED);
    if (t.on) t.step('income.excluded.statutory', A.text(statutory, 1), [], rule.citation);
    countable = A.minus(countable, statutory);
  }
  if (!A.isZero(deducted)) {
    if (rule.deductions) {
      reasons.push(REASONS.DEDUCTIONS_APPLIED);
      if (t.on) t.step('income.deductions', A.text(deducted, 1), [], rule.citation);
      countable = A.atLeastZero(A.minus(countable, deducted));
    } else {
      reasons.push(REASONS.DEDUCTIONS_NOT_APPLICABLE);
    }
  }
  if (t.on) t.step('income.countable', A.text(countable, 1), [], 'total − excluded − deductions, at least 0');
  return countable;
}
