import type { BilingualMessage } from '../../kernel/errors.ts';
import { headerMatcher, type TemplateColumn } from '../uploads/header-match.ts';

/**
 * 建档立卡模板的列 The columns of the published poverty-registry template (one row per person, grouped into households by
 * the office's 户编号): the template writer and the importer read this one list, as the registry's template does
 * (ADR 0028). Headers are matched by their Chinese name or a common variant; values by their label or a variant.
 */
export type PovertyColumnKey =
  | 'hhNo'
  | 'county'
  | 'township'
  | 'village'
  | 'headName'
  | 'name'
  | 'idNumber'
  | 'relation'
  | 'attribute'
  | 'cause'
  | 'status'
  | 'exitYear'
  | 'labor'
  | 'health'
  | 'disabilityGrade';

export interface PovertyColumn extends TemplateColumn<PovertyColumnKey> {
  /** A household's field: the same on every row of the household that fills it in. */
  household: boolean;
  note: string;
}

export type Attribute = 'general' | 'dibao' | 'tekun';
export type PovertyStatus = 'poor' | 'out';
export type Health = 'healthy' | 'chronic' | 'serious' | 'disabled';

export const ATTRIBUTE_LABELS: Record<Attribute, string> = { general: '一般贫困户', dibao: '低保贫困户', tekun: '特困供养贫困户' };
export const STATUS_LABELS: Record<PovertyStatus, string> = { poor: '未脱贫', out: '已脱贫' };
export const HEALTH_LABELS: Record<Health, string> = { healthy: '健康', chronic: '长期慢性病', serious: '患有大病', disabled: '残疾' };
/** 劳动能力 as the national registry (扶贫开发建档立卡) records it. */
export const LABOR_LABELS = ['普通劳动力', '技能劳动力', '弱劳动力或半劳动力', '丧失劳动力', '无劳动力'] as const;
/** 主要致贫原因 as the national registry lists them. */
export const CAUSES = ['因病', '因残', '因学', '因灾', '缺土地', '缺水', '缺技术', '缺劳力', '缺资金', '交通条件落后', '自身发展动力不足', '其他'] as const;
/** 与户主关系 as the registry writes them (in-laws and the rest as 其他). */
export const RELATION_LABELS = ['户主', '配偶', '之子', '之女', '之父', '之母', '之孙子', '之孙女', '之兄弟姐妹', '之祖父母', '之儿媳', '之女婿', '其他'] as const;

const col = (key: PovertyColumnKey, header: string, o: { variants?: string[]; required?: boolean; household?: boolean; note: string }): PovertyColumn => ({
  key,
  header,
  variants: o.variants ?? [],
  required: o.required ?? false,
  household: o.household ?? false,
  note: o.note,
});

