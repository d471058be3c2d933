/**
 * List exports end to end in Chromium (issue 11 point 8): the township caseworker of 新台子镇 filters the registry to one
 * village and clicks 导出 Excel — the workbook arrives, parses, says what was exported and holds exactly the households the
 * list finds with that filter (all of them, not a page); then the cases list and the review desk's overdue tab, each
 * exported with the page's filters and holding as many rows as the list's total. The export is in the audit trail.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { api, type E2EContext, submitLogin, untranslatedCodes } from './harness.ts';

/** 东孤家子村 of 新台子镇: the runner's enrolled households of the reviews test live there. */
const VILLAGE = '211221101201';
/** The row of the column headers (src/commands/exports/workbook.ts TABLE_HEADER_ROW). */
const HEADER_ROW = 6;

interface Sheet {
  heading: string[];
  header: string[];
  rows: unknown[][];
}

async function exportFrom(page: Page, testId: string): Promise<Sheet> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  assert.match(d.suggestedFilename(), /\.xlsx$/);
  const path = await d.path();
  assert.ok(path, 'the download was saved');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(path) as never);
  const ws = wb.worksheets[0];
  const all: unknown[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, n) => {
    all[n - 1] = (row.values as unknown[]).slice(1);
  });
  await page.locator('.ant-message').getByText('已导出').first().waitFor();
  return {
    heading: all.slice(0, HEADER_ROW - 2).map((r) => String(r?.[0] ?? '')),
    header: (all[HEADER_ROW - 1] ?? []).map(String),
    rows: all.slice(HEADER_ROW).filter((r) => r && r.length > 0),
  };
}

export default async function exportsE2E(t: E2EContext): Promise<void> {
  const context = await t.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', acceptDownloads: true, baseURL: t.baseUrl });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (e) => process.stdout.write(`    page error: ${e.message}\n`));
  try {
    await page.goto(`${t.baseUrl}/registry?area=${VILLAGE}`);
    await submitLogin(page, { ...t.caseworker });
    await page.getByTestId('side-menu').waitFor();

    await t.step('households of one village: the workbook holds every household the filtered list finds, under a heading', async () => {
      await page.getByTestId('registry-table').locator('.ant-spin-spinning').waitFor({ state: 'detached' });
      const list = await api(page, 'GET', `/api/households?area=${VILLAGE}&pageSize=100`);
      assert.ok(list.total > 0, 'the village has households');
      const sheet = await exportFrom(page, 'export-households');
      assert.equal(sheet.heading[0], '家庭名册');
      assert.match(sheet.heading[1], /^筛选条件：区域：/);
      assert.ok(sheet.heading[3].includes(t.caseworker.username) && sheet.heading[3].includes('北京时间'), sheet.heading[3]);
      assert.deepEqual(sheet.header.slice(0, 4), ['户主', '所在村（社区）', '人口', '户籍']);
      assert.equal(sheet.rows.length, list.total);
      assert.deepEqual(sheet.rows.map((r) => String(r[6])).sort(), list.items.map((h: { id: string }) => h.id).sort());
      assert.deepEqual(await untranslatedCodes(page), []);
      if (t.auditEvents) {
        const events = await t.auditEvents({ action: 'registry.export' });
        const last = events.at(-1);
        assert.equal(last?.actor, t.caseworker.username);
        assert.equal(last?.detail?.rows, list.total);
        assert.equal(last?.detail?.kind, 'households');
      }
      await t.screenshot(page, 'exports-households');
    });

    await t.step('the cases list: as many rows as the list counts, statuses in words', async () => {
      await page.getByTestId('nav-cases').click();
      await page.waitForURL('**/cases');
      const list = await api(page, 'GET', '/api/cases?pageSize=1');
      const sheet = await exportFrom(page, 'export-cases');
      assert.equal(sheet.heading[0], '案件列表');
      assert.equal(sheet.rows.length, list.total);
      for (const r of sheet.rows) assert.doesNotMatch(String(r[3]), /[a-z_]{4,}/, 'a state in words');
    });

    await t.step('the review desk: the overdue tab exports the enrollments due for review in the area', async () => {
      await page.getByTestId('nav-reviews').click();
      await page.waitForURL('**/reviews**');
      const list = await api(page, 'GET', '/api/reviews/overdue?pageSize=1');
      const sheet = await exportFrom(page, 'export-enrollments');
      assert.equal(sheet.heading[0], '逾期及到期复核的保障对象');
      assert.equal(sheet.rows.length, list.total);
      assert.ok(sheet.rows.length > 0, 'the runner seeded overdue reviews in the township');
      for (const r of sheet.rows) assert.match(String(r[5]), /^逾期 \d+ 天$|^今日到期$/);
    });
  } finally {
    await context.close();
  }
}
