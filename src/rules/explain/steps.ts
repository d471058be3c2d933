import { CITE, presentCitation, ruleVersionCitation } from '../common/citations.ts';
import {
  APPROVAL_LEVELS,
  type B,
  CARE_TIERS,
  counted,
  DISABILITY_KINDS,
  fenAsYuan,
  LABOR_CAPACITIES,
  percent,
  plainNumber,
  REVIEW_CLASSES,
  same,
  type Shown,
  SUPPORTERS,
  TEMPORARY_BASES,
  TEMPORARY_CATEGORY_WORDS,
  TEMPORARY_TIERS,
  TEMPORARY_TYPES,
  test,
  word,
  yesNo,
  yuan,
} from './words.ts';

/** A step as the presenter reads it: its key without an including determination's prefix, exact value, params. */
export interface StepIn {
  step: string;
  value: string;
  formula?: string;
  params: readonly { name: string; value: unknown }[];
}

export interface StepSpec {
  label: B;
  /** The value as shown (yuan to the fen, 是/否…). */
  show: (s: StepIn) => Shown;
  /** How the step was computed, in words (the engine's own formula text is English shorthand for auditors). */
  note?: (s: StepIn) => B | undefined;
}

const param = (s: StepIn, name: string): string | undefined => {
  const p = s.params.find((x) => x.name === name || x.name.endsWith(`.${name}`));
  return p === undefined ? undefined : String(p.value);
};
const num = (text: string | undefined) => (text === undefined ? undefined : (plainNumber(text, 6)?.text ?? text));
/** The numbers of the engine's formula text, in order. */
const numbers = (s: StepIn): string[] => [...(s.formula ?? '').matchAll(/-?\d+(?:\.\d+)?/g)].map((m) => m[0]);
const fixed = (zh: string, en: string) => (): B => ({ zh, en });

const money: StepSpec['show'] = (s) => yuan(s.value);
const persons: StepSpec['show'] = (s) => counted(s.value, '人', 'person');
const months: StepSpec['show'] = (s) => counted(s.value, '个月', 'month');
const document =
  (rule: 'tekun' | 'income'): StepSpec['show'] =>
  (s) => ({ shown: s.formula ? presentCitation(s.formula) : same(ruleVersionCitation(s.value, rule)), rounded: false });

/**
 * Every step the engine can record (src/rules/**: `t.step(…)`, precomputed `{ step: … }`), by key. A step
 * missing here fails src/rules/explain/explain.test.ts, which reads the keys out of the rules.
 */
