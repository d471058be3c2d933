import type { BilingualMessage } from '../../kernel/errors.ts';
import { Dec, formatYuanGrouped } from '../../kernel/money.ts';
import { SHARE_LABELS } from '../../kernel/share.ts';
import { TEMPORARY_CATEGORY_LABELS } from '../../kernel/temporary-category.ts';

/**
 * How values read in an explanation: yuan to the fen, counts with their unit, 是/否 and 符合/不符合, fractions as
 * percentages, and the codes a trace or a situation carries (care tiers, income kinds, supporters…) as words.
 * Values are read from the engine's exact text and never written back: rounding here is for the eye only.
 */
export type B = BilingualMessage;

export const same = (text: string): B => ({ zh: text, en: text });

export interface Shown {
  shown: B;
  /** Whether `shown` rounds the exact value. */
  rounded: boolean;
}

const NUMBER = /^-?\d+(\.\d+)?$/;

/** A finite decimal's exact text, or null. */
export function decimalOf(text: string): InstanceType<typeof Dec> | null {
  return NUMBER.test(text.trim()) ? new Dec(text.trim()) : null;
}

/** "1,234.50": exact yuan text → grouped, half-up to the fen, and whether that rounded. */
export function yuanParts(text: string): { grouped: string; rounded: boolean } | null {
  const d = decimalOf(text);
  if (!d) return null;
  const r = d.toDecimalPlaces(2, Dec.ROUND_HALF_UP);
  const [int, frac] = r.toFixed(2).split('.');
  const neg = int.startsWith('-') && !r.isZero();
  const digits = int.replace('-', '');
  return { grouped: `${neg ? '-' : ''}${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`, rounded: !r.equals(d) };
}

export function yuan(text: string, per?: { zh: string; en: string }): Shown {
  const p = yuanParts(text);
  if (!p) return { shown: same(text), rounded: false };
  return { shown: { zh: `${p.grouped} 元${per?.zh ?? ''}`, en: `${p.grouped} yuan${per?.en ?? ''}` }, rounded: p.rounded };
}

/** An amount in whole fen (the `amount.fen` step) as yuan. */
export function fenAsYuan(text: string): Shown {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) return { shown: same(text), rounded: false };
  const g = formatYuanGrouped(n);
  return { shown: { zh: `${g} 元`, en: `${g} yuan` }, rounded: false };
}

/** A number to at most `places` decimals (trailing zeros dropped), grouped in thousands. */
export function plainNumber(text: string, places = 2): { text: string; rounded: boolean } | null {
  const d = decimalOf(text);
  if (!d) return null;
  const r = d.toDecimalPlaces(places, Dec.ROUND_HALF_UP);
  const [int, frac] = r.toFixed().split('.');
  const neg = int.startsWith('-');
  const digits = neg ? int.slice(1) : int;
  const grouped = `${neg ? '-' : ''}${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${frac ? `.${frac}` : ''}`;
  return { text: grouped, rounded: !r.equals(d) };
}

/** A count with its unit: `counted('3', '人', 'person', 'persons')`. */
export function counted(text: string, zh: string, en: string, enPlural = `${en}s`): Shown {
  const n = plainNumber(text);
  if (!n) return { shown: same(text), rounded: false };
  const one = n.text === '1';
  return { shown: { zh: `${n.text} ${zh}`, en: `${n.text} ${one ? en : enPlural}` }, rounded: n.rounded };
}

/** A fraction (0.1) as a percentage (10%). */
export function percent(text: string): Shown {
  const d = decimalOf(text);
  if (!d) return { shown: same(text), rounded: false };
  const p = plainNumber(d.times(100).toFixed(), 2);
  if (!p) return { shown: same(text), rounded: false };
  return { shown: same(`${p.text}%`), rounded: p.rounded };
}

const TRUE = /^true$/i;
const FALSE = /^false$/i;

/** 符合 / 不符合: for a test the step names (收入条件). */
export function test(text: string): Shown {
  if (TRUE.test(text)) return { shown: { zh: '符合', en: 'met' }, rounded: false };
  if (FALSE.test(text)) return { shown: { zh: '不符合', en: 'not met' }, rounded: false };
  return { shown: same(text), rounded: false };
}

