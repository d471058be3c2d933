import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { LineView } from '../../contracts/payroll.ts';
import { LIST_SOURCES } from './list-sources.ts';
import { dueWords, lineStatusWords, overdueWords } from './list-words.ts';
import { type Cell, cellValue, chinaDateTime, headingLines, safeText, TABLE_HEADER_ROW, writeListWorkbook } from './workbook.ts';

const line = (o: Partial<LineView>): LineView => ({
  rollId: 'r1',
  seq: 1,
  kind: 'regular',
  stage: null,
  benefitMonth: '2019-08',
  payeeName: '张三',
  areaCode: '211221101200',
  unit: 'household',
  householdId: 'h1',
  bankAccount: '**** 1234',
  bankName: '农商银行',
  persons: 2,
  amountFen: 123_456,
  termStatus: 'normal',
  gradualExit: false,
  reissueOf: null,
  bankStatus: null,
  bankReason: null,
  held: false,
  holdReason: null,
  areaName: '凡河镇 石嘴村',
  ...o,
});

describe('exported cells', () => {
  it('text a spreadsheet would run as a formula gets the apostrophe; unsafe characters are dropped; other text is as is', () => {
    expect(safeText('=HYPERLINK("http://x","y")')).toBe(`'=HYPERLINK("http://x","y")`);
    expect(safeText('+1')).toBe(`'+1`);
    expect(safeText('@SUM(A1)')).toBe(`'@SUM(A1)`);
    expect(safeText('-2')).toBe(`'-2`);
    expect(safeText('张\u202e三')).toBe('张三');
    expect(safeText('张三')).toBe('张三');
    fc.assert(fc.property(fc.string(), (s) => !/^[=+\-@\t\r]/.test(safeText(s))));
  });

  it('money is a number of yuan with two decimals, from integer fen; counts stay numbers; null stays empty', () => {
    expect(cellValue({ fen: 123_456 })).toBe(1234.56);
    expect(cellValue({ fen: -5 })).toBe(-0.05);
    expect(cellValue({ fen: 10 })).toBe(0.1);
    expect(cellValue(7)).toBe(7);
    expect(cellValue(null)).toBeNull();
    fc.assert(fc.property(fc.integer({ min: -1e11, max: 1e11 }), (fen) => (cellValue({ fen }) as number).toFixed(2) === (fen / 100).toFixed(2)));
  });

  it("the time is China's (UTC+8), and the heading says what, which filters, where, who, when and how many", () => {
    expect(chinaDateTime(new Date('2026-12-04T19:30:05.123Z'))).toBe('2026-12-05 03:30:05');
    const lines = headingLines({ title: '家庭名册', filters: [['区域', '凡河镇']], who: '王芳（wf）', at: new Date('2026-12-04T01:00:00Z'), areaName: '铁岭县', rows: 12 });
    expect(lines).toEqual(['家庭名册', '筛选条件：区域：凡河镇', '导出范围：铁岭县', '导出人：王芳（wf）    导出时间：2026-12-04 09:00:00（北京时间）    共 12 条']);
    expect(headingLines({ title: 't', filters: [], who: 'w', at: new Date(0), areaName: 'a', rows: 0 })[1]).toBe('筛选条件：无（全部）');
  });

  it('list words: due dates, overdue days and a line\'s status as the pages show them', () => {
    expect(dueWords('2019-09-01', true)).toBe('2019-09-01（已逾期）');
    expect(dueWords(null, false)).toBe('');
    expect([overdueWords(3), overdueWords(0), overdueWords(-5)]).toEqual(['逾期 3 天', '今日到期', '5 天后到期']);
    expect(lineStatusWords(line({ holdReason: 'no_account', held: true }))).toBe('暂缓发放：缺少银行账号');
    expect(lineStatusWords(line({ bankStatus: 'failed', bankReason: '账户冻结' }))).toBe('失败：账户冻结');
    expect(lineStatusWords(line({}))).toBe('');
  });
});

describe('row mapping of the lists', () => {
  it('a roll line: kind with gradual exit, the masked account as given, money as fen for the writer', () => {
    const cols = LIST_SOURCES['roll-lines'].columns;
    const row = cols.map((c) => c.value(line({ gradualExit: true, termStatus: 'gradual_exit' })));
    expect(cols.map((c) => c.header)).toEqual(['序号', '类别', '所属月份', '收款人', '所在村（乡镇）', '人数', '开户银行', '银行账号', '金额（元）', '状态']);
    expect(row).toEqual([1, '正常发放（渐退）', '2019-08', '张三', '凡河镇 石嘴村', 2, '农商银行', '**** 1234', { fen: 123_456 }, '']);
  });

  it('a household: codes in words (户籍, 是/否)', () => {
    const cols = LIST_SOURCES.households.columns;
    const h = { id: 'h9', countyCode: '211221', areaCode: '211221101200', areaName: '石嘴村', headName: '赵一', memberCount: 3, hukouType: 'urban' as const, registeredPoor: true, synthetic: false, version: 1 };
    expect(cols.map((c) => c.value(h))).toEqual(['赵一', '石嘴村', 3, '城镇户籍', '是', '否', 'h9']);
  });

  it('every list has headers in Chinese only, and every column a distinct header', () => {
    for (const [kind, s] of Object.entries(LIST_SOURCES)) {
      const headers = s.columns.map((c) => c.header);
      expect(new Set(headers).size, kind).toBe(headers.length);
      for (const h of headers) expect(h, kind).toMatch(/^[\u4e00-\u9fa5（）]+$/);
    }
  });
});

describe('the workbook writer', () => {
  it('writes the heading, a blank row, the headers and every batch; formula-like text stays text, money a number formatted 0.00', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    async function* batches() {
      yield [{ name: '=1+1', fen: 100 }];
      yield [{ name: '李四', fen: 2_050 }];
    }
    await writeListWorkbook<{ name: string; fen: number }>(out, {
      sheet: '测试',
      heading: { title: '测试名单', filters: [], who: 'w', at: new Date('2026-01-01T00:00:00Z'), areaName: '铁岭市', rows: 2 },
      columns: [
        { header: '姓名', value: (r): Cell => r.name },
        { header: '金额（元）', value: (r): Cell => ({ fen: r.fen }), money: true },
      ],
      batches: batches(),
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.concat(chunks) as never);
    const ws = wb.worksheets[0];
    expect(ws.name).toBe('测试');
    expect(ws.getRow(1).getCell(1).value).toBe('测试名单');
    expect(ws.getRow(TABLE_HEADER_ROW - 1).getCell(1).value).toBeNull();
    expect(ws.getRow(TABLE_HEADER_ROW).values).toEqual([undefined, '姓名', '金额（元）']);
    expect(ws.getRow(TABLE_HEADER_ROW + 1).getCell(1).value).toBe("'=1+1");
    expect(ws.getRow(TABLE_HEADER_ROW + 1).getCell(2).value).toBe(1);
    expect(ws.getRow(TABLE_HEADER_ROW + 2).getCell(2).value).toBe(20.5);
    expect(ws.getRow(TABLE_HEADER_ROW + 2).getCell(2).numFmt).toBe('0.00');
    expect(ws.rowCount).toBe(TABLE_HEADER_ROW + 2);
  });
});
