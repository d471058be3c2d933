import { withNormalisedRows } from '../uploads/normalised-upload.ts';
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import type { DeathImportProblem, DeathImportReport } from '../../contracts/supervision.ts';
import { appendAudit } from '../../db/audit.ts';
import { sealIdNumber } from '../../db/personal-data.ts';
import type { DeathRecordTable } from '../../db/schema.ts';
import { scopeOf } from '../../db/scope.ts';
import { DeathRecordRepo } from '../../db/supervision-repo.ts';
import type { BilingualMessage } from '../../kernel/errors.ts';
import { parseIdNumber } from '../../kernel/id-number.ts';
import { parsePlainDate, type PlainDate } from '../../kernel/plain-date.ts';
import { actorName, auditActor, type CommandContext, requirePermission, todayOf } from '../context.ts';
import type { SheetFormat } from '../uploads/bounded-reader.ts';
import { headerMatcher, readDigits, type TemplateColumn } from '../uploads/header-match.ts';
import { REGISTRY_FILE_LIMITS } from '../uploads/limits.ts';

const MAX_LISTED = 500;

type DeathColumnKey = 'idNumber' | 'diedOn' | 'name';

/** 死亡信息导入模板 The template's columns (matched by header, not position: header-match.ts). 姓名 is for the reader only. */
export const DEATH_COLUMNS: readonly TemplateColumn<DeathColumnKey>[] = [
  { key: 'idNumber', header: '身份证号码', variants: ['身份证号', '公民身份号码', '证件号码'], required: true },
  { key: 'diedOn', header: '死亡日期', variants: ['死亡时间', '死亡日期(年月日)'], required: true },
  { key: 'name', header: '姓名', variants: ['死者姓名'], required: false },
];
const HEADER: Record<DeathColumnKey, string> = { idNumber: '身份证号码', diedOn: '死亡日期', name: '姓名' };

/** 2019-08-03, 2019/8/3, 2019.8.3, 2019年8月3日, 20190803 → a plain date, or null. */
export function readDeathDate(text: string): PlainDate | null {
  const t = text.trim();
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  const m = compact ?? /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(t);
  if (!m) return null;
  return parsePlainDate(`${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`);
}

async function* csvRows(path: string): AsyncGenerator<string[]> {
  const parser = createReadStream(path).pipe(parse({ relax_column_count: true, skip_empty_lines: true }));
  for await (const rec of parser) yield (rec as unknown[]).map((c) => String(c ?? ''));
}

/**
 * 死亡信息导入 A death-record file (from the public-security or civil-affairs death registration): one row per person,
 * the ID number and the date of death, read through the one import pipeline (the bounded reader, ADR 0018; columns by
 * header, ADR 0028). Every row is checked — the ID number valid (GB 11643; 15 digits converted) and a person of the
 * importer's area in the registry (anyone else is not found), the date a real day not in the future nor before the
 * birth the number gives, no number twice in the file — and the file is all or nothing: with any problem nothing is
 * written and every problem comes back by row and column. Only the number's keyed hash (for the rules' join), the
 * number sealed as every ID number is (ADR 0012) and the date are kept. One audit event in the write's transaction.
 */
export async function importDeaths(
  ctx: CommandContext,
  o: { file: string | (() => Promise<{ path: string; cleanup: () => Promise<void> }>); format: SheetFormat; fileName: string },
): Promise<DeathImportReport> {
  requirePermission(ctx.actor, 'deaths.import');
  return withNormalisedRows({ file: o.file, format: o.format, limits: REGISTRY_FILE_LIMITS, tmpPrefix: 'doudi-deaths-' }, (out) => checkAndApply(ctx, out, o.fileName));
}

interface Parsed {
  row: number;
  hash: string;
  sealed: string;
  diedOn: PlainDate;
}

