import {
  ASSET_KINDS,
  type AssetInput,
  type DISABILITY_KINDS,
  HEATED_AREA_MAX_M2,
  HEATED_AREA_MIN_M2,
  HEATING_MESSAGES,
  type HEATING_MODES,
  INCOME_KINDS,
  type IncomeInput,
  type LABOR_CAPACITIES,
  type RELATIONS,
  type SELF_CARE_ITEMS,
  type SUPPORTER_STATUSES,
} from '../../contracts/registry.ts';
import type { BilingualMessage } from '../../kernel/errors.ts';
import { normaliseHeader, readDigits } from '../uploads/header-match.ts';

/**
 * 户籍导入模板的列 The columns of the published registry template (one row per person, rows grouped into households by
 * 户编号, the head marked 户主): the template writer and the importer read the same list, so what the template says is
 * what the import accepts. Headers are matched by their Chinese name or a common variant, ignoring spaces, full-width
 * brackets, a unit in brackets and a required-mark (*); values by their Chinese label or a common variant.
 */
export type ColumnKey =
  | 'key'
  | 'village'
  | 'address'
  | 'hukouType'
  | 'registeredPoor'
  | 'bankName'
  | 'bankAccount'
  | 'phone'
  | 'name'
  | 'idNumber'
  | 'relation'
  | 'laborCapacity'
  | 'disabilityKind'
  | 'disabilityGrade'
  | 'seriousIllness'
  | 'inSchool'
  | 'supporterStatus'
  | 'selfCareFailed'
  | `income.${(typeof INCOME_KINDS)[number]}`
  | `asset.${(typeof ASSET_KINDS)[number]}`;

export interface ImportColumn {
  key: ColumnKey;
  /** The header the template writes. */
  header: string;
  /** Other headers taken for it. */
  variants: readonly string[];
  required: boolean;
  /** A household's field: the same on every row of the household that fills it in. */
  household: boolean;
  /** What the instructions sheet says about it. */
  note: string;
}

export const RELATION_LABELS: Record<(typeof RELATIONS)[number], string> = {
  head: '户主',
  spouse: '配偶',
  child: '子女',
  parent: '父母',
  grandchild: '孙子女',
  grandparent: '祖父母',
  sibling: '兄弟姐妹',
  other: '其他',
};
const RELATION_VARIANTS: Record<string, (typeof RELATIONS)[number]> = {
  本人: 'head', 户主本人: 'head', 妻: 'spouse', 夫: 'spouse', 妻子: 'spouse', 丈夫: 'spouse', 子: 'child', 女: 'child', 儿子: 'child', 女儿: 'child',
  长子: 'child', 次子: 'child', 长女: 'child', 次女: 'child', 父亲: 'parent', 母亲: 'parent', 父: 'parent', 母: 'parent', 孙子: 'grandchild',
  孙女: 'grandchild', 外孙子: 'grandchild', 外孙女: 'grandchild', 祖父: 'grandparent', 祖母: 'grandparent', 外祖父: 'grandparent', 外祖母: 'grandparent',
  兄: 'sibling', 弟: 'sibling', 姐: 'sibling', 妹: 'sibling', 兄弟: 'sibling', 姐妹: 'sibling', 哥哥: 'sibling', 弟弟: 'sibling', 姐姐: 'sibling', 妹妹: 'sibling',
};
export const LABOR_LABELS: Record<(typeof LABOR_CAPACITIES)[number], string> = { full: '有劳动能力', partial: '部分丧失劳动能力', none: '无劳动能力' };
const LABOR_VARIANTS: Record<string, (typeof LABOR_CAPACITIES)[number]> = { 有: 'full', 部分: 'partial', 部分丧失: 'partial', 无: 'none', 丧失劳动能力: 'none', 完全丧失劳动能力: 'none' };
const DISABILITY_LABELS: Record<(typeof DISABILITY_KINDS)[number], string> = {
  visual: '视力残疾', hearing: '听力残疾', speech: '言语残疾', physical: '肢体残疾', intellectual: '智力残疾', mental: '精神残疾', multiple: '多重残疾',
};
const SUPPORTER_LABELS: Record<(typeof SUPPORTER_STATUSES)[number], string> = { none: '无法定义务人', able: '有义务人，有赡养能力', unable: '有义务人，无赡养能力' };
const SUPPORTER_VARIANTS: Record<string, (typeof SUPPORTER_STATUSES)[number]> = { 无: 'none', 有赡养能力: 'able', 无赡养能力: 'unable', 有义务人有赡养能力: 'able', 有义务人无赡养能力: 'unable' };
const SELF_CARE_LABELS: Record<(typeof SELF_CARE_ITEMS)[number], string> = { eat: '吃饭', dress: '穿衣', bed: '上下床', toilet: '如厕', walk: '室内行走', bathe: '洗澡' };
export const INCOME_LABELS: Record<(typeof INCOME_KINDS)[number], string> = {
  wage: '工资性收入',
  business: '家庭经营净收入',
  property: '财产净收入',
  transfer: '转移净收入',
  pension: '养老金',
  assistance: '救助金',
  special_care: '优抚金',
  family_planning_award: '计划生育奖励扶助金',
  scholarship: '奖学金、助学金',
  heroism_award: '见义勇为奖励',
  other: '其他收入',
};
export const ASSET_LABELS: Record<(typeof ASSET_KINDS)[number], string> = { financial: '金融资产', vehicle: '机动车辆', house: '房产', other: '其他财产' };
const GRADES: Record<string, number> = { 一级: 1, 二级: 2, 三级: 3, 四级: 4, '1': 1, '2': 2, '3': 3, '4': 4, 一: 1, 二: 2, 三: 3, 四: 4 };

