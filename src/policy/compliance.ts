import type { Decimal } from 'decimal.js';
import type { BilingualMessage } from '../kernel/errors.ts';
import { Dec } from '../kernel/money.ts';
import type { PlainDate } from '../kernel/plain-date.ts';
import { EMERGENCY_CATEGORIES, EXPENDITURE_CATEGORIES, TEMPORARY_CATEGORIES, TEMPORARY_CATEGORY_LABELS, type TemporaryCategory } from '../kernel/temporary-category.ts';
import type { ParameterSet } from './parameter-set.ts';
import { FIXED_AMOUNT_PARAM, OFFERED_PARAM, standardParams } from './temporary-parameters.ts';
import type { LookupResult } from './types.ts';

/**
 * Does each county's configuration meet the plan's floors on a day (seed 二(一), 二(三), 二(四))? Pure: the caller
 * (CLI `doudi policy check`, the city supervisor's page) supplies the parameter set and the day. Temporary aid (二(三),
 * ADR 0038): the township's approval ceiling within the normal maximum, each category's standard sound (bands ascending,
 * no standard above the maximum), every emergency category assisted (assist first is in force for all of them) and some
 * expenditure category, and a paperwork deadline set.
 */
export type ComplianceCheck =
  | 'TEKUN_FLOOR'
  | 'HEATING_DISPERSED_FLOOR'
  | 'HEATING_CENTRAL_FLOOR'
  | 'CITY_AVERAGE_FLOOR'
  | 'TEMPORARY_CEILING'
  | 'TEMPORARY_STANDARDS'
  | 'TEMPORARY_CATEGORIES'
  | 'TEMPORARY_PAPERWORK';

export interface ComplianceFinding {
  check: ComplianceCheck;
  ok: boolean;
  /** County code, or the city code for the city-average check. */
  area: string;
  message: BilingualMessage;
  citation: string;
  /** The figures compared, as exact decimal strings. */
  values: Record<string, string>;
  /** Parameters that had no value on the day (the check then fails). */
  missing?: string[];
  /** Parameters whose values make the check fail (temporary aid: which band or amount is at fault). */
  parameters?: string[];
}

export interface ComplianceReport {
  day: PlainDate;
  ok: boolean;
  counties: { county: string; name: BilingualMessage; ok: boolean; findings: ComplianceFinding[] }[];
  city: ComplianceFinding[];
}

/** The plan that sets the floors, as users are told of it: title, number (each finding adds its clause). */
export const PLAN_DOCUMENT = '《铁岭市民政局关于在脱贫攻坚三年行动中切实做好社会救助兜底保障工作的实施方案》（铁市民发〔2019〕45号）';

/**
 * The figures each check compares, as [measured, required] pairs of `values` keys: a finding is met when every measured
 * figure reaches its required one. A change that leaves a failing finding failing is still to blame when it lowers a
 * margin (measured − required) further (src/policy/override-check.ts).
 */
export const COMPARED: Record<ComplianceCheck, readonly (readonly [string, string])[]> = {
  TEKUN_FLOOR: [['ratio', 'floor']],
  HEATING_DISPERSED_FLOOR: [['amount', 'floor']],
  HEATING_CENTRAL_FLOOR: [['rate', 'urbanRate'], ['maxAmount', 'urbanMaxAmount']],
  CITY_AVERAGE_FLOOR: [['average', 'plan']],
  TEMPORARY_CEILING: [['maximum', 'ceiling']],
  TEMPORARY_STANDARDS: [['maxMultiple', 'largestMultiple'], ['maximum', 'largestAmount']],
  TEMPORARY_CATEGORIES: [['emergencyOffered', 'emergencyRequired'], ['expenditureOffered', 'expenditureRequired']],
  TEMPORARY_PAPERWORK: [['deadline', 'min'], ['max', 'deadline']],
};

