import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse';
import type { Db } from '../../db/connect.ts';
import { putDivisions } from '../../db/division-repo.ts';
import type { DivisionTable } from '../../db/schema.ts';
import { divisionLevel } from '../../kernel/division-code.ts';
import { AppError } from '../../kernel/errors.ts';
import { type CommandContext, requireOperator } from '../context.ts';
import { normaliseSheet } from '../uploads/bounded-reader.ts';
import { DIVISION_FILE_LIMITS } from '../uploads/limits.ts';

export const BUNDLED_DIVISIONS = fileURLToPath(new URL('../../../data-seed/divisions/liaoning-divisions.csv', import.meta.url));
export const TIELING_PREFIX = '2112';
const COLUMNS = ['code', 'name', 'level', 'parent_code'];
const LEVELS = new Set(['province', 'city', 'county', 'township', 'village']);

function rowError(line: number, field: string, zh: string, en: string): AppError {
  return new AppError('DIVISION_FILE_ROW', { zh: `第 ${line} 行：${zh}`, en: `Line ${line}: ${en}` }, { field, details: { line } });
}

/**
 * 加载区划代码 Loads division codes from a CSV (`code,name,level,parent_code`), all or nothing: the whole file is
 * checked first (columns, code format, level matching the code, parent present), then written in one
 * transaction. `prefix` keeps only codes under it (Tieling by default); existing codes are updated.
 */
export async function loadDivisions(ctx: CommandContext, opts: { file?: string; prefix?: string } = {}): Promise<{ loaded: number }> {
  // Reference data of the whole province, the server's own: the operator's (and the bootstrap's) alone.
  requireOperator(ctx.actor);
  const { db } = ctx;
  const prefix = opts.prefix ?? '';
  if (!opts.file) return loadRows(db, BUNDLED_DIVISIONS, prefix);
  // An operator's file is read by the bounded reader like an upload (ADR 0018): a missing or unreadable file, or one
  // past the bounds, is a plain bilingual error (FILE_NOT_FOUND …), never a stack trace. The shipped file is trusted.
  const dir = await mkdtemp(join(tmpdir(), 'doudi-divisions-'));
  try {
    const rowsFile = join(dir, 'rows.csv');
    await normaliseSheet({ path: opts.file, format: 'csv', limits: DIVISION_FILE_LIMITS, out: rowsFile });
    return await loadRows(db, rowsFile, prefix);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function loadRows(db: Db, rowsFile: string, prefix: string): Promise<{ loaded: number }> {
  const rows: DivisionTable[] = [];
  const parser = createReadStream(rowsFile).pipe(parse({ columns: false, bom: true, skip_empty_lines: true, relax_column_count: true }));
  let line = 0;
  for await (const rec of parser as AsyncIterable<string[]>) {
    line++;
    if (line === 1) {
      if (rec.map((s) => s.trim()).join(',') !== COLUMNS.join(',')) {
        throw new AppError(
          'DIVISION_FILE_COLUMNS',
          { zh: `列名应为 ${COLUMNS.join(',')}，实际为 ${rec.join(',')}`, en: `Expected columns ${COLUMNS.join(',')}, found ${rec.join(',')}` },
          { field: 'columns' },
        );
      }
      continue;
    }
    if (rec.length !== 4) throw rowError(line, 'columns', `应有 4 列，实际 ${rec.length} 列`, `expected 4 columns, found ${rec.length}`);
    const [code, name, level, parent] = rec.map((s) => s.trim());
    if (!/^\d{12}$/.test(code)) throw rowError(line, 'code', `区划代码须为 12 位数字：${code}`, `a division code has 12 digits: ${code}`);
    if (!code.startsWith(prefix)) continue;
    if (!name) throw rowError(line, 'name', '名称为空', 'empty name');
    if (!LEVELS.has(level)) throw rowError(line, 'level', `未知级别 ${level}`, `unknown level ${level}`);
    if (divisionLevel(code) !== level) throw rowError(line, 'level', `级别 ${level} 与代码不符`, `level ${level} does not match the code`);
    // Some villages hang directly under a county-level code, so the parent is any proper ancestor.
    if (parent && !(code !== parent && code.startsWith(parent.replace(/0+$/, '')))) {
      throw rowError(line, 'parent_code', `上级代码 ${parent} 不是 ${code} 的上级`, `${parent} is not an ancestor of ${code}`);
    }
    rows.push({ code, name, level: level as DivisionTable['level'], parent_code: parent || null, county_code: ['county', 'township', 'village'].includes(level) ? code.slice(0, 6) : null });
  }
  // Every parent inside the loaded range must be loaded too (ancestors above the prefix may be absent).
  const codes = new Set(rows.map((r) => r.code));
  const orphan = rows.find((r) => r.parent_code?.startsWith(prefix) && !codes.has(r.parent_code as string));
  if (orphan) {
    throw new AppError(
      'DIVISION_PARENT_MISSING',
      { zh: `${orphan.code} 的上级 ${orphan.parent_code} 不在文件中`, en: `Parent ${orphan.parent_code} of ${orphan.code} is not in the file` },
      { field: 'parent_code' },
    );
  }
  await putDivisions(db.kysely, rows);
  return { loaded: rows.length };
}
