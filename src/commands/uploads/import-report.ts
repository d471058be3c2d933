import type { BilingualMessage } from '../../kernel/errors.ts';

/** What a refused import's report holds, whatever was imported (the registry's households, the poverty registry). */
export interface ImportReportRows {
  problems: readonly { row: number; column: string | null; code: string; message: BilingualMessage }[];
  problemCount: number;
}

/** The row-by-row report of a refused import as a workbook (行号, 列名, 问题, the code and the English last). */
export async function writeImportReport(report: ImportReportRows): Promise<Buffer> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'doudi';
  const ws = wb.addWorksheet('导入问题');
  ws.columns = [
    { header: '行号', key: 'row', width: 8 },
    { header: '列名', key: 'column', width: 24 },
    { header: '问题', key: 'zh', width: 60 },
    { header: '代码', key: 'code', width: 30 },
    { header: 'Problem', key: 'en', width: 60 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const p of report.problems) ws.addRow({ row: p.row, column: p.column ?? '', zh: p.message.zh, code: p.code, en: p.message.en });
  if (report.problemCount > report.problems.length) {
    ws.addRow({ zh: `另有 ${report.problemCount - report.problems.length} 处问题未列出，请修改后重新导入`, en: `${report.problemCount - report.problems.length} more problems not listed` });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