/** The margins of a finding (measured − required per pair), or undefined for a pair whose figures are missing. */
export function margins(f: ComplianceFinding): (Decimal | undefined)[] {
  return COMPARED[f.check].map(([m, r]) => (f.values[m] !== undefined && f.values[r] !== undefined ? new Dec(f.values[m]).minus(f.values[r]) : undefined));
}

export function checkCompliance(ps: ParameterSet, day: PlainDate): ComplianceReport {
  const counties = ps.counties().map((c) => {
    const findings = [
      tekunFloor(ps, c.code, day),
      dispersedFloor(ps, c.code, day),
      centralFloor(ps, c.code, day),
      ...temporaryFindings(ps, c.code, day),
    ].filter(
      (f): f is ComplianceFinding => f !== null,
    );
    return { county: c.code, name: c.name, ok: findings.every((f) => f.ok), findings };
  });
  const city = [cityAverage(ps, day)].filter((f): f is ComplianceFinding => f !== null);
  return { day, ok: counties.every((c) => c.ok) && city.every((f) => f.ok), counties, city };
}

type Read = (name: string) => Decimal | undefined;

function reader(ps: ParameterSet, area: string, day: PlainDate, missing: string[]): Read {
  return (name) => {
    const r: LookupResult | undefined = ps.find(name, area, day);
    if (!r || typeof r.value !== 'number') {
      missing.push(name);
      return undefined;
    }
    return new Dec(String(r.value));
  };
}

function finding(
  check: ComplianceCheck, area: string, ok: boolean, citation: string, values: Record<string, Decimal>, missing: string[],
  pass: BilingualMessage, fail: BilingualMessage,
): ComplianceFinding {
  const v: Record<string, string> = {};
  for (const [k, d] of Object.entries(values)) v[k] = d.toFixed();
  const f: ComplianceFinding = { check, ok, area, message: ok ? pass : fail, citation, values: v };
  if (missing.length > 0) {
    f.missing = missing;
    f.message = { zh: `缺少参数：${missing.join('、')}`, en: `missing parameters: ${missing.join(', ')}` };
  }
  return f;
}

/** 特困人员基本生活标准不低于农村低保标准1.3倍; no finding before the floor took effect. */
function tekunFloor(ps: ParameterSet, county: string, day: PlainDate): ComplianceFinding | null {
  if (!ps.find('plan.tekun.minRatio', county, day)) return null;
  const missing: string[] = [];
  const read = reader(ps, county, day, missing);
  const ratio = read('tekun.basic.ratio');
  const floor = read('plan.tekun.minRatio');
  const dibao = read('dibao.standard.rural');
  const ok = !!ratio && !!floor && !!dibao && ratio.greaterThanOrEqualTo(floor);
  const values: Record<string, Decimal> = ratio && floor && dibao ? { ratio, floor, tekunAnnual: ratio.times(dibao), floorAnnual: floor.times(dibao) } : {};
  return finding('TEKUN_FLOOR', county, ok, `${PLAN_DOCUMENT}二(一)`, values, missing,
    { zh: '特困人员基本生活标准不低于农村低保标准的规定倍数', en: 'the tekun basic standard is at least the required multiple of the dibao standard' },
    { zh: '特困人员基本生活标准低于农村低保标准的规定倍数', en: 'the tekun basic standard is below the required multiple of the dibao standard' });
}

/** 分散取暖的年救助标准不低于200元. */
function dispersedFloor(ps: ParameterSet, county: string, day: PlainDate): ComplianceFinding | null {
  if (!ps.find('plan.heating.dispersed.min', county, day)) return null;
  const missing: string[] = [];
  const read = reader(ps, county, day, missing);
  const amount = read('heating.dispersed.annual');
  const floor = read('plan.heating.dispersed.min');
  const ok = !!amount && !!floor && amount.greaterThanOrEqualTo(floor);
  return finding('HEATING_DISPERSED_FLOOR', county, ok, `${PLAN_DOCUMENT}二(四)`, amount && floor ? { amount, floor } : {}, missing,
    { zh: '分散取暖救助标准不低于规定下限', en: 'dispersed-heating aid is at least the floor' },
    { zh: '分散取暖救助标准低于规定下限', en: 'dispersed-heating aid is below the floor' });
}

