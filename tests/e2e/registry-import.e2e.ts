/**
 * 户籍批量导入 (issue 11 point 8) in Chromium: the township caseworker opens 批量导入 from the household list, downloads
 * the template (its first row holds the template's columns), uploads a file with a wrong ID number and a duplicate —
 * the report names the rows and columns in Chinese, nothing is imported, the problems download as a workbook — then a
 * good file: the households appear in the list.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { IMPORT_COLUMNS, matchHeaders, type ColumnKey } from '../../src/commands/registry/import-columns.ts';
import { normaliseSheet } from '../../src/commands/uploads/bounded-reader.ts';
import { REGISTRY_FILE_LIMITS } from '../../src/commands/uploads/limits.ts';
import { xlsxOf } from '../factories/zip.ts';
import { runSuffix, syntheticId, withWrongCheckDigit } from './antd.ts';
import { type E2EContext, submitLogin } from './harness.ts';

const VILLAGE = '211221101200'; // 懿路村, in the caseworker's township 新台子镇
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const row = (r: Partial<Record<ColumnKey, string>>) => IMPORT_COLUMNS.map((c) => r[c.key] ?? '');

async function download(page: Page, testId: string): Promise<Buffer> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const path = await d.path();
  assert.ok(path, 'the download was saved');
  return readFileSync(path);
}

/** A workbook's first sheet, read back by the system's own bounded reader. */
async function firstSheet(data: Buffer): Promise<string[][]> {
  const dir = mkdtempSync(join(tmpdir(), 'doudi-e2e-import-'));
  writeFileSync(join(dir, 'in.xlsx'), data);
  await normaliseSheet({ path: join(dir, 'in.xlsx'), format: 'xlsx', limits: REGISTRY_FILE_LIMITS, out: join(dir, 'out.csv') });
  return parse(readFileSync(join(dir, 'out.csv'), 'utf8'), { relax_column_count: true });
}

async function upload(page: Page, name: string, data: Buffer): Promise<void> {
  await page.locator('input[type=file]').setInputFiles({ name, mimeType: XLSX, buffer: data });
  await page.getByTestId('import-start').click();
}

export default async function registryImportE2E(t: E2EContext): Promise<void> {
  const context = await t.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const run = runSuffix();
  const head = { name: `冯${run}`, id: syntheticId('211221', '19650312', 'M') };
  const wife = { name: `蒋${run}`, id: syntheticId('211221', '19670521', 'F') };
  const alone = { name: `韩${run}`, id: syntheticId('211221', '19480203', 'F') };
  const base = (key: string, who: { name: string; id: string }, relation: string, more: Partial<Record<ColumnKey, string>> = {}) =>
    row({ key, name: who.name, idNumber: who.id, relation, laborCapacity: '有劳动能力', ...more });
  const headers = IMPORT_COLUMNS.map((c) => c.header);

  try {
    await t.step('the caseworker opens 批量导入 from the household list and downloads the template', async () => {
      await page.goto(`${t.baseUrl}/registry`);
      await submitLogin(page, { ...t.caseworker });
      await page.getByTestId('registry-import').click();
      await page.getByTestId('import-template').waitFor();
      const template = await firstSheet(await download(page, 'import-template'));
      assert.deepEqual(matchHeaders(template[0]).missing, [], 'the template holds every required column');
      assert.match(template[1][0], /^示例/, 'its second row is the marked example');
      await t.screenshot(page, 'registry-import-page');
    });

    await t.step('a file with a wrong ID number and a duplicate is refused: the rows and columns named in Chinese, nothing imported', async () => {
      const bad = await xlsxOf([
        headers,
        base('1', head, '户主', { village: VILLAGE, address: '懿路村 5 组 1 号' }),
        base('1', { ...wife, id: withWrongCheckDigit(wife.id) }, '配偶'),
        base('2', { ...alone, id: head.id }, '户主', { village: '懿路村', address: '懿路村 5 组 2 号' }),
      ]);
      await upload(page, '导入-有误.xlsx', bad);
      const report = page.locator('[data-testid="import-report"][data-applied="false"]');
      await report.waitFor({ timeout: 60_000 });
      const table = page.getByTestId('import-problems');
      await table.getByText('校验码错误').waitFor();
      await table.getByText('身份证号码与第 2 行重复').waitFor();
      const text = (await table.textContent()) ?? '';
      assert.match(text, /3身份证号码/, 'row 3, column 身份证号码');
      assert.match((await report.textContent()) ?? '', /文件未导入：发现 2 处问题，未做任何更改/);
      const problems = await firstSheet(await download(page, 'import-report-download'));
      assert.deepEqual(problems[0].slice(0, 3), ['行号', '列名', '问题']);
      assert.equal(problems.length, 3, 'two problems in the workbook');
      await t.screenshot(page, 'registry-import-refused');
      await page.goto(`${t.baseUrl}/registry?q=${encodeURIComponent(head.name)}`);
      await page.getByTestId('registry-empty').waitFor();
    });

    await t.step('a good file is imported whole and its households appear in the list', async () => {
      await page.goto(`${t.baseUrl}/registry/import`);
      const good = await xlsxOf([
        headers,
        base('1', head, '户主', { village: VILLAGE, address: '懿路村 5 组 1 号', 'income.wage': '12000' }),
        base('1', wife, '配偶'),
        base('2', alone, '户主', { village: '懿路村', address: '懿路村 5 组 2 号', laborCapacity: '无劳动能力' }),
      ]);
      await upload(page, '导入.xlsx', good);
      const report = page.locator('[data-testid="import-report"][data-applied="true"]');
      await report.waitFor({ timeout: 60_000 });
      assert.match((await report.textContent()) ?? '', /导入成功：共 2 户、3 人/);
      await page.getByTestId('import-to-list').click();
      for (const who of [wife, alone]) {
        await page.getByTestId('registry-search').locator('input').fill(who.name);
        await page.getByTestId('registry-search').locator('input').press('Enter');
        await page.getByTestId('household-row-name').filter({ hasText: who === wife ? head.name : alone.name }).waitFor();
      }
      await t.screenshot(page, 'registry-import-done');
    });
  } finally {
    await context.close();
  }
}