const col = (key: ColumnKey, header: string, o: { variants?: string[]; required?: boolean; household?: boolean; note: string }): ImportColumn => ({
  key,
  header,
  variants: o.variants ?? [],
  required: o.required ?? false,
  household: o.household ?? false,
  note: o.note,
});

export const IMPORT_COLUMNS: readonly ImportColumn[] = [
  col('key', '户编号', { variants: ['户号', '家庭编号', '户编码', '家庭序号'], required: true, household: true, note: '同一户的成员填写相同的户编号（本文件内自编，如 1、2、3）；以“示例”开头的行是示例，导入时跳过' }),
  col('village', '所在村（社区）', { variants: ['村（社区）', '村社区', '所在村', '村名', '村（社区）代码', '村代码', '区划代码', '村（社区）名称'], required: true, household: true, note: '12 位村（社区）区划代码，或导入范围内的村（社区）名称' }),
  col('address', '家庭住址', { variants: ['住址', '地址', '家庭地址', '现住址'], required: true, household: true, note: '例：某某镇某某村 3 组 12 号' }),
  col('hukouType', '户籍类型', { variants: ['户口类型', '户籍性质', '户口性质'], household: true, note: '农村 或 城镇；不填为农村' }),
  col('registeredPoor', '建档立卡', { variants: ['建档立卡贫困户', '是否建档立卡'], household: true, note: '是 或 否；不填为否' }),
  col('bankName', '开户银行', { variants: ['开户行', '银行名称'], household: true, note: '可不填' }),
  col('bankAccount', '银行账号', { variants: ['银行卡号', '账号', '社保卡号', '一卡通账号'], household: true, note: '8–30 位数字，可不填（请设为文本格式，以免变成科学计数）' }),
  col('phone', '联系电话', { variants: ['电话', '手机', '手机号', '手机号码', '电话号码'], household: true, note: '可不填' }),
  col('name', '姓名', { variants: ['成员姓名'], required: true, note: '' }),
  col('idNumber', '身份证号码', { variants: ['身份证号', '公民身份号码', '身份证件号码', '证件号码'], required: true, note: '18 位公民身份号码（GB 11643），校验码须正确；请设为文本格式' }),
  col('relation', '与户主关系', { variants: ['关系', '家庭关系', '与户主的关系'], required: true, note: `每户一名“户主”；${Object.values(RELATION_LABELS).join('、')}` }),
  col('laborCapacity', '劳动能力', { variants: ['劳动能力状况'], required: true, note: Object.values(LABOR_LABELS).join('、') }),
  col('disabilityKind', '残疾类别', { variants: ['残疾类型'], note: `不填为无残疾；${Object.values(DISABILITY_LABELS).join('、')}` }),
  col('disabilityGrade', '残疾等级', { variants: ['残疾级别'], note: '一级至四级；填写了残疾类别时必填' }),
  col('seriousIllness', '患重特大疾病', { variants: ['重病', '重特大疾病', '是否患重特大疾病'], note: '是 或 否；不填为否' }),
  col('inSchool', '在校学生', { variants: ['在校生', '是否在校'], note: '是 或 否；不填为否' }),
  col('supporterStatus', '法定赡养（抚养、扶养）义务人', { variants: ['法定义务人', '赡养义务人', '法定赡养义务人'], note: `不填为无；${Object.values(SUPPORTER_LABELS).join('、')}` }),
  col('selfCareFailed', '不能自理的项目', { variants: ['不能自理项目', '生活自理能力'], note: `六项日常生活自理能力中不能独立完成的，用顿号分隔：${Object.values(SELF_CARE_LABELS).join('、')}` }),
  ...INCOME_KINDS.map((k) => col(`income.${k}`, `${INCOME_LABELS[k]}（元/年）`, { note: '本成员的年收入（元），最多两位小数；不填为无' })),
  ...ASSET_KINDS.map((k) => col(`asset.${k}`, `${ASSET_LABELS[k]}（元）`, { household: true, note: '全户的财产价值（元）；在户主一行填写，其他行不填或填相同的数' })),
];