/** 是 / 否: for a statement the step names (老年人, 在采暖期内). */
export function yesNo(text: string): Shown {
  if (TRUE.test(text)) return { shown: { zh: '是', en: 'yes' }, rounded: false };
  if (FALSE.test(text)) return { shown: { zh: '否', en: 'no' }, rounded: false };
  return { shown: same(text), rounded: false };
}

/** A code through its table of words; the code itself when the table lacks it. */
export function word(table: Record<string, B>, code: string): B {
  return table[code] ?? same(code);
}

/** What a share of a meeting is counted against (四议两公开, ADR 0036). */
const SHARE_BASES: Record<string, B> = {
  of_present: { zh: '按实到人数计', en: 'counted against those present' },
  of_entitled: { zh: '按应到人数计', en: 'counted against those entitled' },
};

/** The codes a list-valued parameter holds, in words: income kinds (the exclusions), share rules and their bases (the quorums of 四议两公开). */
export function listCodeWord(code: string): B {
  return word(LIST_CODES, code);
}

export const CARE_TIERS: Record<string, B> = {
  selfCare: { zh: '全自理', en: 'fully self-caring' },
  partial: { zh: '半失能', en: 'partly unable to care for self' },
  full: { zh: '全失能', en: 'unable to care for self' },
};

export const APPROVAL_LEVELS: Record<string, B> = {
  township: { zh: '乡镇（街道）审批', en: 'township approves' },
  county: { zh: '县（市）区审批', en: 'county approves' },
  collective: { zh: '一事一议集体研究', en: 'collective case-by-case decision' },
};

export const INCOME_KINDS: Record<string, B> = {
  wage: { zh: '工资性收入', en: 'wages' },
  business: { zh: '家庭经营净收入', en: 'net business income' },
  property: { zh: '财产净收入', en: 'net property income' },
  transfer: { zh: '转移净收入', en: 'net transfer income' },
  pension: { zh: '养老金', en: 'pension' },
  assistance: { zh: '救助金', en: 'assistance benefit' },
  special_care: { zh: '优抚金', en: 'special-care allowance' },
  family_planning_award: { zh: '计划生育奖励扶助金', en: 'family-planning award' },
  scholarship: { zh: '奖学金、助学金', en: 'scholarship or grant' },
  heroism_award: { zh: '见义勇为奖励', en: 'heroism award' },
  other: { zh: '其他收入', en: 'other income' },
};

export const DISABILITY_KINDS: Record<string, B> = {
  physical: { zh: '肢体残疾', en: 'physical disability' },
  visual: { zh: '视力残疾', en: 'visual disability' },
  hearing: { zh: '听力残疾', en: 'hearing disability' },
  speech: { zh: '言语残疾', en: 'speech disability' },
  intellectual: { zh: '智力残疾', en: 'intellectual disability' },
  mental: { zh: '精神残疾', en: 'mental disability' },
  multiple: { zh: '多重残疾', en: 'multiple disabilities' },
};

export const LABOR_CAPACITIES: Record<string, B> = {
  full: { zh: '有劳动能力', en: 'able to work' },
  partial: { zh: '部分丧失劳动能力', en: 'partly unable to work' },
  none: { zh: '无劳动能力', en: 'unable to work' },
  unknown: { zh: '未评估', en: 'not assessed' },
};

export const SUPPORTERS: Record<string, B> = {
  none: { zh: '无法定义务人', en: 'no legal supporter' },
  able: { zh: '义务人有履行能力', en: 'the supporter is able to support' },
  unable: { zh: '义务人无履行能力', en: 'the supporter is unable to support' },
  tekun: { zh: '义务人为特困人员', en: 'the supporter is a tekun person' },
  dibao_severe: { zh: '义务人为重残、重病低保对象', en: 'the supporter is a severely disabled or ill dibao recipient' },
  missing: { zh: '义务人失踪', en: 'the supporter is missing' },
  imprisoned: { zh: '义务人服刑', en: 'the supporter is in prison' },
  unknown: { zh: '未评估', en: 'not assessed' },
};

export const REVIEW_CLASSES: Record<string, B> = {
  fixed: { zh: '收入基本固定的家庭', en: 'a household whose income is essentially fixed' },
  stable: { zh: '收入较为稳定的家庭', en: 'a household with stable income' },
  irregular: { zh: '有劳动能力成员或收入不固定的家庭', en: 'a household with able-bodied members or irregular income' },
};

