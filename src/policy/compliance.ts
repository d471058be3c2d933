import type { Decimal } from 'decimal.js';
import type { BilingualMessage } from '../kernel/errors.ts';
import { Dec } from '../kernel/money.ts';
import type { PlainDate } from '../kernel/plain-date.ts';
import type { ParameterSet } from './parameter-set.ts';
import type { LookupResult } from './types.ts';

/**
 * Does each county's configuration meet the plan's floors on a day (seed 二(一), 二(四))? Pure: the caller
 * (CLI `doudi policy check`, the city supervisor's page) supplies the parameter set and the day.
 */
export type ComplianceCheck = 'TEKUN_FLOOR' | 'HEATING_DISPERSED_FLOOR' | 'HEATING_CENTRAL_FLOOR' | 'CITY_AVERAGE_FLOOR';

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
};

/** The margins of a finding (measured − required per pair), or undefined for a pair whose figures are missing. */
export function margins(f: ComplianceFinding): (Decimal | undefined)[] {
  return COMPARED[f.check].map(([m, r]) => (f.values[m] !== undefined && f.values[r] !== undefined ? new Dec(f.values[m]).minus(f.values[r]) : undefined));
}

export function checkCompliance(ps: ParameterSet, day: PlainDate): ComplianceReport {
  const counties = ps.counties().map((c) => {
    const findings = [tekunFloor(ps, c.code, day), dispersedFloor(ps, c.code, day), centralFloor(ps, c.code, day)].filter(
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