/** 集中供暖的农村低保家庭、特困人员救助标准不低于城市低保家庭集中供暖救助标准: rate and largest amount. */
function centralFloor(ps: ParameterSet, county: string, day: PlainDate): ComplianceFinding | null {
  const missing: string[] = [];
  const read = reader(ps, county, day, missing);
  const rate = read('heating.central.rate');
  const area = read('heating.central.maxArea');
  const urbanRate = read('heating.urban.central.rate');
  const urbanArea = read('heating.urban.central.maxArea');
  if (missing.length === 4) return null;
  const ok = !!rate && !!area && !!urbanRate && !!urbanArea &&
    rate.greaterThanOrEqualTo(urbanRate) && rate.times(area).greaterThanOrEqualTo(urbanRate.times(urbanArea));
  const values: Record<string, Decimal> = rate && area && urbanRate && urbanArea
    ? { rate, urbanRate, maxAmount: rate.times(area), urbanMaxAmount: urbanRate.times(urbanArea) }
    : {};
  return finding('HEATING_CENTRAL_FLOOR', county, ok, `${PLAN_DOCUMENT}二(四)`, values, missing,
    { zh: '农村集中供暖救助标准不低于城市低保家庭集中供暖救助标准', en: 'rural central-heating aid is at least the urban dibao standard' },
    { zh: '农村集中供暖救助标准低于城市低保家庭集中供暖救助标准', en: 'rural central-heating aid is below the urban dibao standard' });
}

/** 全市农村低保年平均保障标准: the plain average of the county standards against the plan's figure. */
function cityAverage(ps: ParameterSet, day: PlainDate): ComplianceFinding | null {
  const city = ps.jurisdiction.city;
  if (!ps.find('plan.dibao.cityAverage.rural', city, day)) return null;
  const missing: string[] = [];
  const standards = ps.counties().map((c) => reader(ps, c.code, day, missing)('dibao.standard.rural'));
  const plan = reader(ps, city, day, missing)('plan.dibao.cityAverage.rural');
  const known = standards.filter((s): s is Decimal => s !== undefined);
  const average = known.length > 0 ? known.reduce((a, b) => a.plus(b), new Dec(0)).div(known.length) : undefined;
  const ok = missing.length === 0 && !!average && !!plan && average.greaterThanOrEqualTo(plan);
  return finding('CITY_AVERAGE_FLOOR', city, ok, `${PLAN_DOCUMENT}二(一)`, average && plan ? { average, plan } : {}, missing,
    { zh: '各县区农村低保标准的平均值不低于实施方案规定的全市平均标准', en: 'the average of the county rural standards meets the plan’s city average' },
    { zh: '各县区农村低保标准的平均值低于实施方案规定的全市平均标准', en: 'the average of the county rural standards is below the plan’s city average' });
}

/** Temporary aid rests on the plan's 二(三) and the national opinion it implements. */
const TEMPORARY_CITATION = `${PLAN_DOCUMENT}二(三)；民发〔2018〕23号《关于进一步加强和改进临时救助工作的意见》`;

/** The temporary-aid findings of a county; none before its temporary-aid parameters take effect. */
function temporaryFindings(ps: ParameterSet, county: string, day: PlainDate): ComplianceFinding[] {
  if (!ps.find('temporary.maxMultiple', county, day)) return [];
  const lowest = lowestMaximum(ps, county, day);
  return [temporaryCeiling(ps, county, day, lowest), temporaryStandards(ps, county, day, lowest), temporaryCategories(ps, county, day), temporaryPaperwork(ps, county, day)];
}

interface LowestMaximum {
  maxMultiple?: Decimal;
  /** The lower monthly dibao standard of the county (rural per year ÷ 12, urban per month). */
  monthly?: Decimal;
  maximum?: Decimal;
  missing: string[];
}