export const STEPS: Record<string, StepSpec> = {
  rule: { label: { zh: '适用的认定办法', en: 'rules applied' }, show: document('tekun') },
  'standard.annual': {
    label: { zh: '低保标准（年）', en: 'dibao standard per year' },
    show: (s) => yuan(s.value, { zh: '/人', en: ' per person' }),
    note: (s) => (s.formula?.includes('× 12') ? { zh: '月低保标准 × 12', en: 'monthly standard × 12' } : undefined),
  },
  'standard.monthly': {
    label: { zh: '低保标准（月）', en: 'dibao standard per month' },
    show: (s) => yuan(s.value, { zh: '/人', en: ' per person' }),
    note: (s) => (s.formula?.includes('/ 12') ? { zh: '年低保标准 ÷ 12', en: 'annual standard ÷ 12' } : undefined),
  },
  'unit.householdSize': {
    label: { zh: '计入的家庭成员数', en: 'household members counted' },
    show: persons,
    note: (s) => {
      const [all, out] = numbers(s);
      if (all === undefined || out === undefined) return undefined;
      if (out === '0') return { zh: `家庭共 ${all} 人，全部计入`, en: `${all} members, all counted` };
      return {
        zh: `家庭共 ${all} 人，其中 ${out} 人（服刑人员、长期在宗教场所的教职人员）不计入`,
        en: `${all} members, ${out} of them (prisoners, clergy living away) not counted`,
      };
    },
  },
  'unit.members': {
    label: { zh: '保障人数', en: 'persons in the unit' },
    show: persons,
    note: (s) =>
      s.formula?.startsWith('individual')
        ? { zh: '单人保：只保障申请人本人', en: 'individual inclusion (单人保): the applicant alone' }
        : { zh: '共同生活的家庭成员', en: 'co-resident household members' },
  },
  'individual.severe': {
    label: { zh: '重度残疾或患重病', en: 'severely disabled or seriously ill' },
    show: (s) => yesNo(s.value),
    note: (s) => {
      const g = num(param(s, 'severeMaxGrade'));
      return g ? { zh: `残疾等级为 ${g} 级及以上（重度），或患重病`, en: `disability grade ${g} or more severe, or seriously ill` } : undefined;
    },
  },
  'income.rule': { label: { zh: '收入认定办法', en: 'income rules' }, show: document('income') },
  'income.total': {
    label: { zh: '家庭年收入合计', en: 'total annual income' },
    show: money,
    note: fixed('各项收入相加', 'all kinds of income added up'),
  },
  'income.excluded.local': {
    label: { zh: '不计入的收入（当地规定的种类）', en: 'income not counted (local list)' },
    show: money,
    note: fixed('当地规定不计入家庭收入的种类（如优抚金、奖学金）', 'kinds the county does not count (such as special-care allowances, scholarships)'),
  },
  'income.excluded.statutory': {
    label: { zh: '不计入的收入（社会救助金）', en: 'income not counted (assistance payments)' },
    show: money,
    note: fixed('2021年7月1日起，各类社会救助金不计入家庭收入', 'from 2021-07-01 assistance payments are not counted'),
  },
  'income.deductions': {
    label: { zh: '扣减的刚性支出和就业成本', en: 'deducted expenses' },
    show: money,
    note: fixed('因残疾、重病产生的刚性支出和必要的就业成本', 'rigid expenses of disability or illness and necessary work costs'),
  },
  'income.countable': {
    label: { zh: '计入的年收入', en: 'counted annual income' },
    show: money,
    note: fixed('收入合计 − 不计入的收入 − 扣减，最低为 0', 'total − income not counted − deductions, at least 0'),
  },
  'income.perCapitaMonthly': {
    label: { zh: '家庭人均月收入', en: 'income per person per month' },
    show: money,
    note: (s) => {
      const n = numbers(s).at(-1);
      return n ? { zh: `计入的年收入 ÷ 12 ÷ ${n} 人`, en: `counted annual income ÷ 12 ÷ ${n} persons` } : undefined;
    },
  },
  'income.perCapitaAnnual': {
    label: { zh: '家庭人均年收入', en: 'income per person per year' },
    show: money,
    note: (s) => {
      const n = numbers(s).at(-1);
      return n ? { zh: `计入的年收入 ÷ ${n} 人`, en: `counted annual income ÷ ${n} persons` } : undefined;
    },
  },
  'test.income': {
    label: { zh: '收入条件', en: 'income test' },
    show: (s) => test(s.value),
    note: (s) =>
      s.formula?.includes('disposable')
        ? { zh: '家庭人均年收入低于上年当地居民人均可支配收入', en: 'income per person per year below the local per-capita disposable income' }
        : { zh: '家庭人均月收入低于月低保标准', en: 'income per person per month below the monthly dibao standard' },
  },
  'assets.financialPerCapita': {
    label: { zh: '人均金融资产', en: 'financial assets per person' },
    show: money,
    note: (s) => {
      const n = numbers(s).at(-1);
      return n ? { zh: `家庭金融资产 ÷ ${n} 人`, en: `household financial assets ÷ ${n} persons` } : undefined;
    },
  },
  'assets.financialLimit': {
    label: { zh: '人均金融资产上限', en: 'limit on financial assets per person' },
    show: money,
    note: (s) => {
      const k = num(param(s, 'financialMultiple'));
      return k ? { zh: `${k} 倍年低保标准`, en: `${k} × the annual dibao standard` } : undefined;
    },
  },
  'test.assets': {
    label: { zh: '财产条件', en: 'asset test' },
    show: (s) => test(s.value),
    note: (s) => {
      const v = num(param(s, 'maxVehicles'));
      return {
        zh: `人均金融资产不超过上限${v !== undefined ? `，非生活必需的机动车辆不超过 ${v} 辆` : ''}`,
        en: `financial assets per person within the limit${v !== undefined ? `, at most ${v} non-essential vehicles` : ''}`,
      };
    },
  },
  'gap.perPerson': {
    label: { zh: '人均补差', en: 'gap per person' },
    show: money,
    note: fixed('月低保标准 − 家庭人均月收入', 'monthly standard − income per person per month'),
  },
  'gap.total': {
    label: { zh: '补差合计', en: 'gap for the unit' },
    show: money,
    note: fixed('人均补差 × 保障人数', 'gap per person × persons in the unit'),
  },
  'uplift.fractions': {
    label: { zh: '分类施保加发比例', en: 'uplift fractions' },
    show: (s) => {
      const groups: B[] = [
        { zh: '老年人', en: 'elderly' },
        { zh: '未成年人', en: 'minors' },
        { zh: '重度残疾人', en: 'severely disabled' },
        { zh: '重病患者', en: 'seriously ill' },
      ];
      const parts = s.value.split('/').map((x) => x.trim());
      if (parts.length !== groups.length) return { shown: same(s.value), rounded: false };
      const shown = parts.map((p) => percent(p));
      return {
        shown: { zh: shown.map((x, i) => `${groups[i].zh} ${x.shown.zh}`).join('，'), en: shown.map((x, i) => `${groups[i].en} ${x.shown.en}`).join(', ') },
        rounded: shown.some((x) => x.rounded),
      };
    },
    note: fixed('占月低保标准的比例', 'as a fraction of the monthly standard'),
  },
  'uplift.member': {
    label: { zh: '成员加发比例', en: 'uplift of a member' },
    show: (s) => percent(s.value),
    note: fixed('该成员所属类别中最高的加发比例', 'the largest uplift among the member’s groups'),
  },
  'uplift.total': {
    label: { zh: '分类施保加发', en: 'uplifts' },
    show: money,
    note: fixed('月低保标准 × 各成员加发比例之和', 'monthly standard × the sum of the members’ uplifts'),
  },
  'amount.exact': {
    label: { zh: '金额（未舍入）', en: 'amount, before rounding' },
    show: money,
    note: (s) => {
      const f = s.formula ?? '';
      if (f === 'gap total + uplifts') return { zh: '补差合计 + 分类施保加发', en: 'gap for the unit + uplifts' };
      if (f === 'basic monthly + care monthly') return { zh: '基本生活标准（月）+ 照料护理标准（月）', en: 'basic living amount + care amount, per month' };
      if (f === 'flat amount per household and season') return { zh: '分散取暖：每户每采暖季定额', en: 'dispersed heating: a flat amount per household and season' };
      if (f === 'need, at most the maximum') return { zh: '救助需求，最多至一般最高救助额', en: 'the need, at most the normal maximum' };
      if (f === 'need, at most the category standard') return { zh: '救助需求，最多至该类别的救助标准', en: 'the need, at most the category’s standard' };
      if (f === 'the maximum; a collective decision may pay more') {
        return { zh: '一般最高救助额；超出部分须一事一议集体研究决定', en: 'the normal maximum; more only by a collective case-by-case decision' };
      }
      if (/^[\d.]+ × [\d.]+$/.test(f)) return { zh: '集中供暖：救助标准 × 救助面积', en: 'central heating: rate × area paid for' };
      return undefined;
    },
  },
  'amount.fen': {
    label: { zh: '金额（四舍五入到分）', en: 'amount, rounded to the fen' },
    show: (s) => fenAsYuan(s.value),
    note: fixed('四舍五入到分，只舍入这一次', 'rounded half-up to the fen, only this once'),
  },
  age: {
    label: { zh: '年龄', en: 'age' },
    show: (s) => counted(s.value, '周岁', 'year'),
    note: (s) => {
      const day = /\d{4}-\d{2}-\d{2}/.exec(s.formula ?? '')?.[0];
      return day ? { zh: `截至 ${day} 的周岁`, en: `completed years on ${day}` } : undefined;
    },
  },
  'category.elderly': {
    label: { zh: '老年人', en: 'elderly' },
    show: (s) => yesNo(s.value),
    note: (s) => {
      const a = num(param(s, 'tekun.age.elderly'));
      return a ? { zh: `年满 ${a} 周岁`, en: `aged ${a} or over` } : undefined;
    },
  },
  'category.disabled': {
    label: { zh: '符合等级的残疾人', en: 'disabled at a qualifying grade' },
    show: (s) => yesNo(s.value),
    note: (s) => {
      const m = /^(\w+) grade (\d+) ≤ (\d+)/.exec(s.formula ?? '');
      if (!m) return undefined;
      const kind = word(DISABILITY_KINDS, m[1]);
      return { zh: `${kind.zh} ${m[2]} 级；${m[3]} 级及以上符合`, en: `${kind.en}, grade ${m[2]}; grade ${m[3]} or more severe qualifies` };
    },
  },
  'category.minor': {
    label: { zh: '未成年人', en: 'minor' },
    show: (s) => yesNo(s.value),
    note: (s) => {
      const a = num(s.params[0] === undefined ? undefined : String(s.params[0].value));
      return a ? { zh: `未满 ${a} 周岁`, en: `under ${a}` } : undefined;
    },
  },
  'test.laborCapacity': {
    label: { zh: '无劳动能力', en: 'no labour capacity' },
    show: (s) => yesNo(s.value),
    note: (s) => {
      const c = /^laborCapacity (\w+)$/.exec(s.formula ?? '')?.[1];
      return c ? word(LABOR_CAPACITIES, c) : undefined;
    },
  },
  'test.supporter': {
    label: { zh: '无法定义务人或其无履行能力', en: 'no able legal supporter' },
    show: (s) => yesNo(s.value),
    note: (s) => {
      const c = /^supporter (\w+)$/.exec(s.formula ?? '')?.[1];
      return c ? word(SUPPORTERS, c) : undefined;
    },
  },
  'basic.annual': {
    label: { zh: '基本生活标准（年）', en: 'basic living amount per year' },
    show: (s) => yuan(s.value),
    note: (s) => {
      const r = num(param(s, 'tekun.basic.ratio'));
      return r ? { zh: `${r} 倍年低保标准`, en: `${r} × the annual dibao standard` } : undefined;
    },
  },
  'basic.monthly': {
    label: { zh: '基本生活标准（月）', en: 'basic living amount per month' },
    show: money,
    note: fixed('基本生活标准（年）÷ 12', 'basic living amount per year ÷ 12'),
  },
  'care.tier': {
    label: { zh: '生活自理能力', en: 'self-care ability' },
    show: (s) => ({ shown: word(CARE_TIERS, s.value), rounded: false }),
    note: (s) => {
      const n = numbers(s)[0];
      return n !== undefined ? { zh: `六项生活自理指标中 ${n} 项不能自理`, en: `${n} of the six self-care items failed` } : undefined;
    },
  },
  'care.override': {
    label: { zh: '护理等级（人工认定）', en: 'care level (set by hand)' },
    show: (s) => ({ shown: word(CARE_TIERS, s.value), rounded: false }),
    note: (s) => {
      const assessed = /assessed (\w+)/.exec(s.formula ?? '')?.[1] ?? '';
      const a = word(CARE_TIERS, assessed);
      const b = word(CARE_TIERS, s.value);
      return {
        zh: `六项指标评估为「${a.zh}」，经认定调整为「${b.zh}」，按调整后的等级计发照料护理费（依据 ${CITE.nat2016}；调整理由见护理等级记录）`,
        en: `the six items give "${a.en}"; the level was set by hand to "${b.en}" and the care amount follows it (${CITE.nat2016}; the reason is on the care record)`,
      };
    },
  },
  'care.monthly': { label: { zh: '照料护理标准（月）', en: 'care amount per month' }, show: money },
  'season.inSeason': {
    label: { zh: '在采暖期内', en: 'within the heating season' },
    show: (s) => yesNo(s.value),
    note: (s) => {
      const start = num(param(s, 'startMonth'));
      const len = num(param(s, 'heating.season.months'));
      return start && len ? { zh: `采暖期自 ${start} 月起共 ${len} 个月`, en: `the season runs ${len} months from month ${start}` } : undefined;
    },
  },
  'season.monthsPaid': {
    label: { zh: '发放月数', en: 'months of the season paid' },
    show: (s) => counted(s.value, '个月', 'month'),
    note: (s) => {
      const m = /^(\d+) of (\d+) months$/.exec(s.formula ?? '');
      return m ? { zh: `自纳入保障的月份至采暖期末共 ${m[1]} 个月，采暖期共 ${m[2]} 个月`, en: `${m[1]} months from enrollment to the season’s end, of ${m[2]}` } : undefined;
    },
  },
  'amount.prorated': {
    label: { zh: '折算金额', en: 'pro-rated amount' },
    show: (s) => fenAsYuan(s.value),
    note: fixed('全季金额 × 发放月数 ÷ 采暖期月数，四舍五入到分', 'the season’s amount × months paid ÷ months of the season, rounded half-up to the fen'),
  },
  'area.paid': {
    label: { zh: '救助面积', en: 'area paid for' },
    show: (s) => {
      const n = plainNumber(s.value);
      return n ? { shown: { zh: `${n.text} 平方米`, en: `${n.text} m²` }, rounded: n.rounded } : { shown: same(s.value), rounded: false };
    },
    note: fixed('实际供暖面积，最多至救助面积上限', 'the heated area, at most the largest area paid for'),
  },
  need: {
    label: { zh: '救助需求', en: 'need' },
    show: money,
    note: (s) => {
      const type = /^(\w+) need$/.exec(s.formula ?? '')?.[1];
      return type ? { zh: `${word(TEMPORARY_TYPES, type).zh}临时救助`, en: `${word(TEMPORARY_TYPES, type).en} aid` } : undefined;
    },
  },
  'category.offered': {
    label: { zh: '属于本县区救助的对象类别', en: 'a category the county assists' },
    show: (s) => yesNo(s.value),
    note: (s) => (s.formula ? { zh: `类别：${word(TEMPORARY_CATEGORY_WORDS, s.formula).zh}`, en: `category: ${word(TEMPORARY_CATEGORY_WORDS, s.formula).en}` } : undefined),
  },
  tier: {
    label: { zh: '需求档次', en: 'need band' },
    show: (s) => ({ shown: word(TEMPORARY_TIERS, s.value), rounded: false }),
    note: (s) => {
      const [mild, moderate] = s.params.map((p) => num(String(p.value)));
      return mild && moderate
        ? { zh: `需求不超过 ${mild} 元为轻度，不超过 ${moderate} 元为中度，超过为重度`, en: `a need up to ${mild} yuan is mild, up to ${moderate} yuan moderate, above it severe` }
        : undefined;
    },
  },
  'standard.category': {
    label: { zh: '该类别救助标准', en: 'standard of the category' },
    show: money,
    note: (s) => {
      if (s.formula === 'fixed amount') return { zh: TEMPORARY_BASES.amount.zh, en: TEMPORARY_BASES.amount.en };
      const k = numbers(s)[0];
      return k ? { zh: `${num(k)} 倍月低保标准`, en: `${num(k)} × the monthly dibao standard` } : undefined;
    },
  },
  'paperwork.deadlineWorkingDays': {
    label: { zh: '补办手续期限', en: 'paperwork deadline' },
    show: (s) => counted(s.value, '个工作日', 'working day'),
  },
  maximum: {
    label: { zh: '一般最高救助额', en: 'normal maximum' },
    show: money,
    note: (s) => {
      const k = num(param(s, 'temporary.maxMultiple'));
      return k ? { zh: `${k} 倍月低保标准`, en: `${k} × the monthly dibao standard` } : undefined;
    },
  },
  approvalLevel: {
    label: { zh: '审批层级', en: 'approval level' },
    show: (s) => ({ shown: word(APPROVAL_LEVELS, s.value), rounded: false }),
    note: (s) => {
      const c = num(param(s, 'temporary.townshipCeiling'));
      return c
        ? { zh: `乡镇（街道）审批至 ${c} 元，超过由县（市）区审批，超过一般最高额一事一议`, en: `the township approves up to ${c} yuan, the county above that, a collective decision above the maximum` }
        : undefined;
    },
  },
  maxMonths: { label: { zh: '渐退期上限', en: 'longest gradual exit' }, show: months },
  months: {
    label: { zh: '渐退期', en: 'gradual exit' },
    show: months,
    note: (s) => (s.formula === 'the maximum' ? { zh: '取上限', en: 'the maximum' } : s.formula ? { zh: '所定月数，最多至上限', en: 'the months chosen, at most the maximum' } : undefined),
  },
  lastMonth: {
    label: { zh: '渐退最后一个月', en: 'last month of gradual exit' },
    show: (s) => ({ shown: s.value === 'none' ? { zh: '无', en: 'none' } : same(s.value), rounded: false }),
  },
  ableBodiedMember: {
    label: { zh: '有劳动能力的成员', en: 'an able-bodied member' },
    show: (s) => yesNo(s.value),
    note: (s) => {
      const [from, to] = numbers(s);
      return from && to ? { zh: `${from}–${to} 周岁且有完全劳动能力`, en: `aged ${from}–${to} with full labour capacity` } : undefined;
    },
  },
  businessIncome: { label: { zh: '有家庭经营收入', en: 'business income' }, show: (s) => yesNo(s.value) },
  'review.months': {
    label: { zh: '复核间隔', en: 'review interval' },
    show: months,
    note: (s) => (s.formula ? REVIEW_CLASSES[s.formula] : undefined),
  },
  'enrolment.dibao': { label: { zh: '符合低保条件', en: 'qualifies for dibao' }, show: (s) => yesNo(s.value) },
  'enrolment.tekun': { label: { zh: '成员符合特困条件', en: 'a member qualifies for tekun' }, show: (s) => yesNo(s.value) },
};

