import type { BilingualMessage } from '../kernel/errors.ts';

/** Readable names of trace steps, for the CLI and the UI explanation. */
const LABELS: Record<string, BilingualMessage> = {
  'rule': { zh: '适用规则版本', en: 'rule version' },
  'standard.annual': { zh: '低保标准（年）', en: 'dibao standard per year' },
  'standard.monthly': { zh: '低保标准（月）', en: 'dibao standard per month' },
  'unit.householdSize': { zh: '计入的家庭成员数', en: 'household members counted' },
  'unit.members': { zh: '保障人数', en: 'persons in the unit' },
  'individual.severe': { zh: '重度残疾或重病', en: 'severely disabled or seriously ill' },
  'income.rule': { zh: '收入认定规则', en: 'income rule' },
  'income.total': { zh: '家庭年收入合计', en: 'total annual income' },
  'income.excluded.local': { zh: '不计入收入（当地规定）', en: 'income not counted (local list)' },
  'income.excluded.statutory': { zh: '不计入收入（社会救助金）', en: 'income not counted (assistance payments)' },
  'income.deductions': { zh: '扣减的刚性支出和就业成本', en: 'deducted expenses' },
  'income.countable': { zh: '计入的年收入', en: 'counted annual income' },
  'income.perCapitaMonthly': { zh: '家庭人均月收入', en: 'income per person per month' },
  'income.perCapitaAnnual': { zh: '家庭人均年收入', en: 'income per person per year' },
  'test.income': { zh: '收入条件', en: 'income test' },
  'assets.financialPerCapita': { zh: '人均金融资产', en: 'financial assets per person' },
  'assets.financialLimit': { zh: '人均金融资产上限', en: 'limit on financial assets per person' },
  'test.assets': { zh: '财产条件', en: 'asset test' },
  'gap.perPerson': { zh: '人均补差', en: 'gap per person' },
  'gap.total': { zh: '补差合计', en: 'gap times members' },
  'uplift.fractions': { zh: '分类施保比例', en: 'uplift fractions' },
  'uplift.total': { zh: '分类施保加发', en: 'uplifts' },
  'amount.exact': { zh: '金额（未舍入）', en: 'amount, unrounded' },
  'amount.fen': { zh: '金额（分，四舍五入一次）', en: 'amount in fen, rounded once' },
  'age': { zh: '年龄（周岁）', en: 'age (completed years)' },
  'category.elderly': { zh: '老年人', en: 'elderly' },
  'category.disabled': { zh: '符合等级的残疾人', en: 'disabled at a qualifying grade' },
  'category.minor': { zh: '未成年人', en: 'minor' },
  'test.laborCapacity': { zh: '无劳动能力', en: 'no labour capacity' },
  'test.supporter': { zh: '无法定义务人或其无履行能力', en: 'no able legal supporter' },
  'basic.annual': { zh: '基本生活标准（年）', en: 'basic living amount per year' },
  'basic.monthly': { zh: '基本生活标准（月）', en: 'basic living amount per month' },
  'care.tier': { zh: '生活自理能力', en: 'self-care tier' },
  'care.monthly': { zh: '照料护理标准（月）', en: 'care amount per month' },
  'season.inSeason': { zh: '在采暖期内', en: 'within the heating season' },
  'area.paid': { zh: '救助面积', en: 'area paid for' },
  'need': { zh: '救助需求', en: 'need' },
  'paperwork.deadlineWorkingDays': { zh: '补办手续期限（工作日）', en: 'paperwork deadline (working days)' },
  'maximum': { zh: '一般最高救助额', en: 'normal maximum' },
  'approvalLevel': { zh: '审批层级', en: 'approval level' },
  'maxMonths': { zh: '渐退期上限（月）', en: 'longest gradual exit (months)' },
  'months': { zh: '渐退期（月）', en: 'gradual exit (months)' },
  'lastMonth': { zh: '渐退最后一个月', en: 'last month of gradual exit' },
  'review.months': { zh: '复核间隔（月）', en: 'review interval (months)' },
};

/** Label of a step; prefixes of included determinations (`dibao.`, `tekun.0.`) are kept in front. */
export function stepLabel(step: string): BilingualMessage {
  const m = /^((?:dibao\.|tekun\.\d+\.)*)(.*)$/.exec(step);
  const prefix = m?.[1] ?? '';
  const rest = m?.[2] ?? step;
  const found = LABELS[rest] ?? (rest.startsWith('uplift.member.') ? { zh: `成员 ${rest.slice(14)} 加发比例`, en: `uplift of member ${rest.slice(14)}` } : undefined);
  if (!found) return { zh: step, en: step };
  return prefix ? { zh: `${prefix}${found.zh}`, en: `${prefix}${found.en}` } : found;
}