/** The normal maximum for the lowest monthly standard of the county: what every household is at least allowed. */
function lowestMaximum(ps: ParameterSet, county: string, day: PlainDate): LowestMaximum {
  const missing: string[] = [];
  const read = reader(ps, county, day, missing);
  const maxMultiple = read('temporary.maxMultiple');
  // A standard without a value is a gap the timeline reports; the lower of those in force is the one compared.
  const optional = (name: string) => {
    const r = ps.find(name, county, day);
    return r && typeof r.value === 'number' ? new Dec(String(r.value)) : undefined;
  };
  const ruralMonthly = optional('dibao.standard.rural')?.div(12);
  const urban = optional('dibao.standard.urban');
  const monthly = ruralMonthly && urban ? Dec.min(ruralMonthly, urban) : (ruralMonthly ?? urban);
  if (!monthly) missing.push('dibao.standard.rural');
  return { maxMultiple, monthly, maximum: maxMultiple && monthly ? maxMultiple.times(monthly) : undefined, missing };
}

const money = (d: Decimal) => d.toDecimalPlaces(2, Dec.ROUND_DOWN).toFixed(2);

/** 分级审批: the township's ceiling must lie within the normal maximum, or the county's band is empty. */
function temporaryCeiling(ps: ParameterSet, county: string, day: PlainDate, lowest: LowestMaximum): ComplianceFinding {
  const missing = [...lowest.missing];
  const ceiling = reader(ps, county, day, missing)('temporary.townshipCeiling');
  const { maximum, maxMultiple, monthly } = lowest;
  const ok = missing.length === 0 && !!ceiling && !!maximum && ceiling.lessThanOrEqualTo(maximum);
  const values: Record<string, Decimal> = ceiling && maximum && maxMultiple && monthly ? { ceiling, maxMultiple, monthlyStandard: monthly.toDecimalPlaces(6), maximum: maximum.toDecimalPlaces(6) } : {};
  const f = finding('TEMPORARY_CEILING', county, ok, TEMPORARY_CITATION, values, missing,
    { zh: '乡镇（街道）审批额度不超过一般最高救助额（按较低的月低保标准计）', en: 'the township approval ceiling is within the normal maximum (at the lower monthly dibao standard)' },
    {
      zh: `乡镇（街道）审批额度${ceiling ? ` ${money(ceiling)} 元` : ''}超过一般最高救助额${maximum ? ` ${money(maximum)} 元` : ''}（按较低的月低保标准计）：分级审批中县级审批一段落空`,
      en: `the township approval ceiling${ceiling ? ` ${money(ceiling)}` : ''} (temporary.townshipCeiling) is above the normal maximum${maximum ? ` ${money(maximum)}` : ''} (temporary.maxMultiple × the lower monthly dibao standard): the county's band of tiered approval is empty`,
    });
  if (!ok && missing.length === 0) f.parameters = ['temporary.townshipCeiling', 'temporary.maxMultiple'];
  return f;
}

/**
 * Each assisted category's standard: a banded one ascends (band limits and multiples) and no multiple exceeds the normal
 * maximum's; a fixed amount is within the normal maximum at the lower monthly standard. Otherwise the engine would pay a
 * larger need less, or a standard it must cap.
 */