export const POVERTY_COLUMNS: readonly PovertyColumn[] = [
  col('hhNo', '户编号', { variants: ['户号', '家庭编号', '户编码', '贫困户编号', '户码'], required: true, household: true, note: '扶贫部门的户编号；同一户的成员填写相同的户编号；以“示例”开头的行是示例，导入时跳过' }),
  col('county', '县（市、区）', { variants: ['县', '县区', '县（区）', '县市区', '所在县', '县（市）'], required: true, household: true, note: '县（市、区）名称或 12 位区划代码' }),
  col('township', '乡镇（街道）', { variants: ['乡镇', '乡（镇）', '乡镇街道', '所在乡镇', '乡（镇、街道）', '乡镇（街道办）'], required: true, household: true, note: '乡镇（街道）名称或 12 位区划代码，须属于所填县' }),
  col('village', '村（社区）', { variants: ['村', '行政村', '所在村', '村社区', '村（居）', '所在村（社区）', '村（社区）代码'], required: true, household: true, note: '村（社区）名称或 12 位区划代码，须属于所填乡镇' }),
  col('headName', '户主姓名', { variants: ['户主'], required: true, household: true, note: '' }),
  col('name', '成员姓名', { variants: ['姓名', '人员姓名', '家庭成员姓名'], required: true, note: '' }),
  col('idNumber', '身份证号码', { variants: ['身份证号', '公民身份号码', '证件号码', '身份证件号码'], required: true, note: '18 位或旧式 15 位公民身份号码（15 位自动转换为 18 位）；确无号码的可不填（按姓名、出生日期和村比对）；请设为文本格式' }),
  col('relation', '与户主关系', { variants: ['关系', '与户主的关系', '家庭关系'], required: true, note: RELATION_LABELS.join('、') }),
  col('attribute', '户属性', { variants: ['贫困户属性', '户类型', '贫困户类型'], required: true, household: true, note: Object.values(ATTRIBUTE_LABELS).join('、') }),
  col('cause', '主要致贫原因', { variants: ['致贫原因', '主要致贫原因（单选）'], household: true, note: CAUSES.join('、') }),
  col('status', '脱贫状态', { variants: ['贫困状态', '是否脱贫', '脱贫情况'], required: true, household: true, note: Object.values(STATUS_LABELS).join('、') }),
  col('exitYear', '脱贫年度', { variants: ['脱贫年份', '脱贫时间', '脱贫年'], household: true, note: '已脱贫的填写脱贫年度（如 2018）；未脱贫的不填' }),
  col('labor', '劳动能力', { variants: ['劳动力状况', '劳动能力状况', '劳动技能'], required: true, note: LABOR_LABELS.join('、') }),
  col('health', '健康状况', { variants: ['健康情况', '身体状况', '身体健康状况'], required: true, note: Object.values(HEALTH_LABELS).join('、') }),
  col('disabilityGrade', '残疾等级', { variants: ['残疾级别'], note: '一级至四级；健康状况为“残疾”时必填' }),
];

export const HOUSEHOLD_FIELDS: readonly PovertyColumnKey[] = POVERTY_COLUMNS.filter((c) => c.household && c.key !== 'hhNo').map((c) => c.key);

export const matchPovertyHeaders = headerMatcher<PovertyColumnKey, PovertyColumn>(POVERTY_COLUMNS);

export const povertyColumn = (key: PovertyColumnKey): PovertyColumn => POVERTY_COLUMNS.find((c) => c.key === key) as PovertyColumn;

/** A cell read into a value, or why not (in both languages). */
export type Read<T> = { ok: true; value: T } | { ok: false; message: BilingualMessage };
const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const no = <T>(zh: string, en: string): Read<T> => ({ ok: false, message: { zh, en } });
const squash = (v: string) => v.replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')');

function choice<T extends string>(labels: Record<string, T>, shown: readonly string[], what: { zh: string; en: string }) {
  const index = new Map<string, T>();
  for (const [l, k] of Object.entries(labels)) index.set(squash(l), k);
  return (v: string): Read<T> => {
    const hit = index.get(squash(v));
    if (hit !== undefined) return ok(hit);
    return no(`${what.zh}应为：${shown.join('、')}`, `${what.en} is one of: ${shown.join(', ')}`);
  };
}

const invert = <T extends string>(labels: Record<T, string>) => Object.fromEntries(Object.entries(labels).map(([k, l]) => [l, k])) as Record<string, T>;

