/**
 * 建档立卡数据导入 (issue 12 points 1 and 9) in Chromium: the poverty-office liaison lands on 扶贫衔接, opens the snapshots, then
 * the import, downloads the template (its first row holds the template's columns), uploads a file with a wrong check
 * digit and a duplicate — refused, the rows and columns named in Chinese, the problems downloadable — then the office's
 * file in the template's layout with its usual faults (a 15-digit number, a member without a number, a household by
 * names): accepted with its counts, the difference and the match; the snapshot appears in the list with its changes,
 * ID numbers masked; the pages fit a phone.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { matchPovertyHeaders, POVERTY_COLUMNS, type PovertyColumnKey } from '../../src/commands/poverty/poverty-columns.ts';
import { normaliseSheet } from '../../src/commands/uploads/bounded-reader.ts';
import { POVERTY_FILE_LIMITS } from '../../src/commands/uploads/limits.ts';
import { xlsxOf } from '../factories/zip.ts';
import { runSuffix, syntheticId, withWrongCheckDigit } from './antd.ts';
import { type E2EContext, signIn } from './harness.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const row = (r: Partial<Record<PovertyColumnKey, string>>) => POVERTY_COLUMNS.map((c) => r[c.key] ?? '');
const headers = POVERTY_COLUMNS.map((c) => c.header);

async function download(page: Page, testId: string): Promise<Buffer> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const path = await d.path();
  assert.ok(path, 'the download was saved');
  return readFileSync(path);
}

async function firstSheet(data: Buffer): Promise<string[][]> {
  const dir = mkdtempSync(join(tmpdir(), 'doudi-e2e-poverty-'));
  writeFileSync(join(dir, 'in.xlsx'), data);
  await normaliseSheet({ path: join(dir, 'in.xlsx'), format: 'xlsx', limits: POVERTY_FILE_LIMITS, out: join(dir, 'out.csv') });
  return parse(readFileSync(join(dir, 'out.csv'), 'utf8'), { relax_column_count: true });
}

async function upload(page: Page, name: string, data: Buffer): Promise<void> {
  await page.locator('input[type=file]').setInputFiles({ name, mimeType: XLSX, buffer: data });
  await page.getByTestId('poverty-start').click();
}

async function fitsPhone(page: Page, what: string): Promise<void> {
  const w = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  assert.ok(w.scroll <= 390 && w.scroll <= w.client + 1, `${what}: the page is ${w.scroll} px wide on a 390 px screen`);
}

export default async function povertyImportE2E(t: E2EContext): Promise<void> {
  if (!t.liaison) {
    process.stdout.write('  (skipped: the runner made no poverty liaison)\n');
    return;
  }
  const run = runSuffix();
  const base = (hhNo: string, name: string, id: string, more: Partial<Record<PovertyColumnKey, string>> = {}) =>
    row({ hhNo, county: '211221000000', township: '211221101000', village: '211221101200', headName: name, name, idNumber: id, relation: '户主', attribute: '一般贫困户', cause: '因病', status: '已脱贫', exitYear: '2018', labor: '普通劳动力', health: '健康', ...more });
  const head = { name: `邵${run}`, id: syntheticId('211221', '19580312', 'M') };
  const wife = { name: `孔${run}`, id: syntheticId('211221', '19600521', 'F') };
  const alone = { name: `葛${run}`, id: syntheticId('211221', '19450203', 'F') };
  const hh = `E2E${Date.now()}`;
  const page = await signIn(t.browser, t.baseUrl, t.liaison);
  let snapshotId = '';
  try {
    await t.step('the liaison lands on 扶贫衔接, opens the snapshots, the import and downloads the template', async () => {
      await page.waitForURL(/\/poverty$/);
      await page.getByTestId('nav-poverty-snapshots').click();
      await page.getByTestId('snapshot-list').waitFor();
      await page.getByTestId('nav-poverty-import').click();
      await page.getByTestId('poverty-template').waitFor();
      const template = await firstSheet(await download(page, 'poverty-template'));
      assert.deepEqual(matchPovertyHeaders(template[0]).missing, [], 'the template holds every required column');
      assert.match(template[1][0], /^示例/, 'its second row is the marked example');
      await t.screenshot(page, 'poverty-import-page');
    });

    await t.step('a file with a wrong check digit and a duplicate is refused: rows and columns named in Chinese, the problems downloadable', async () => {
      const bad = await xlsxOf([headers, base(`${hh}1`, head.name, head.id), base(`${hh}1`, wife.name, withWrongCheckDigit(wife.id), { headName: head.name, relation: '配偶' }), base(`${hh}2`, alone.name, head.id)]);
      await upload(page, '建档立卡-有误.xlsx', bad);
      const result = page.locator('[data-testid="poverty-result"][data-outcome="refused"]');
      await result.waitFor({ timeout: 60_000 });
      const table = page.getByTestId('poverty-problems');
      await table.getByText('校验码错误').waitFor();
      await table.getByText('身份证号码与第 2 行重复').waitFor();
      assert.match((await result.textContent()) ?? '', /文件未导入：发现 2 处问题，未做任何更改/);
      const problems = await firstSheet(await download(page, 'poverty-report-download'));
      assert.deepEqual(problems[0].slice(0, 3), ['行号', '列名', '问题']);
      assert.equal(problems.length, 3, 'two problems in the workbook');
      await t.screenshot(page, 'poverty-import-refused');
    });

    await t.step('the office’s file is imported as a snapshot: counts, the difference and the match shown', async () => {
      const good = await xlsxOf([
        headers,
        base(`${hh}1`, head.name, head.id, { health: '患有大病' }),
        base(`${hh}1`, wife.name, wife.id.slice(0, 6) + wife.id.slice(8, 17), { headName: head.name, relation: '妻', health: '残疾', disabilityGrade: '二级', labor: '丧失劳动力' }),
        base(`${hh}1`, `邵小${run}`, '', { headName: head.name, relation: '之子', labor: '无劳动力' }),
        base(`${hh}2`, alone.name, alone.id, { county: '铁岭县', attribute: '低保贫困户', status: '未脱贫', exitYear: '', labor: '无劳动力', health: '长期慢性病' }),
      ]);
      await upload(page, '建档立卡数据.xlsx', good);
      const result = page.locator('[data-testid="poverty-result"][data-outcome="accepted"]');
      await result.waitFor({ timeout: 60_000 });
      assert.match((await result.textContent()) ?? '', /导入成功：形成 \d{4}-\d{2}-\d{2} 的快照，共 2 户、4 人/);
      snapshotId = (await result.getAttribute('data-snapshot')) ?? '';
      assert.ok(snapshotId, 'the result names its snapshot');
      await page.getByTestId('poverty-diff').getByText('新增').waitFor();
      await page.getByTestId('poverty-match').getByText('按身份证号码匹配').waitFor();
      await t.screenshot(page, 'poverty-import-accepted');
      const events = await t.auditEvents?.({ action: 'poverty.import' });
      if (events) assert.ok(events.length >= 1, 'the import is audited');
    });

    await t.step('the snapshot appears in the list; its changes name households and persons, ID numbers masked', async () => {
      await page.getByTestId('poverty-to-snapshots').click();
      await page.getByTestId('snapshot-list').waitFor();
      // This import's snapshot (the list may first show what it held before the import, while it refreshes).
      await page.locator(`[data-testid="snapshot-view"][data-snapshot="${snapshotId}"]`).click();
      const changes = page.getByTestId('snapshot-changes');
      await changes.waitFor();
      await changes.getByText(wife.name).first().waitFor();
      const text = (await changes.textContent()) ?? '';
      assert.ok(!text.includes(wife.id) && !text.includes(head.id), 'no full ID number shown');
      assert.match(text, /211221\*{8}\w{4}/, 'masked ID numbers');
      assert.match(text, /无号码/, 'the member without a number');
      await t.screenshot(page, 'poverty-snapshots');
    });

    await t.step('the snapshots and the import fit a phone', async () => {
      const phone = await signIn(t.browser, t.baseUrl, t.liaison!, '/poverty/snapshots', { phone: true });
      try {
        await phone.getByTestId('snapshot-list').waitFor();
        await fitsPhone(phone, 'poverty snapshots');
        await phone.goto(`${t.baseUrl}/poverty/import`);
        await phone.getByTestId('poverty-template').waitFor();
        await fitsPhone(phone, 'poverty import');
      } finally {
        await phone.context().close();
      }
    });
  } finally {
    await page.context().close();
  }
}