function temporaryStandards(ps: ParameterSet, county: string, day: PlainDate, lowest: LowestMaximum): ComplianceFinding {
  const missing = [...lowest.missing];
  const read = reader(ps, county, day, missing);
  const offered = codes(ps, OFFERED_PARAM, county, day, missing);
  const fixed = codes(ps, FIXED_AMOUNT_PARAM, county, day, missing);
  const zh: string[] = [];
  const en: string[] = [];
  const at = new Set<string>();
  let largestMultiple: Decimal | undefined;
  let largestAmount: Decimal | undefined;
  const { maxMultiple, maximum } = lowest;
  for (const c of offered ?? []) {
    const p = standardParams(c);
    const name = label(c);
    if (fixed?.includes(c)) {
      const amount = read(p.amount);
      if (!amount) continue;
      largestAmount = largestAmount?.greaterThan(amount) ? largestAmount : amount;
      if (maximum && amount.greaterThan(maximum)) {
        zh.push(`「${name.zh}」定额 ${money(amount)} 元超过一般最高救助额 ${money(maximum)} 元`);
        en.push(`${name.en}: the fixed amount ${money(amount)} (${p.amount}) is above the normal maximum ${money(maximum)}`);
        at.add(p.amount);
      }
      continue;
    }
    const u1 = read(p.mildUpTo);
    const u2 = read(p.moderateUpTo);
    const m = { mild: read(p.multiple.mild), moderate: read(p.multiple.moderate), severe: read(p.multiple.severe) };
    if (u1 && u2 && u1.greaterThan(u2)) {
      zh.push(`「${name.zh}」轻度档需求上限 ${money(u1)} 元高于中度档 ${money(u2)} 元`);
      en.push(`${name.en}: the mild band's limit ${money(u1)} (${p.mildUpTo}) is above the moderate band's ${money(u2)} (${p.moderateUpTo})`);
      at.add(p.mildUpTo).add(p.moderateUpTo);
    }
    if (m.mild && m.moderate && m.mild.greaterThan(m.moderate)) {
      zh.push(`「${name.zh}」轻度档倍数 ${m.mild.toFixed()} 高于中度档 ${m.moderate.toFixed()}`);
      en.push(`${name.en}: the mild multiple ${m.mild.toFixed()} (${p.multiple.mild}) is above the moderate ${m.moderate.toFixed()} (${p.multiple.moderate})`);
      at.add(p.multiple.mild).add(p.multiple.moderate);
    }
    if (m.moderate && m.severe && m.moderate.greaterThan(m.severe)) {
      zh.push(`「${name.zh}」中度档倍数 ${m.moderate.toFixed()} 高于重度档 ${m.severe.toFixed()}`);
      en.push(`${name.en}: the moderate multiple ${m.moderate.toFixed()} (${p.multiple.moderate}) is above the severe ${m.severe.toFixed()} (${p.multiple.severe})`);
      at.add(p.multiple.moderate).add(p.multiple.severe);
    }
    for (const tier of ['mild', 'moderate', 'severe'] as const) {
      const k = m[tier];
      if (!k) continue;
      largestMultiple = largestMultiple?.greaterThan(k) ? largestMultiple : k;
      if (maxMultiple && k.greaterThan(maxMultiple)) {
        zh.push(`「${name.zh}」${TIER_ZH[tier]}档倍数 ${k.toFixed()} 超过一般最高救助额的倍数 ${maxMultiple.toFixed()}`);
        en.push(`${name.en}: the ${tier} multiple ${k.toFixed()} (${p.multiple[tier]}) is above the normal maximum's ${maxMultiple.toFixed()} (temporary.maxMultiple)`);
        at.add(p.multiple[tier]);
      }
    }
  }
  const ok = missing.length === 0 && zh.length === 0;
  const values: Record<string, Decimal> = {};
  if (maxMultiple) values.maxMultiple = maxMultiple;
  if (largestMultiple) values.largestMultiple = largestMultiple;
  if (maximum) values.maximum = maximum.toDecimalPlaces(6);
  if (largestAmount) values.largestAmount = largestAmount;
  const f = finding('TEMPORARY_STANDARDS', county, ok, TEMPORARY_CITATION, values, missing,
    { zh: '各类别临时救助标准按需求档次递增，且不超过一般最高救助额', en: 'every category’s standard ascends by need band and is within the normal maximum' },
    { zh: `临时救助标准有误：${zh.join('；')}`, en: `temporary aid standards at fault: ${en.join('; ')}` });
  if (at.size > 0) f.parameters = [...at];
  return f;
}

