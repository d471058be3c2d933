import { ENROLLMENT_PROGRAMS, parseQuarter, REPORT_PROGRAMS, type QuarterlyFigures } from '../../contracts/report.ts';
import type { BulletinView, ComparisonView, ReportView } from '../../contracts/report-workflow.ts';
import { formatYuan, formatYuanGrouped } from '../../kernel/money.ts';
import { TEMPORARY_CATEGORIES, TEMPORARY_CATEGORY_LABELS } from '../../kernel/temporary-category.ts';
import type { Block, PrintDoc } from '../documents/print-doc.ts';
import { renderPdf } from '../documents/render-pdf.ts';
import { type Cell, cellValue, chinaDateTime, safeText } from '../exports/workbook.ts';
import { FIGURE_WORDS, PROGRAM_WORDS, figureWords, isFenFigure } from './report-words.ts';

/** One table of a report or bulletin: what both the workbook and the PDF are drawn from. */
export interface ReportTable {
  title: string;
  head: string[];
  rows: Cell[][];
  /** A column drawn as bars (the bulletin's charts): its index, and the label column's. */
  bars?: { column: number; label: number; unit: string };
}

export interface ReportDocument {
  title: string;
  /** Lines under the title: the unit, the period, the state and the digest. */
  lines: string[];
  tables: ReportTable[];
  /** Texts in sections (工作进展 …, 通报正文). */
  texts: { heading: string; text: string }[];
  /** The texts before the tables (a bulletin reads its text first); after them otherwise (the statistics layout). */
  textsFirst?: boolean;
  filename: string;
}

const quarterWords = (q: string) => {
  const p = parseQuarter(q);
  return p ? `${p.year}年第${['一', '二', '三', '四'][p.q - 1]}季度` : q;
};
const fen = (n: number | null | undefined): Cell => (n === null || n === undefined ? '—' : { fen: n });
const num = (n: number | null | undefined): Cell => (n === null || n === undefined ? '—' : n);
const pct = (v: number | null): Cell => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

