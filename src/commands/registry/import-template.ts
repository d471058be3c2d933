import type { RegistryImportKind, RegistryImportReport } from '../../contracts/registry-import.ts';
import { checkDigit } from '../../kernel/id-number.ts';
import { type CommandContext, requirePermission } from '../context.ts';
import { writeImportReport } from '../uploads/import-report.ts';
import { type ColumnKey, HEATING_IMPORT_COLUMNS, type HeatingColumnKey, IMPORT_COLUMNS } from './import-columns.ts';

export const TEMPLATE_FILENAME = 'registry-import-template.xlsx';
export const HEATING_TEMPLATE_FILENAME = 'heating-import-template.xlsx';
export const TEMPLATE_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A made-up person (an ID number whose check digit is right, for no one): the example row, skipped by the import. */
const EXAMPLE_ID = (() => {
  const first17 = '21122119800101001';
  return first17 + checkDigit(first17);
})();
const EXAMPLE: Partial<Record<ColumnKey, string>> = {
  key: '示例1',
  village: '（填村名或 12 位区划代码）',
  address: '示例镇示例村 3 组 12 号',
  hukouType: '农村',
  registeredPoor: '否',
  name: '张示例（示例行，不导入）',
  idNumber: EXAMPLE_ID,
  relation: '户主',
  laborCapacity: '部分丧失劳动能力',
  disabilityKind: '肢体残疾',
  disabilityGrade: '三级',
  seriousIllness: '否',
  inSchool: '否',
  supporterStatus: '无法定义务人',
  'income.wage': '3600',
  'asset.financial': '2000',
};

const INSTRUCTIONS: readonly string[] = [
  '户籍（家庭）信息批量导入模板',
  '1. 在第一个工作表中每行填写一名家庭成员；同一户的成员填写相同的“户编号”（本文件内自编），其中一人的“与户主关系”填“户主”。',
  '2. 家庭信息（所在村、家庭住址、户籍类型、建档立卡、开户银行、银行账号、联系电话、各项财产）在户主一行填写即可；其他成员行不填，或填写与户主行相同的内容。',
  '3. 第 2 行是示例（户编号以“示例”开头），导入时跳过，可删除。示例中的人员和身份证号码均为虚构。',
  '4. 身份证号码、银行账号请设置为“文本”格式，避免被显示为科学计数法而丢失数字。',
  '5. 导入为“全部成功或全部不导入”：任何一行有问题，整个文件都不导入，并逐行列出问题（行号、列名、原因）；修改后重新导入即可。',
  '6. 同一身份证号码在文件中出现两次，或已在系统中登记（任何地区），该行会被拒绝；已在其他地区登记的人员须由县级民政部门办理转移。',
  '7. 所在村（社区）须在本次导入选择的村或乡镇范围内。',
  '',
  '各列说明：',
];

/**
 * 导入模板 The published registry template (XLSX): the data sheet first (the import reads the first sheet), with the
 * template's headers, one example row marked as such and the ID and account columns formatted as text; then the
 * instructions sheet (what each column takes). Written by ExcelJS, the project's XLSX writer (ADR 0018).
 */
export async function registryImportTemplate(ctx: CommandContext, kind: RegistryImportKind = 'households'): Promise<Buffer> {
  requirePermission(ctx.actor, 'registry.write');
  return kind === 'heating' ? writeHeatingTemplate() : writeTemplate();
}

const HEATING_EXAMPLE: Partial<Record<HeatingColumnKey, string>> = {
  householdId: '示例（示例行，不导入）',
  idNumber: EXAMPLE_ID,
  headName: '张示例',
  heatingMode: '集中供暖',
  heatedArea: '56.5',
};