export { normaliseHeader };

const HEADER_INDEX: Map<string, ColumnKey> = (() => {
  const m = new Map<string, ColumnKey>();
  for (const c of IMPORT_COLUMNS) for (const h of [c.header, ...c.variants]) m.set(normaliseHeader(h), c.key);
  return m;
})();

export interface HeaderMatch {
  /** The file's column (0-based) of each column found, and its header as written there. */
  found: Map<ColumnKey, { index: number; header: string }>;
  missing: ImportColumn[];
  /** A header given twice (the second one named). */
  repeated: { index: number; header: string }[];
  /** Headers that are none of the template's (left alone). */
  unknown: string[];
}

/** The template's columns found in a header row, by name or variant (not by position). */
export function matchHeaders(cells: readonly string[]): HeaderMatch {
  const found = new Map<ColumnKey, { index: number; header: string }>();
  const repeated: { index: number; header: string }[] = [];
  const unknown: string[] = [];
  for (const [index, raw] of cells.entries()) {
    const header = raw.trim();
    if (!header) continue;
    const key = HEADER_INDEX.get(normaliseHeader(header));
    if (!key) unknown.push(header);
    else if (found.has(key)) repeated.push({ index, header });
    else found.set(key, { index, header });
  }
  return { found, missing: IMPORT_COLUMNS.filter((c) => c.required && !found.has(c.key)), repeated, unknown };
}

export const columnOf = (key: ColumnKey): ImportColumn => IMPORT_COLUMNS.find((c) => c.key === key) as ImportColumn;

/** A cell read into a value, or why not (in both languages). */
export type Read<T> = { ok: true; value: T } | { ok: false; message: BilingualMessage };
const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const no = <T>(zh: string, en: string): Read<T> => ({ ok: false, message: { zh, en } });

const squash = (v: string) => v.replace(/\s+/g, '').replace(/，/g, ',');

function choice<T extends string>(labels: Record<T, string>, variants: Record<string, T>, what: { zh: string; en: string }) {
  const index = new Map<string, T>();
  for (const [k, l] of Object.entries(labels) as [T, string][]) index.set(squash(l), k);
  for (const [l, k] of Object.entries(variants)) index.set(squash(l), k);
  return (v: string): Read<T> => {
    const hit = index.get(squash(v)) ?? index.get(squash(v).replace(/,/g, ''));
    if (hit) return ok(hit);
    return no(`${what.zh}应为：${Object.values<string>(labels).join('、')}`, `${what.en} is one of: ${Object.values<string>(labels).join(', ')}`);
  };
}

export const readRelation = choice(RELATION_LABELS, RELATION_VARIANTS, { zh: '与户主关系', en: 'The relation' });
export const readLabor = choice(LABOR_LABELS, LABOR_VARIANTS, { zh: '劳动能力', en: 'The labour capacity' });
export const readDisability = choice(DISABILITY_LABELS, { 视力: 'visual', 听力: 'hearing', 言语: 'speech', 肢体: 'physical', 智力: 'intellectual', 精神: 'mental', 多重: 'multiple' }, { zh: '残疾类别', en: 'The disability kind' });
export const readSupporter = choice(SUPPORTER_LABELS, SUPPORTER_VARIANTS, { zh: '法定赡养（抚养、扶养）义务人', en: 'The supporter status' });
export const readHukou = choice({ rural: '农村', urban: '城镇' } as const, { 农村户籍: 'rural', 城镇户籍: 'urban', 农业: 'rural', 非农业: 'urban', 农业户口: 'rural', 非农业户口: 'urban', 城市: 'urban' }, { zh: '户籍类型', en: 'The hukou type' });

export function readYesNo(v: string): Read<boolean> {
  const s = squash(v).toLowerCase();
  if (['是', '有', 'y', 'yes', '√', '1', 'true'].includes(s)) return ok(true);
  if (['否', '无', 'n', 'no', '×', '0', 'false'].includes(s)) return ok(false);
  return no('应填“是”或“否”', 'Give 是 (yes) or 否 (no)');
}

export function readGrade(v: string): Read<number> {
  const g = GRADES[squash(v)];
  return g ? ok(g) : no('残疾等级应为一级、二级、三级或四级', 'The disability grade is 一级–四级 (1–4)');
}