/** 统计季报 The statistics layout: indicators down, programs across, then the breakdowns, the procedure and the text. */
export function quarterlyReportDocument(v: ReportView): ReportDocument {
  const f: QuarterlyFigures = v.figures;
  const fields = ['households', 'persons', 'registeredPoorHouseholds', 'registeredPoorPersons', 'newApprovals', 'exits', 'gradualExits', 'paidQuarterFen', 'paidYearFen', 'averageStandardFen', 'averageMonthlyBenefitPerPersonFen'] as const;
  const programs: ReportTable = {
    title: '一、分项目情况',
    head: ['指标', ...REPORT_PROGRAMS.map((p) => PROGRAM_WORDS[p])],
    rows: fields.map((k) => [FIGURE_WORDS[k], ...REPORT_PROGRAMS.map((p) => (isFenFigure(k) ? fen(f.programs[p]?.[k]) : num(f.programs[p]?.[k])))]),
  };
  const t = f.temporary;
  const temporary: ReportTable = {
    title: '二、临时救助（按类别）',
    head: ['类别', '户次', '人次', '支出（元）'],
    rows: [
      ...TEMPORARY_CATEGORIES.map((c) => [TEMPORARY_CATEGORY_LABELS[c].zh, num(t.byCategory[c]?.cases), num(t.byCategory[c]?.personTimes), fen(t.byCategory[c]?.fen)]),
      ['合计', t.cases, t.personTimes, { fen: t.fen }],
    ],
  };
  const levels: ReportTable = {
    title: '三、临时救助（按审批层级）及先行救助',
    head: ['审批层级', '户次', '人次', '支出（元）'],
    rows: [
      ...(['township', 'county', 'collective', 'none'] as const).map((l) => [FIGURE_WORDS[l], num(t.byApprovalLevel[l]?.cases), num(t.byApprovalLevel[l]?.personTimes), fen(t.byApprovalLevel[l]?.fen)]),
      ['先行救助', t.assistFirst.cases, '—', { fen: t.assistFirst.fen }],
      ['其中建档立卡户次', t.registeredPoorCases, '—', '—'],
    ],
  };
  const h = f.heating;
  const heating: ReportTable = {
    title: '四、取暖救助',
    head: ['取暖方式', '户数', '支出（元）'],
    rows: [
      ['集中供暖', h.byMode.central.households, { fen: h.byMode.central.fen }],
      ['分散取暖', h.byMode.dispersed.households, { fen: h.byMode.dispersed.fen }],
      ['合计', h.households, { fen: h.fen }],
    ],
  };
  const na = '暂无数据';
  const di = f.dualInclusion;
  const sc = f.screening;
  const p = f.procedure;
  const other: ReportTable = {
    title: '五、双纳入、集中排查与办理时限',
    head: ['项目', '数值'],
    rows: [
      ['双纳入：建档立卡户数', di.available ? di.registeredPoorHouseholds : na],
      ['双纳入：其中已纳入低保或特困', di.available ? di.covered : na],
      ['双纳入：待转介', di.available ? di.referral : na],
      ['双纳入：比对差异', di.available ? di.discrepancies : na],
      ['集中排查：台账户数', sc.available ? sc.rows : na],
      ['集中排查：已办结', sc.available ? sc.concluded : na],
      ['本季审批办结件数', p.casesDecided],
      ['其中在法定时限内办结', p.decidedWithinDeadline],
      ['逾期未办案件', p.overdueCases],
      ['逾期未复核', p.overdueReviews],
      ['抽查入户次数', p.spotChecksDone],
    ],
  };
  const corrections: ReportTable = {
    title: `六、更正${v.correctionsOf ? `（${quarterWords(v.correctionsOf)}已报数据）` : ''}`,
    head: ['项目', '指标', '原报', '现为', '更正原因'],
    rows: v.corrections.map((c) => [PROGRAM_WORDS[c.program] ?? c.program, figureWords(c.figure), valueCell(c.figure, c.was), valueCell(c.figure, c.now), c.reason ?? '（报送时说明）']),
  };
  const state = v.status === 'submitted' ? `已报送（${v.submittedBy}，${chinaDateTime(new Date(v.submittedAt!))}）` : v.status === 'draft' ? '草稿（数据为实时计算）' : '尚未起草（数据为实时计算）';
  return {
    title: `${v.countyName}${quarterWords(v.quarter)}社会救助兜底保障工作报告`,
    lines: [
      `填报单位：${v.countyName}民政局    报告期：${quarterWords(v.quarter)}    报送期限：${v.deadline.due}`,
      `状态：${state}${v.receivedAt ? `；市局已接收（${v.receivedBy}）` : ''}`,
      ...(v.figuresDigest ? [`数据摘要（SHA-256）：${v.figuresDigest}`] : []),
      `覆盖率分母：本系统登记的农村户籍人口 ${v.registeredRuralPersons} 人（区划表无人口数）`,
    ],
    tables: [programs, temporary, levels, heating, other, ...(v.corrections.length > 0 ? [corrections] : [])],
    texts: [
      { heading: '工作进展', text: v.text.progress },
      { heading: '存在问题', text: v.text.problems },
      { heading: '下步打算', text: v.text.nextSteps },
    ],
    filename: `quarterly-report-${v.county}-${v.quarter}`,
  };
}

function valueCell(figure: string, v: number | boolean | null): Cell {
  if (v === null) return '—';
  if (typeof v === 'boolean') return v ? '是' : '否';
  return isFenFigure(figure) ? { fen: v } : v;
}

const MEASURE_WORDS = { coverage: '保障覆盖率', benefitVsStandard: '补助水平/保障标准', spendingPerHead: '人均支出（元）', timeliness: '按时办结率', dualInclusion: '双纳入率' } as const;

/** The comparison's tables: measures and ranks; then one bar chart per measure. */
export function comparisonTables(c: ComparisonView): ReportTable[] {
  const measures: ReportTable = {
    title: '县区比较',
    head: ['县区', '数据来源', '按时报送', '保障人数', '保障覆盖率', '排名', '补助水平/标准', '排名', '人均支出（元）', '排名', '按时办结率', '排名', '双纳入率', '排名'],
    rows: c.counties.map((r) => [
      r.countyName,
      r.source === 'snapshot' ? '已报送' : '未报送（实时计算）',
      r.onTime === null ? '—' : r.onTime ? '是' : '否',
      r.persons,
      pct(r.coverage.value),
      num(r.ranks.coverage),
      pct(r.benefitVsStandard.value),
      num(r.ranks.benefitVsStandard),
      r.spendingPerHead.value === null ? '—' : { fen: Math.round(r.spendingPerHead.value) },
      num(r.ranks.spendingPerHead),
      pct(r.timeliness.value),
      num(r.ranks.timeliness),
      pct(r.dualInclusion.value),
      num(r.ranks.dualInclusion),
    ]),
  };
  const charts: ReportTable[] = (['coverage', 'spendingPerHead', 'timeliness'] as const).map((m) => ({
    title: `图：${MEASURE_WORDS[m]}`,
    head: ['县区', MEASURE_WORDS[m]],
    rows: c.counties.map((r) => [r.countyName, r[m].value === null ? '—' : m === 'spendingPerHead' ? Number(formatYuan(Math.round(r[m].value!))) : Number((r[m].value! * 100).toFixed(1))]),
    bars: { column: 1, label: 0, unit: m === 'spendingPerHead' ? ' 元' : '%' },
  }));
  return [measures, ...charts];
}

