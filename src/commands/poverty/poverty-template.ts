import type { PovertyImportReport } from '../../contracts/poverty.ts';
import { checkDigit } from '../../kernel/id-number.ts';
import { type CommandContext, requirePermission } from '../context.ts';
import { writeImportReport } from '../uploads/import-report.ts';
import { POVERTY_COLUMNS, type PovertyColumnKey } from './poverty-columns.ts';

export const POVERTY_TEMPLATE_FILENAME = 'poverty-registry-template.xlsx';
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A made-up person (a right check digit, for no one): the example row, skipped by the import. */
const EXAMPLE_ID = (() => {
  const first17 = '21122119700101002';
  return first17 + checkDigit(first17);
})();
const EXAMPLE: Partial<Record<PovertyColumnKey, string>> = {
  hhNo: '示例0001',
  county: '铁岭县',
  township: '（乡镇名称或 12 位区划代码）',
  village: '（村名或 12 位区划代码）',
  headName: '李示例',
  name: '李示例（示例行，不导入）',
  idNumber: EXAMPLE_ID,
  relation: '户主',
  attribute: '低保贫困户',
  cause: '因病',
  status: '已脱贫',
  exitYear: '2018',
  labor: '弱劳动力或半劳动力',
  health: '长期慢性病',
  disabilityGrade: '',
};

const INSTRUCTIONS: readonly string[] = [
  '建档立卡贫困人口数据导入模板（扶贫部门与民政部门数据比对用）',
  '1. 在第一个工作表中每行填写一名贫困人口；同一户的成员填写相同的“户编号”（扶贫部门的户编号），户的信息（县、乡镇、村、户主姓名、户属性、主要致贫原因、脱贫状态、脱贫年度）每行填写相同的内容，或只在一行填写。',
  '2. 县（市、区）、乡镇（街道）、村（社区）可填名称或 12 位区划代码；村须属于所填乡镇，乡镇须属于所填县。',
  '3. 身份证号码可为 18 位或旧式 15 位（导入时转换为 18 位）；确无号码的可不填，系统按姓名、出生日期和所在村比对；号码有误（位数、校验码、出生日期）的行会被拒绝。',
  '4. 第 2 行是示例（户编号以“示例”开头），导入时跳过，可删除。示例中的人员和号码均为虚构。',
  '5. 导入为“全部成功或全部不导入”：任何一行有问题，整个文件都不导入，并逐行列出问题（行号、列名、原因），可下载问题清单；修改后重新导入即可。',
  '6. 每次成功导入形成一个带日期的“快照”，并与同一范围（全市或本县）的上一快照比较，列出新增、减少和变化的户与人员；内容相同的文件再次导入不做任何更改。',
  '',
  '各列说明：',
];

/**
 * 建档立卡导入模板 The published poverty-registry template (XLSX): the data sheet first (the import reads the first sheet)
 * with the template's headers, one example row marked as such, the ID column as text; then the instructions sheet.
 */
export async function povertyImportTemplate(ctx: CommandContext): Promise<Buffer> {
  requirePermission(ctx.actor, 'poverty.import');
  return writePovertyTemplate();
}

export async function writePovertyTemplate(): Promise<Buffer> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'doudi';
  const data = wb.addWorksheet('建档立卡人口', { views: [{ state: 'frozen', ySplit: 1 }] });
  data.columns = POVERTY_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.key === 'idNumber' ? 22 : Math.max(10, Math.min(24, c.header.length * 2 + 4)) }));
  const header = data.getRow(1);
  header.font = { bold: true };
  POVERTY_COLUMNS.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    if (c.required) cell.font = { bold: true, color: { argb: 'FFC00000' } };
    cell.note = `${c.required ? '必填列。' : ''}${c.note}`;
  });
  const example = data.addRow(Object.fromEntries(POVERTY_COLUMNS.map((c) => [c.key, EXAMPLE[c.key] ?? ''])));
  example.font = { italic: true, color: { argb: 'FF808080' } };
  for (const key of ['idNumber', 'hhNo'] as const) data.getColumn(key).numFmt = '@';

  const help = wb.addWorksheet('填写说明');
  help.getColumn(1).width = 20;
  help.getColumn(2).width = 10;
  help.getColumn(3).width = 90;
  for (const line of INSTRUCTIONS) help.addRow([line]);
  help.getRow(1).font = { bold: true, size: 14 };
  const head = help.addRow(['列名', '是否必填', '填写要求']);
  head.font = { bold: true };
  for (const c of POVERTY_COLUMNS) help.addRow([c.header, c.required ? '必填' : '选填', c.note + (c.variants.length ? `（也可写作：${c.variants.join('、')}）` : '')]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A refused import's report as a workbook (the same layout as the registry import's). */
export async function povertyImportReportFile(ctx: CommandContext, report: PovertyImportReport): Promise<Buffer> {
  requirePermission(ctx.actor, 'poverty.import');
  return writeImportReport(report);
}
