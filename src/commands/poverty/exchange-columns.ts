import type { ExchangeMemberRecord } from '../../db/dual-inclusion-repo.ts';
import { LABOR_LABELS, RELATION_LABELS } from '../registry/import-columns.ts';
import type { Column } from '../exports/workbook.ts';

/**
 * The poverty office's template (建档立卡 registry file, issue 12 point 1), column by column: the export of doudi's dibao
 * and tekun households is written in this layout so the office reads it with the tools it reads its own file with.
 * The import's template lists the same headers (the two lists are one, ADR 0034).
 */
export const EXCHANGE_HEADERS = [
  '户编号',
  '县（市、区）',
  '乡镇（街道）',
  '村（社区）',
  '户主姓名',
  '成员姓名',
  '身份证号码',
  '与户主关系',
  '户属性',
  '主要致贫原因',
  '脱贫状态',
  '脱贫年度',
  '劳动能力',
  '健康状况',
  '残疾等级',
] as const;

/** 户属性 by the household's programme in force: dibao first (a household with both is a dibao household with a tekun member). */
export const attributeOfPrograms = (r: { on_dibao: number; on_tekun: number }): string => (r.on_dibao ? '低保贫困户' : '特困供养贫困户');

/** 健康状况 in the template's words, from what doudi's registry knows: a disability, then a serious illness, else healthy. */
export function healthOf(r: { disability_kind: string | null; serious_illness: number }): string {
  if (r.disability_kind) return '残疾';
  if (r.serious_illness) return '患有大病';
  return '健康';
}

const GRADE_WORDS = ['', '一级', '二级', '三级', '四级'];

/** The household number the office sees, and reads back in its reply: the county and doudi's household id. */
export const exchangeHouseholdNo = (county: string, householdId: string): string => `${county}-${householdId}`;

/** The household number read back: county (6 digits) and id, or null when it is not one of doudi's. */
export function parseExchangeHouseholdNo(text: string): { county: string; householdId: string } | null {
  const m = /^(\d{6})-(.+)$/.exec(text.trim());
  return m ? { county: m[1], householdId: m[2] } : null;
}

export interface ExchangeRow extends ExchangeMemberRecord {
  /** Opened ID number (the office matches on it). */
  idNumber: string;
  countyName: string;
  townshipName: string;
  villageName: string;
}

/** The columns, in the template's order (`EXCHANGE_HEADERS`); what doudi does not know (cause, exit) is left empty. */
export const EXCHANGE_COLUMNS: readonly Column<ExchangeRow>[] = [
  { header: '户编号', value: (r) => exchangeHouseholdNo(r.county_code, r.household_id), width: 44 },
  { header: '县（市、区）', value: (r) => r.countyName },
  { header: '乡镇（街道）', value: (r) => r.townshipName },
  { header: '村（社区）', value: (r) => r.villageName, width: 22 },
  { header: '户主姓名', value: (r) => r.head_name },
  { header: '成员姓名', value: (r) => r.name },
  { header: '身份证号码', value: (r) => r.idNumber, width: 22 },
  { header: '与户主关系', value: (r) => RELATION_LABELS[r.relation as keyof typeof RELATION_LABELS] ?? '其他' },
  { header: '户属性', value: (r) => attributeOfPrograms(r) },
  { header: '主要致贫原因', value: () => '' },
  { header: '脱贫状态', value: () => '' },
  { header: '脱贫年度', value: () => '' },
  { header: '劳动能力', value: (r) => LABOR_LABELS[r.labor_capacity as keyof typeof LABOR_LABELS] ?? '' },
  { header: '健康状况', value: (r) => healthOf(r) },
  { header: '残疾等级', value: (r) => (r.disability_grade ? (GRADE_WORDS[r.disability_grade] ?? '') : '') },
];