/** Keys that end in a member's number (`uplift.member.2`, `enrolment.tekun.0`): the table holds them without it. */
const NUMBERED = /^(uplift\.member|enrolment\.tekun)\.(\d+)$/;
/** Prefixes of a determination included in another (heating includes its dibao and tekun tests). */
const INCLUDED = /^((?:dibao\.|tekun\.\d+\.)*)(.*)$/;

export interface ResolvedStep {
  spec: StepSpec;
  /** The key without prefix and member number. */
  key: string;
  label: B;
}

/** The spec of a step key as recorded (prefixes and member numbers allowed), or undefined when there is none. */
export function resolveStep(step: string): ResolvedStep | undefined {
  const m = INCLUDED.exec(step);
  const prefix = m?.[1] ?? '';
  let rest = m?.[2] ?? step;
  const n = NUMBERED.exec(rest);
  let member: number | undefined;
  if (n) {
    rest = n[1];
    member = Number(n[2]);
  }
  const spec = STEPS[rest];
  if (!spec) return undefined;
  let label = spec.label;
  if (member !== undefined) label = { zh: `${label.zh}（成员 ${member + 1}）`, en: `${label.en} (member ${member + 1})` };
  if (prefix) label = prefixed(prefix, label);
  return { spec, key: rest, label };
}

function prefixed(prefix: string, label: B): B {
  const parts = prefix.split('.').filter(Boolean);
  const zh: string[] = [];
  const en: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    if (parts[i] === 'dibao') {
      zh.push('低保测算');
      en.push('dibao test');
    } else if (parts[i] === 'tekun') {
      const who = Number(parts[i + 1]) + 1;
      zh.push(`特困测算（成员 ${who}）`);
      en.push(`tekun test (member ${who})`);
      i++;
    }
  }
  return { zh: `${zh.join(' · ')} · ${label.zh}`, en: `${en.join(' · ')} · ${label.en}` };
}