const TIER_ZH = { mild: '轻度', moderate: '中度', severe: '重度' } as const;
const label = (c: TemporaryCategory) => TEMPORARY_CATEGORY_LABELS[c];

/** The categories of a list parameter (unknown codes ignored); undefined, and the name noted, when it has no value. */
function codes(ps: ParameterSet, name: string, county: string, day: PlainDate, missing: string[]): TemporaryCategory[] | undefined {
  const r = ps.find(name, county, day);
  if (!r || !Array.isArray(r.value)) {
    missing.push(name);
    return undefined;
  }
  return TEMPORARY_CATEGORIES.filter((c) => (r.value as readonly string[]).includes(c));
}

/** 先行救助 is in force for every emergency (seed 二(三)): every emergency category is assisted, and some expenditure one. */
function temporaryCategories(ps: ParameterSet, county: string, day: PlainDate): ComplianceFinding {
  const missing: string[] = [];
  const offered = codes(ps, OFFERED_PARAM, county, day, missing);
  const values: Record<string, Decimal> = {};
  const lacking = EMERGENCY_CATEGORIES.filter((c) => !offered?.includes(c));
  const expenditure = EXPENDITURE_CATEGORIES.filter((c) => offered?.includes(c));
  if (offered) {
    values.emergencyOffered = new Dec(EMERGENCY_CATEGORIES.length - lacking.length);
    values.emergencyRequired = new Dec(EMERGENCY_CATEGORIES.length);
    values.expenditureOffered = new Dec(expenditure.length);
    values.expenditureRequired = new Dec(1);
  }
  const ok = !!offered && lacking.length === 0 && expenditure.length > 0;
  const zh: string[] = [];
  const en: string[] = [];
  if (offered && lacking.length > 0) {
    zh.push(`急难型类别未全部列入（缺：${lacking.map((c) => label(c).zh).join('、')}），急难型须全面落实“先行救助”`);
    en.push(`not every emergency category is assisted (missing: ${lacking.map((c) => label(c).en).join(', ')}; ${OFFERED_PARAM}): assist first applies to every emergency`);
  }
  if (offered && expenditure.length === 0) {
    zh.push('未列入任何支出型类别');
    en.push(`no expenditure category is assisted (${OFFERED_PARAM})`);
  }
  const f = finding('TEMPORARY_CATEGORIES', county, ok, TEMPORARY_CITATION, values, missing,
    { zh: '急难型类别全部列入救助对象类别，并列有支出型类别', en: 'every emergency category and some expenditure category are assisted' },
    { zh: zh.join('；'), en: en.join('; ') });
  if (!ok && offered) f.parameters = [OFFERED_PARAM];
  return f;
}

/** 补办手续: the deadline after assisting first is set, within the range the parameter allows. */
function temporaryPaperwork(ps: ParameterSet, county: string, day: PlainDate): ComplianceFinding {
  const missing: string[] = [];
  const name = 'temporary.paperwork.deadlineWorkingDays';
  const deadline = reader(ps, county, day, missing)(name);
  const b = ps.definition(name).bounds ?? { min: 1, max: 60 };
  const min = new Dec(b.min);
  const max = new Dec(b.max);
  const ok = !!deadline && deadline.greaterThanOrEqualTo(min) && deadline.lessThanOrEqualTo(max);
  const f = finding('TEMPORARY_PAPERWORK', county, ok, TEMPORARY_CITATION, deadline ? { deadline, min, max } : {}, missing,
    { zh: '先行救助后补办手续的期限已设定，且在允许范围内', en: 'the deadline for the paperwork after assisting first is set and within its range' },
    { zh: `补办手续期限不在 ${b.min} 至 ${b.max} 个工作日之间`, en: `the paperwork deadline (${name}) is not within ${b.min}–${b.max} working days` });
  if (!ok && deadline) f.parameters = [name];
  return f;
}