async function checkAndApply(ctx: CommandContext, rowsPath: string, fileName: string): Promise<DeathImportReport> {
  const problems: DeathImportProblem[] = [];
  let problemCount = 0;
  let rows = 0;
  const add = (row: number, col: DeathColumnKey | null, code: string, message: BilingualMessage) => {
    problemCount++;
    if (problems.length < MAX_LISTED) problems.push({ row, column: col ? HEADER[col] : null, code, message });
  };
  const report = (applied: boolean, importId: string | null = null, added = 0, changed = 0): DeathImportReport => ({
    applied, importId, rows, added, changed, problemCount, problems: [...problems].sort((a, b) => a.row - b.row),
  });
  const today = todayOf(ctx);
  const match = headerMatcher<DeathColumnKey, TemplateColumn<DeathColumnKey>>(DEATH_COLUMNS);
  let columns: Map<DeathColumnKey, { index: number }> | null = null;
  const parsed: Parsed[] = [];
  const firstRowOf = new Map<string, number>();
  for await (const cells of csvRows(rowsPath)) {
    const rowNo = Number(cells[0]);
    const values = cells.slice(1);
    if (!columns) {
      const m = match(values);
      for (const c of m.missing) add(rowNo, c.key, 'IMPORT_COLUMN_MISSING', { zh: `缺少“${c.header}”列`, en: `The column “${c.header}” is missing` });
      for (const r of m.repeated) add(rowNo, null, 'IMPORT_COLUMN_REPEATED', { zh: `“${r.header}”列重复`, en: `The column “${r.header}” appears twice` });
      if (m.missing.length > 0 || m.repeated.length > 0) return report(false);
      columns = m.found;
      continue;
    }
    rows++;
    const cell = (k: DeathColumnKey) => {
      const c = columns?.get(k);
      return c ? (values[c.index] ?? '').trim() : '';
    };
    const idText = readDigits(cell('idNumber'));
    const dateText = cell('diedOn');
    const id = parseIdNumber(idText, { today });
    if (!idText) add(rowNo, 'idNumber', 'FIELD_REQUIRED', { zh: '请填写身份证号码', en: 'Give the ID number' });
    else if (!id.ok) add(rowNo, 'idNumber', 'ID_NUMBER_INVALID', { zh: `身份证号码无效：${id.error.message.zh}`, en: `Invalid ID number: ${id.error.message.en}` });
    const diedOn = dateText ? readDeathDate(dateText) : null;
    if (!dateText) add(rowNo, 'diedOn', 'FIELD_REQUIRED', { zh: '请填写死亡日期', en: 'Give the date of death' });
    else if (!diedOn) add(rowNo, 'diedOn', 'DEATH_DATE_INVALID', { zh: `死亡日期无效：${dateText}（应为 年-月-日）`, en: `Invalid date of death: ${dateText} (year-month-day)` });
    else if (diedOn > today) add(rowNo, 'diedOn', 'DEATH_DATE_FUTURE', { zh: `死亡日期 ${diedOn} 晚于今天`, en: `The date of death ${diedOn} is after today` });
    else if (id.ok && diedOn < id.value.birthDate) add(rowNo, 'diedOn', 'DEATH_DATE_BEFORE_BIRTH', { zh: `死亡日期 ${diedOn} 早于出生日期`, en: `The date of death ${diedOn} is before the birth date` });
    if (!id.ok || !diedOn || diedOn > today || diedOn < id.value.birthDate) continue;
    const sealed = sealIdNumber(ctx.db.keys, id.value.id18);
    const first = firstRowOf.get(sealed.id_hash);
    if (first !== undefined) {
      add(rowNo, 'idNumber', 'DEATH_DUPLICATE', { zh: `身份证号码与第 ${first} 行重复`, en: `The ID number repeats row ${first}` });
      continue;
    }
    firstRowOf.set(sealed.id_hash, rowNo);
    parsed.push({ row: rowNo, hash: sealed.id_hash, sealed: sealed.id_number_sealed, diedOn });
  }
  if (!columns) {
    add(1, null, 'IMPORT_EMPTY', { zh: '文件为空：没有表头', en: 'The file is empty: no header row' });
    return report(false);
  }
  const repo = new DeathRecordRepo(ctx.db.kysely, scopeOf(ctx.actor.areaCode));
  const known = await repo.knownInScope(parsed.map((p) => p.hash));
  for (const p of parsed) {
    // Out of the importer's area, or no one of the registry: not found (nothing said about where they are).
    if (!known.has(p.hash)) add(p.row, 'idNumber', 'DEATH_PERSON_UNKNOWN', { zh: '本辖区户籍登记中没有此身份证号码的人员', en: 'No person of your area’s registry has this ID number' });
  }
  if (problemCount > 0 || rows === 0) {
    if (rows === 0) add(2, null, 'IMPORT_NO_ROWS', { zh: '文件没有数据行', en: 'The file has no data rows' });
    return report(false);
  }
  const importId = randomUUID();
  const at = ctx.clock().toISOString();
  const name = actorName(ctx.actor);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const txRepo = new DeathRecordRepo(trx, scopeOf(ctx.actor.areaCode));
    const before = await txRepo.recorded(parsed.map((p) => p.hash));
    const records: DeathRecordTable[] = parsed.map((p) => ({ id_hash: p.hash, id_number_sealed: p.sealed, died_on: p.diedOn, import_id: importId, imported_at: at, imported_by_name: name }));
    await txRepo.upsert(records);
    const added = parsed.filter((p) => !before.has(p.hash)).length;
    const changed = parsed.filter((p) => before.has(p.hash) && before.get(p.hash) !== p.diedOn).length;
    const chain = ctx.actor.areaCode.slice(0, 6) === '211200' ? 'city' : ctx.actor.areaCode.slice(0, 6);
    await appendAudit(trx, auditActor(ctx.actor), { chain, action: 'deaths.import', entityType: 'death_import', entityId: importId, detail: { fileName, rows, added, changed } }, at);
    return report(true, importId, added, changed);
  });
}

/** 死亡信息导入模板 The template as a workbook: the columns, one example row, and how to fill them in. */
export async function deathTemplate(ctx: CommandContext): Promise<Buffer> {
  requirePermission(ctx.actor, 'deaths.import');
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'doudi';
  const ws = wb.addWorksheet('死亡信息');
  ws.columns = [
    { header: '身份证号码*', key: 'id', width: 24 },
    { header: '死亡日期*', key: 'date', width: 14 },
    { header: '姓名', key: 'name', width: 12 },
  ];
  ws.getRow(1).font = { bold: true };
  ws.getColumn(1).numFmt = '@';
  const help = wb.addWorksheet('填写说明');
  help.columns = [{ header: '说明', key: 'text', width: 100 }];
  for (const text of [
    '每行一人：身份证号码（18 位，旧式 15 位自动转换）与死亡日期（年-月-日，如 2019-08-03）。姓名仅供核对，不导入。',
    '只能导入本辖区户籍登记中人员的死亡信息；号码无效、不在本辖区、日期晚于今天或早于出生日期、号码重复的行均列入问题清单，全部改正后才导入。',
    '系统只保存身份证号码的密文与校验值及死亡日期，用于“死亡人员仍领取待遇”异常规则。',
  ]) {
    help.addRow({ text });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