const HEATING_INSTRUCTIONS: readonly string[] = [
  '取暖信息批量导入模板',
  '1. 每行填写一户已登记家庭的取暖信息；用“户编号”（导出的家庭名册或取暖信息缺失名单中有此列）或“户主身份证号码”找到家庭，两项至少填一项。',
  '2. 取暖方式填写：集中供暖、分散取暖 或 无。集中供暖须填写供暖面积（1–1000 平方米，最多两位小数）；分散取暖和无取暖不填面积。',
  '3. 填写了“户主姓名”时，须与登记的姓名一致（用于核对身份证号码是否填错）。',
  '4. 第 2 行是示例（户编号以“示例”开头），导入时跳过，可删除。示例中的人员和身份证号码均为虚构。',
  '5. 导入为“全部成功或全部不导入”：任何一行有问题，整个文件都不导入，并逐行列出问题（行号、列名、原因）；修改后重新导入即可。',
  '6. 家庭须在本次导入选择的村或乡镇范围内；同一户只能填一行。已按文件内容登记的家庭不重复记录。',
  '',
  '各列说明：',
];

/** 取暖信息导入模板 The heating template (XLSX, ADR 0042): the data sheet first, then what each column takes. */
export async function writeHeatingTemplate(): Promise<Buffer> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'doudi';
  const data = wb.addWorksheet('取暖信息', { views: [{ state: 'frozen', ySplit: 1 }] });
  data.columns = HEATING_IMPORT_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: Math.max(14, Math.min(30, c.header.length * 2 + 6)) }));
  const header = data.getRow(1);
  header.font = { bold: true };
  HEATING_IMPORT_COLUMNS.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    if (c.required) cell.font = { bold: true, color: { argb: 'FFC00000' } };
    cell.note = `${c.required ? '必填。' : ''}${c.note}`;
  });
  const example = data.addRow(Object.fromEntries(HEATING_IMPORT_COLUMNS.map((c) => [c.key, HEATING_EXAMPLE[c.key] ?? ''])));
  example.font = { italic: true, color: { argb: 'FF808080' } };
  for (const key of ['idNumber', 'householdId'] as const) data.getColumn(key).numFmt = '@';
  const help = wb.addWorksheet('填写说明');
  help.getColumn(1).width = 30;
  help.getColumn(2).width = 10;
  help.getColumn(3).width = 90;
  for (const line of HEATING_INSTRUCTIONS) help.addRow([line]);
  help.getRow(1).font = { bold: true, size: 14 };
  const head = help.addRow(['列名', '是否必填', '填写要求']);
  head.font = { bold: true };
  for (const c of HEATING_IMPORT_COLUMNS) help.addRow([c.header, c.required ? '必填' : '选填', c.note + (c.variants.length ? `（也可写作：${c.variants.join('、')}）` : '')]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function writeTemplate(): Promise<Buffer> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'doudi';
  const data = wb.addWorksheet('户籍信息', { views: [{ state: 'frozen', ySplit: 1 }] });
  data.columns = IMPORT_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: Math.max(10, Math.min(28, c.header.length * 2 + 4)) }));
  const header = data.getRow(1);
  header.font = { bold: true };
  IMPORT_COLUMNS.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    if (c.required) cell.font = { bold: true, color: { argb: 'FFC00000' } };
    cell.note = `${c.required ? '必填。' : ''}${c.note}`;
  });
  const example = data.addRow(Object.fromEntries(IMPORT_COLUMNS.map((c) => [c.key, EXAMPLE[c.key] ?? ''])));
  example.font = { italic: true, color: { argb: 'FF808080' } };
  for (const key of ['idNumber', 'bankAccount', 'phone', 'key'] as const) data.getColumn(key).numFmt = '@';

  const help = wb.addWorksheet('填写说明');
  help.getColumn(1).width = 30;
  help.getColumn(2).width = 10;
  help.getColumn(3).width = 90;
  for (const line of INSTRUCTIONS) help.addRow([line]);
  help.getRow(1).font = { bold: true, size: 14 };
  const head = help.addRow(['列名', '是否必填', '填写要求']);
  head.font = { bold: true };
  for (const c of IMPORT_COLUMNS) help.addRow([c.header, c.required ? '必填' : '选填', c.note + (c.variants.length ? `（也可写作：${c.variants.join('、')}）` : '')]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The row-by-row report of a refused import as a workbook (行号, 列名, 问题, the code and the English last). */
export async function registryImportReportFile(ctx: CommandContext, report: RegistryImportReport): Promise<Buffer> {
  requirePermission(ctx.actor, 'registry.write');
  return writeImportReport(report);
}

export { writeImportReport };