export function bulletinDocument(b: BulletinView): ReportDocument {
  return {
    title: b.title,
    lines: [
      `铁岭市民政局    ${quarterWords(b.quarter)}通报`,
      b.status === 'issued' ? `发布：${b.issuedBy}，${chinaDateTime(new Date(b.issuedAt!))}` : '草稿（比较数据为实时计算）',
      ...(b.snapshotDigest ? [`比较数据摘要（SHA-256）：${b.snapshotDigest}`] : []),
      '覆盖率与人均支出的分母为本系统登记的农村户籍人口（区划表无人口数）',
    ],
    tables: comparisonTables(b.comparison),
    texts: [{ heading: '通报内容', text: b.body }],
    textsFirst: true,
    filename: `bulletin-${b.quarter}`,
  };
}

const cellText = (c: Cell): string => (c === null ? '' : typeof c === 'string' ? c : typeof c === 'number' ? String(c) : formatYuanGrouped(c.fen));

/** The document as an xlsx workbook: one sheet of tables (bars as in-cell data bars), one of the texts. */
export async function documentWorkbook(d: ReportDocument): Promise<Buffer> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'doudi';
  const ws = wb.addWorksheet('报表');
  ws.getColumn(1).width = 28;
  for (let i = 2; i <= 14; i++) ws.getColumn(i).width = 14;
  ws.addRow([safeText(d.title)]).font = { bold: true, size: 14 };
  for (const l of d.lines) ws.addRow([safeText(l)]);
  for (const t of d.tables) {
    ws.addRow([]);
    ws.addRow([safeText(t.title)]).font = { bold: true };
    const head = ws.addRow(t.head.map(safeText));
    head.font = { bold: true };
    const first = ws.rowCount + 1;
    for (const r of t.rows) {
      const row = ws.addRow(r.map(cellValue));
      r.forEach((c, i) => {
        if (c !== null && typeof c === 'object') row.getCell(i + 1).numFmt = '#,##0.00';
      });
    }
    if (t.bars && t.rows.length > 0) {
      const col = String.fromCharCode(65 + t.bars.column);
      ws.addConditionalFormatting({ ref: `${col}${first}:${col}${ws.rowCount}`, rules: [{ type: 'dataBar', priority: 1, cfvo: [{ type: 'min' }, { type: 'max' }], color: { argb: 'FF1677FF' } } as never] });
    }
  }
  const text = wb.addWorksheet('文字');
  text.getColumn(1).width = 14;
  text.getColumn(2).width = 100;
  for (const s of d.texts) {
    const r = text.addRow([safeText(s.heading), safeText(s.text || '（无）')]);
    r.alignment = { wrapText: true, vertical: 'top' };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The document as a PrintDoc (the PDF and the HTML print view): tables, the charts as bar blocks, then the texts. */
export function documentPrint(d: ReportDocument): PrintDoc {
  const lines: Block[] = d.lines.map((l) => ({ kind: 'para', text: l }) as Block);
  const tables: Block[] = [];
  for (const t of d.tables) {
    tables.push({ kind: 'heading', text: t.title });
    if (t.bars) {
      const { column, label, unit } = t.bars;
      tables.push({
        kind: 'bars',
        rows: t.rows.map((r) => ({ label: cellText(r[label]), value: typeof r[column] === 'number' ? (r[column] as number) : 0, text: typeof r[column] === 'number' ? `${cellText(r[column])}${unit}` : cellText(r[column]) })),
      });
    } else tables.push({ kind: 'table', head: t.head, rows: t.rows.map((r) => r.map(cellText)) });
  }
  const texts: Block[] = [];
  for (const s of d.texts) {
    texts.push({ kind: 'heading', text: s.heading });
    for (const para of (s.text || '（无）').split(/\n+/)) texts.push({ kind: 'para', text: para });
  }
  return { title: d.title, blocks: d.textsFirst ? [...lines, ...texts, ...tables] : [...lines, ...tables, ...texts], filename: d.filename, landscape: true };
}

export const documentPdf = (d: ReportDocument): Promise<Buffer> => renderPdf(documentPrint(d));
/** The enrollment programs the statistics layout lists first (for the CLI's summary). */
export const SUMMARY_PROGRAMS = ENROLLMENT_PROGRAMS;