export const TEMPORARY_TYPES: Record<string, B> = {
  emergency: { zh: '急难型', en: 'emergency' },
  expenditure: { zh: '支出型', en: 'expenditure' },
};

/** 临时救助的对象类别 (src/kernel/temporary-category.ts). */
export const TEMPORARY_CATEGORY_WORDS: Record<string, B> = TEMPORARY_CATEGORY_LABELS;

/** The need bands of a category's tier table. */
export const TEMPORARY_TIERS: Record<string, B> = {
  mild: { zh: '轻度', en: 'mild' },
  moderate: { zh: '中度', en: 'moderate' },
  severe: { zh: '重度', en: 'severe' },
};

/** How a category's standard is set: by need band, or a fixed amount. */
export const TEMPORARY_BASES: Record<string, B> = {
  tiers: { zh: '按需求档次', en: 'by need band' },
  amount: { zh: '定额', en: 'fixed amount' },
};

export const HEATING_MODES: Record<string, B> = {
  central: { zh: '集中供暖', en: 'central heating' },
  dispersed: { zh: '分散取暖', en: 'dispersed heating' },
};

/** Units of policy parameters (src/policy/schema.ts UNITS) as they follow a value. */
export const UNIT_WORDS: Record<string, { zh: string; en: string; money?: true; percent?: true }> = {
  CNY: { zh: '元', en: 'yuan', money: true },
  'CNY/person/year': { zh: '元/人/年', en: 'yuan per person per year', money: true },
  'CNY/person/month': { zh: '元/人/月', en: 'yuan per person per month', money: true },
  'CNY/household/year': { zh: '元/户/年', en: 'yuan per household per year', money: true },
  'CNY/m2/year': { zh: '元/平方米/年', en: 'yuan per m² per year', money: true },
  m2: { zh: '平方米', en: 'm²' },
  fraction: { zh: '', en: '', percent: true },
  'multiple-of-annual-standard': { zh: '倍年低保标准', en: '× the annual dibao standard' },
  'multiple-of-dibao-standard': { zh: '倍低保标准', en: '× the dibao standard' },
  'multiple-of-monthly-standard': { zh: '倍月低保标准', en: '× the monthly dibao standard' },
  count: { zh: '', en: '' },
  months: { zh: '个月', en: 'months' },
  'month-of-year': { zh: '月', en: 'month' },
  years: { zh: '周岁', en: 'years' },
  grade: { zh: '级', en: '(grade)' },
  'working-days': { zh: '个工作日', en: 'working days' },
  days: { zh: '天', en: 'days' },
};

/** A parameter's unit in words (its code where no words are known, never empty but for plain counts). */
export function unitLabel(unit: string): B {
  if (unit === 'list') return { zh: '多项', en: 'a list' };
  const u = UNIT_WORDS[unit];
  if (!u) return same(unit);
  if (u.percent) return { zh: '比例', en: 'share' };
  return u.zh || u.en ? { zh: u.zh, en: u.en } : { zh: '个', en: 'count' };
}

/** A parameter's value with its unit; lists of income kinds as words. */
export function paramShown(value: number | readonly string[], unit: string | undefined): B {
  if (Array.isArray(value)) {
    if (value.length === 0) return { zh: '无', en: 'none' };
    const table = LIST_CODES;
    return { zh: value.map((c) => word(table, c).zh).join('、'), en: value.map((c) => word(table, c).en).join(', ') };
  }
  const text = String(value);
  const u = unit ? UNIT_WORDS[unit] : undefined;
  if (!u) return same(text);
  if (u.percent) return percent(text).shown;
  if (u.money) {
    const p = yuanParts(text);
    return p ? { zh: `${p.grouped} ${u.zh}`, en: `${p.grouped} ${u.en}` } : same(text);
  }
  const n = plainNumber(text, 6)?.text ?? text;
  if (unit === 'month-of-year') return { zh: `${n}月`, en: `month ${n}` };
  const join = (a: string, b: string) => (b ? `${a} ${b}` : a);
  return { zh: join(n, u.zh), en: join(n, u.en) };
}

const LIST_CODES: Record<string, B> = { ...INCOME_KINDS, ...SHARE_LABELS, ...SHARE_BASES, ...TEMPORARY_CATEGORY_WORDS };