export function readSelfCare(v: string): Read<(typeof SELF_CARE_ITEMS)[number][]> {
  const parts = v.split(/[、,，;；/\s]+/).filter(Boolean);
  const out: (typeof SELF_CARE_ITEMS)[number][] = [];
  for (const p of parts) {
    const hit = (Object.entries(SELF_CARE_LABELS) as [(typeof SELF_CARE_ITEMS)[number], string][]).find(([, l]) => l === p)?.[0];
    if (!hit) return no(`不能自理的项目应为：${Object.values(SELF_CARE_LABELS).join('、')}（用顿号分隔）`, `The self-care items are among ${Object.values(SELF_CARE_LABELS).join(', ')}`);
    if (!out.includes(hit)) out.push(hit);
  }
  return ok(out);
}

/** A yuan amount as written in a cell (thousands separators and a trailing 元 allowed), kept as text for the contract. */
export function readAmount(v: string): Read<string> {
  const s = v.replace(/[,，\s]/g, '').replace(/元$/, '');
  if (/^\d{1,12}(\.\d{1,2})?$/.test(s)) return ok(s);
  return no('金额须为不小于 0 的数字，最多两位小数', 'An amount must be a number ≥ 0 with at most two decimals');
}

export { readDigits };

export type IncomeCells = Partial<Record<(typeof INCOME_KINDS)[number], string>>;
export type AssetCells = Partial<Record<(typeof ASSET_KINDS)[number], string>>;
export type { AssetInput, IncomeInput };

/**
 * 取暖信息导入模板的列 The heating template's columns (ADR 0042): one row per household already registered, found by its
 * 户编号 (the registry's, as the household list and the missing-heating list export it) or by a member's ID number —
 * one of the two is needed; the head's name, when given, must be the name registered under that number.
 */
export type HeatingColumnKey = 'householdId' | 'idNumber' | 'headName' | 'heatingMode' | 'heatedArea';
export interface HeatingImportColumn {
  key: HeatingColumnKey;
  header: string;
  variants: readonly string[];
  required: boolean;
  note: string;
}
export const HEATING_MODE_LABELS: Record<(typeof HEATING_MODES)[number], string> = { central: '集中供暖', dispersed: '分散取暖', none: '无' };
export const HEATING_IMPORT_COLUMNS: readonly HeatingImportColumn[] = [
  { key: 'householdId', header: '户编号', variants: ['家庭编号', '户号'], required: false, note: '系统中的户编号（导出的家庭名册、取暖信息缺失名单中有此列）；与“户主身份证号码”至少填一项；以“示例”开头的行是示例，导入时跳过' },
  { key: 'idNumber', header: '户主身份证号码', variants: ['户主身份证号', '身份证号码', '身份证号', '公民身份号码', '户主公民身份号码'], required: false, note: '户主（或家庭成员）的 18 位身份证号码；与“户编号”至少填一项；请设为文本格式' },
  { key: 'headName', header: '户主姓名', variants: ['户主', '姓名'], required: false, note: '可不填；填写时须与该身份证号码登记的姓名一致（用于核对）' },
  { key: 'heatingMode', header: '取暖方式', variants: ['供暖方式', '取暖类型', '供暖类型'], required: true, note: `${Object.values(HEATING_MODE_LABELS).join('、')}` },
  { key: 'heatedArea', header: '供暖面积（平方米）', variants: ['供暖面积', '取暖面积', '集中供暖面积', '供暖面积(㎡)', '供暖面积(m2)', '面积'], required: false, note: `集中供暖必填，${HEATED_AREA_MIN_M2}–${HEATED_AREA_MAX_M2} 平方米，最多两位小数；分散取暖和无取暖不填` },
];

export const readHeatingMode = choice(
  HEATING_MODE_LABELS,
  { 集中: 'central', 集中取暖: 'central', 集中供热: 'central', 分散: 'dispersed', 分散供暖: 'dispersed', 自行取暖: 'dispersed', 无取暖: 'none', 不取暖: 'none', 没有: 'none' },
  { zh: '取暖方式', en: 'The heating mode' },
);

/** A heated area as written in a cell (a unit after it allowed): m², kept as a number for the contract's check. */
export function readHeatedArea(v: string): Read<number> {
  const s = v.replace(/[,，\s]/g, '').replace(/(平方米|平米|㎡|m²|m2)$/i, '');
  const n = Number(s);
  if (/^\d{1,4}(\.\d{1,2})?$/.test(s) && n >= HEATED_AREA_MIN_M2 && n <= HEATED_AREA_MAX_M2) return ok(n);
  return no(HEATING_MESSAGES.HEATED_AREA_RANGE.zh, HEATING_MESSAGES.HEATED_AREA_RANGE.en);
}