export const readAttribute = choice<Attribute>(
  { ...invert(ATTRIBUTE_LABELS), 一般户: 'general', 一般贫困: 'general', 一般农户: 'general', 低保户: 'dibao', 低保: 'dibao', 低保贫困: 'dibao', 特困户: 'tekun', 特困供养户: 'tekun', 特困: 'tekun', 五保户: 'tekun', 五保贫困户: 'tekun', 特困供养: 'tekun' },
  Object.values(ATTRIBUTE_LABELS),
  { zh: '户属性', en: 'The household attribute' },
);
export const readStatus = choice<PovertyStatus>(
  { ...invert(STATUS_LABELS), 贫困: 'poor', 未脱贫户: 'poor', 否: 'poor', 脱贫: 'out', 已脱贫户: 'out', 脱贫户: 'out', 是: 'out', '已脱贫(享受政策)': 'out', '已脱贫(不再享受政策)': 'out' },
  Object.values(STATUS_LABELS),
  { zh: '脱贫状态', en: 'The poverty status' },
);
export const readHealth = choice<Health>(
  { ...invert(HEALTH_LABELS), 良好: 'healthy', 正常: 'healthy', 慢性病: 'chronic', 长期慢性病患者: 'chronic', 大病: 'serious', 重病: 'serious', 患大病: 'serious', 重大疾病: 'serious', 残疾人: 'disabled', 有残疾: 'disabled' },
  Object.values(HEALTH_LABELS),
  { zh: '健康状况', en: 'The health' },
);
export const readLabor = choice<(typeof LABOR_LABELS)[number]>(
  {
    ...Object.fromEntries(LABOR_LABELS.map((l) => [l, l])),
    普通: '普通劳动力', 有劳动能力: '普通劳动力', 有劳动力: '普通劳动力', 技能: '技能劳动力', 弱劳动力: '弱劳动力或半劳动力', 半劳动力: '弱劳动力或半劳动力',
    部分丧失劳动能力: '弱劳动力或半劳动力', 丧失劳动能力: '丧失劳动力', 无劳动能力: '无劳动力', 无: '无劳动力',
  },
  LABOR_LABELS,
  { zh: '劳动能力', en: 'The labour capacity' },
);
export const readRelation = choice<(typeof RELATION_LABELS)[number]>(
  {
    ...Object.fromEntries(RELATION_LABELS.map((l) => [l, l])),
    本人: '户主', 户主本人: '户主', 妻: '配偶', 夫: '配偶', 妻子: '配偶', 丈夫: '配偶', 之妻: '配偶', 之夫: '配偶', 子: '之子', 儿子: '之子', 长子: '之子', 次子: '之子', 女: '之女', 女儿: '之女',
    长女: '之女', 次女: '之女', 子女: '之子', 父亲: '之父', 母亲: '之母', 父: '之父', 母: '之母', 孙子: '之孙子', 孙女: '之孙女', 外孙子: '之孙子', 外孙女: '之孙女', 兄弟姐妹: '之兄弟姐妹',
    兄: '之兄弟姐妹', 弟: '之兄弟姐妹', 姐: '之兄弟姐妹', 妹: '之兄弟姐妹', 祖父: '之祖父母', 祖母: '之祖父母', 儿媳: '之儿媳', 女婿: '之女婿', 孙媳妇: '其他', 侄子: '其他', 侄女: '其他',
  },
  RELATION_LABELS,
  { zh: '与户主关系', en: 'The relation' },
);

/** The main poverty cause: a listed one (因病致贫 → 因病), or as written (other causes exist in older files). */
export function readCause(v: string): Read<string> {
  const s = squash(v).replace(/致贫$/, '');
  const hit = CAUSES.find((c) => c === s);
  if (hit) return ok(hit);
  if (s.length > 20) return no('主要致贫原因过长（最多 20 个字）', 'The main poverty cause is too long (20 characters at most)');
  return ok(s);
}

const GRADES: Record<string, number> = { 一级: 1, 二级: 2, 三级: 3, 四级: 4, '1': 1, '2': 2, '3': 3, '4': 4, 一: 1, 二: 2, 三: 3, 四: 4, 一级残疾: 1, 二级残疾: 2, 三级残疾: 3, 四级残疾: 4 };
export function readGrade(v: string): Read<number> {
  const g = GRADES[squash(v)];
  return g ? ok(g) : no('残疾等级应为一级、二级、三级或四级', 'The disability grade is 一级–四级 (1–4)');
}

/** 脱贫年度: a year from 2013 (the registry began in 2014) to the year of the file. */
export function readExitYear(v: string, asOfYear: number): Read<number> {
  const s = squash(v).replace(/年(度)?$/, '');
  const y = /^\d{4}$/.test(s) ? Number(s) : Number.NaN;
  if (y >= 2013 && y <= asOfYear) return ok(y);
  return no(`脱贫年度应为 2013 至 ${asOfYear} 之间的年份`, `The year out of poverty is a year from 2013 to ${asOfYear}`);
}

/** A name as a person is named: 1–30 characters, no digits. */
export function readName(v: string): Read<string> {
  const s = v.replace(/\s+/g, '');
  if (s.length === 0 || s.length > 30 || /\d/.test(s)) return no('姓名应为 1–30 个字，不含数字', 'A name has 1–30 characters and no digits');
  return ok(s);
}
