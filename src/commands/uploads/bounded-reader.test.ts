import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { EMPTY_SHEET, sharedStringFlood, workbookParts, xlsxOf, zip } from '../../../tests/factories/zip.ts';
import { isAppError } from '../../kernel/errors.ts';
import { normaliseInThisThread, normaliseSheet, replyOf, type SheetFormat } from './bounded-reader.ts';
import { RESULT_FILE_LIMITS, type UploadLimits } from './limits.ts';

const dir = mkdtempSync(join(tmpdir(), 'doudi-upload-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (data: Buffer | string) => {
  const p = join(dir, `in-${++n}`);
  writeFileSync(p, data);
  return p;
};

async function read(data: Buffer | string, format: SheetFormat, limits: UploadLimits = RESULT_FILE_LIMITS, requiredColumns?: string[], rowNumbers = false) {
  const out = join(dir, `out-${++n}.csv`);
  const r = await normaliseSheet({ path: file(data), format, limits, out, requiredColumns, rowNumbers });
  return { ...r, rows: parse(readFileSync(out, 'utf8'), { relax_column_count: true }) as string[][] };
}

async function refusal(p: Promise<unknown>): Promise<{ code: string; limit?: string; zh: string; en: string }> {
  try {
    await p;
  } catch (e) {
    if (!isAppError(e)) throw e;
    return { code: e.code, limit: (e.details as { limit?: string } | undefined)?.limit, zh: e.messages.zh, en: e.messages.en };
  }
  throw new Error('expected a refusal');
}

/** Peak RSS growth while `run` runs, sampled every 10 ms (the reader's worker is a thread of this process). */
async function peakRss<T>(run: () => Promise<T>): Promise<{ value: T; growthMb: number }> {
  const base = process.memoryUsage.rss();
  let peak = base;
  const t = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
  try {
    const value = await run();
    return { value, growthMb: Math.round((Math.max(peak, process.memoryUsage.rss()) - base) / 2 ** 20) };
  } finally {
    clearInterval(t);
  }
}

const HEADER = ['批次号', '序号', '银行账号', '金额(元)', '结果', '失败原因'];
const ROWS = [HEADER, ['r1', '1', '6222000011112222', '397.50', '成功', ''], ['r1', '2', "'=1+2", '100.00', '失败', '账户已销户\n（多行）'], ['合计', '2', '', '497.50']];

describe('bounded reader (ADR 0018)', () => {
  it('reads the first sheet of an XLSX (inline strings or a shared-string table) and a CSV to the same rows', async () => {
    for (const shared of [false, true]) {
      const r = await read(await xlsxOf(ROWS, { shared }), 'xlsx', RESULT_FILE_LIMITS, HEADER);
      // A sheet has no trailing empty cells (as a spreadsheet program writes it): the rows end at their last value.
      expect(r.rows).toEqual(ROWS.map((row) => row.slice(0, row.findLastIndex((c) => c !== '') + 1)));
      expect(r.cells).toBe(ROWS.flat().filter((c) => c !== '').length);
    }
    const csv = `\uFEFF${ROWS.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\r\n')}\r\n\r\n`;
    expect((await read(csv, 'csv')).rows).toEqual(ROWS);
  });

  it('with rowNumbers, each row starts with its source row as a spreadsheet or an editor numbers it (empty rows skipped, counted)', async () => {
    const x = await read(await xlsxOf([['a'], [''], ['b', 'c'], [''], [''], ['d']]), 'xlsx', RESULT_FILE_LIMITS, undefined, true);
    expect(x.rows).toEqual([['1', 'a'], ['3', 'b', 'c'], ['6', 'd']]);
    const c = await read('h1,h2\n\n"two\nlines",x\ny,z\n', 'csv', RESULT_FILE_LIMITS, undefined, true);
    expect(c.rows).toEqual([['1', 'h1', 'h2'], ['3', 'two\nlines', 'x'], ['5', 'y', 'z']]);
  });

  it('a zip bomb (1 GiB of shared strings in about 1 MB) is refused before it is inflated, naming the limit; memory stays flat', async () => {
    const bomb = await zip(workbookParts(EMPTY_SHEET, { name: 'xl/sharedStrings.xml', data: sharedStringFlood(80_000_000) }));
    expect(bomb.length).toBeLessThan(3 * 2 ** 20);
    const { value, growthMb } = await peakRss(() => refusal(read(bomb, 'xlsx')));
    expect(value).toMatchObject({ code: 'UPLOAD_TOO_LARGE', limit: 'uncompressed' });
    expect(value.zh).toMatch(/解压后内容超过上限 256 MB/);
    expect(value.en).toMatch(/unpacks to more than the limit of 256 MB/);
    expect(growthMb).toBeLessThan(150);
  }, 120_000);

  it('a bomb whose headers lie about its size is stopped while it inflates; memory stays flat', async () => {
    const liar = await zip(workbookParts(EMPTY_SHEET, { name: 'xl/sharedStrings.xml', data: sharedStringFlood(80_000_000), declaredSize: 1000 }));
    const { value, growthMb } = await peakRss(() => refusal(read(liar, 'xlsx')));
    expect(['UPLOAD_DAMAGED', 'UPLOAD_TOO_LARGE']).toContain(value.code);
    expect(growthMb).toBeLessThan(150);
  }, 120_000);

  it('counts what fits the inflated budget: too many shared strings, rows, columns or characters in a cell', async () => {
    const flood = await zip(workbookParts(EMPTY_SHEET, { name: 'xl/sharedStrings.xml', data: sharedStringFlood(RESULT_FILE_LIMITS.maxSharedStrings + 1) }));
    expect(await refusal(read(flood, 'xlsx'))).toMatchObject({ code: 'UPLOAD_TOO_LARGE', limit: 'sharedStrings' });

    const manyRows = `${HEADER.join(',')}\n${'r1,1,6222,1.00,成功,\n'.repeat(RESULT_FILE_LIMITS.maxRows)}`;
    const rows = await refusal(read(manyRows, 'csv'));
    expect(rows).toMatchObject({ code: 'UPLOAD_TOO_LARGE', limit: 'rows' });
    expect(rows.zh).toBe('文件被拒绝：行数超过上限 300,000 行');
    const xlsxRows = await xlsxOf(Array.from({ length: 2_001 }, (_, i) => [String(i)]));
    expect(await refusal(read(xlsxRows, 'xlsx', { ...RESULT_FILE_LIMITS, maxRows: 2_000 }))).toMatchObject({ limit: 'rows' });

    const wide = await zip(workbookParts(`<worksheet><sheetData><row r="1"><c r="XFD1" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>`));
    expect(await refusal(read(wide, 'xlsx'))).toMatchObject({ limit: 'columns' });
    expect(await refusal(read(`a,${'x'.repeat(1_001)}\n`, 'csv'))).toMatchObject({ limit: 'cellChars' });
    expect(await refusal(read(Buffer.alloc(RESULT_FILE_LIMITS.maxBytes + 1, 0x61), 'csv'))).toMatchObject({ limit: 'bytes' });
  }, 120_000);

  it('the worker’s heap limit stops what gets past the counts (a table of distinct strings larger than the heap)', async () => {
    const big = await zip(workbookParts(EMPTY_SHEET, { name: 'xl/sharedStrings.xml', data: sharedStringFlood(3_000_000, true) }));
    const limits = { ...RESULT_FILE_LIMITS, heapMb: 32, maxSharedStrings: 10_000_000, maxSharedStringChars: 10 ** 9 };
    const { value, growthMb } = await peakRss(() => refusal(read(big, 'xlsx', limits)));
    expect(value).toMatchObject({ code: 'UPLOAD_TOO_LARGE', limit: 'memory' });
    expect(value.zh).toMatch(/所需内存超过上限 32 MB/);
    expect(growthMb).toBeLessThan(200);
  }, 120_000);

  it('garbage is refused with a clear code: random bytes, a binary file sent as CSV, a DTD, a workbook without a sheet, text without the columns', async () => {
    expect((await refusal(read(randomBytes(4096), 'xlsx'))).code).toBe('UPLOAD_NOT_XLSX');
    expect((await refusal(read(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0]), randomBytes(4096)]), 'csv'))).code).toBe('UPLOAD_NOT_TEXT');
    expect((await refusal(read(Buffer.from([0x61, 0x2c, 0xff, 0xfe, 0x0a]), 'csv'))).code).toBe('UPLOAD_NOT_TEXT');
    const dtd = await zip(workbookParts('<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaaaaaa">]><worksheet><sheetData/></worksheet>'));
    expect((await refusal(read(dtd, 'xlsx'))).code).toBe('UPLOAD_NOT_XLSX');
    expect((await refusal(read(await zip([{ name: 'hello.txt', data: 'hi' }]), 'xlsx'))).code).toBe('UPLOAD_NOT_XLSX');
    const cols = await refusal(read('hello,world\n1,2\n', 'csv', RESULT_FILE_LIMITS, HEADER));
    expect(cols.code).toBe('UPLOAD_COLUMNS');
    expect(cols.zh).toMatch(/缺少列：批次号、序号/);
    expect((await refusal(read('', 'csv'))).code).toBe('UPLOAD_EMPTY');
    expect((await refusal(normaliseSheet({ path: '/missing.csv', format: 'csv', limits: RESULT_FILE_LIMITS, out: join(dir, 'x.csv') }))).code).toBe('FILE_NOT_FOUND');
  }, 60_000);

  it('a failure on the server’s side is never called a damaged file: the rows cannot be written, the storage is full', async () => {
    // The rows' file cannot be written (its directory is gone): the server's fault, 500, not 400 "damaged".
    const out = join(dir, 'no-such-dir', 'out.csv');
    const failed = await refusal(normaliseSheet({ path: file(ROWS.map((r) => r.join(',')).join('\n')), format: 'csv', limits: RESULT_FILE_LIMITS, out }));
    expect(failed.code).toBe('UPLOAD_READER_FAILED');
    expect(failed.zh).toMatch(/不是文件本身的问题/);
    const full = replyOf(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' }));
    expect(full.ok ? null : [full.error.code, full.error.status]).toEqual(['STORAGE_FULL', 503]);
    const io = replyOf(Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO', errno: -5, syscall: 'read' }));
    expect(io.ok ? null : [io.error.code, io.error.status]).toEqual(['UPLOAD_READER_FAILED', 500]);
    // A refusal while a batch of rows is still being written (the reader stops after a full batch) stays the refusal:
    // the write the stopped stream then fails is not the thread failing (a CI run under load once answered 500 here).
    const limits = { ...RESULT_FILE_LIMITS, maxRows: 2000 };
    const rows = `${HEADER.join(',')}\n${'1,x\n'.repeat(3000)}`;
    const answers = await Promise.all(Array.from({ length: 24 }, () => refusal(read(rows, 'csv', limits))));
    expect(new Set(answers.map((a) => `${a.code}:${a.limit}`))).toEqual(new Set(['UPLOAD_TOO_LARGE:rows']));
    // The same in this thread, where the late write's error would be an uncaught exception (failing this run).
    const stray: unknown[] = [];
    const onStray = (e: unknown) => stray.push(e);
    process.on('uncaughtException', onStray);
    try {
      for (let i = 0; i < 10; i++) {
        const inThread = await refusal(normaliseInThisThread({ path: file(rows), format: 'csv', limits, out: join(dir, `t-${++n}.csv`) }));
        expect(inThread.limit).toBe('rows');
      }
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      process.off('uncaughtException', onStray);
    }
    expect(stray).toEqual([]);
    // A parser's complaint about the content stays the file's: 400 "damaged", with what the parser said.
    const parser = replyOf(new Error('invalid central directory file header signature'));
    expect(parser.ok ? null : [parser.error.code, parser.error.status, parser.error.field]).toEqual(['UPLOAD_DAMAGED', 400, 'file']);
  }, 60_000);
});
