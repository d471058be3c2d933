/**
 * 双纳入 in Chromium (issue 12 points 3–4): before any snapshot the county sees the empty state; once a snapshot is
 * there the county administrator of 铁岭县 sees the figures, the chart of the rate per township, the lists paged, opens a
 * township (breadcrumbs lead back) and exports the list of registered-poor households not on dibao; the liaison sees
 * the referral list, makes it (the households recorded as referred) — on a phone width as well.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { api, type E2EContext, signIn, untranslatedCodes } from './harness.ts';

async function noCodes(page: Page): Promise<void> {
  assert.deepEqual(await untranslatedCodes(page), [], 'no code-like text on the page');
}

export default async function dualInclusionE2E(t: E2EContext): Promise<void> {
  if (!t.countyAdmin || !t.liaison || !t.povertyFixtures) {
    process.stdout.write('  (no county administrator, liaison or database fixtures: dual-inclusion walk skipped)\n');
    return;
  }
  const county = await signIn(t.browser, t.baseUrl, t.countyAdmin, '/poverty');
  try {
    await t.step('before any snapshot: the empty state says none has been imported', async () => {
      const o = await api(county, 'GET', '/api/poverty/dual-inclusion');
      if (o.snapshots.length === 0) {
        await county.getByTestId('dual-empty').getByText('尚未导入扶贫建档立卡数据').waitFor();
        await noCodes(county);
      }
    });
    await t.povertyFixtures.enrolledSnapshot();

    await t.step('the county sees the figures, the chart per township and the lists', async () => {
      await county.reload();
      await county.getByTestId('fig-registered').waitFor();
      const o = await api(county, 'GET', '/api/poverty/dual-inclusion');
      assert.ok(o.area.registeredPoor > 0, 'the snapshot has households in the county');
      assert.ok(o.area.covered > 0, 'some are on dibao');
      assert.equal(await county.getByTestId('fig-registered').locator('.ant-statistic-content-value').textContent(), String(o.area.registeredPoor));
      await county.getByTestId('dual-chart').locator('canvas').waitFor();
      await county.getByTestId('dual-tab-covered').click();
      await county.getByTestId('dual-table-covered').locator('tbody tr.ant-table-row').first().waitFor();
      await county.getByTestId('dual-tab-discrepancies').click();
      await county.getByTestId('dual-table-discrepancies').getByText('身份证号码为15位或无效').first().waitFor();
      await noCodes(county);
    });

    await t.step('a township opened from the county’s table of townships, the breadcrumbs lead back', async () => {
      const o = await api(county, 'GET', '/api/poverty/dual-inclusion');
      const township = o.children.find((c: { registeredPoor: number }) => c.registeredPoor > 0);
      assert.ok(township, 'a township with registered-poor households');
      await county.getByTestId(`area-${township.areaCode}`).click();
      await county.getByTestId('dual-breadcrumb').getByText(township.areaName).waitFor();
      assert.match(county.url(), new RegExp(`area=${township.areaCode}`));
      assert.equal(await county.getByTestId('fig-registered').locator('.ant-statistic-content-value').textContent(), String(township.registeredPoor));
      await county.getByTestId('dual-chart').locator('canvas').waitFor();
      await county.getByTestId('crumb-211221000000').click();
      await county.getByTestId('dual-breadcrumb').getByText(township.areaName).waitFor({ state: 'detached' });
      assert.doesNotMatch(county.url(), /area=/);
      await noCodes(county);
    });

    await t.step('the county exports the list of registered-poor households not on dibao', async () => {
      await county.getByTestId('dual-tab-uncovered').click();
      const total = Number(await county.getByTestId('dual-total-uncovered').getAttribute('data-count'));
      const [d] = await Promise.all([county.waitForEvent('download'), county.getByTestId('dual-export-uncovered').click()]);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(readFileSync((await d.path())!) as never);
      const ws = wb.worksheets[0];
      assert.equal(String(ws.getRow(1).getCell(1).value), '未纳入低保特困的建档立卡户');
      assert.equal(String(ws.getRow(6).getCell(1).value), '户编号');
      let rows = 0;
      ws.eachRow((_row, n) => {
        if (n > 6) rows++;
      });
      assert.equal(rows, total);
      if (t.auditEvents) assert.ok((await t.auditEvents({ action: 'poverty.lists.export' })).length > 0, 'the export is audited');
    });
  } finally {
    await county.context().close();
  }

  await t.step('the liaison sees the referral list and makes it', async () => {
    const liaison = await signIn(t.browser, t.baseUrl, t.liaison!, '/poverty?tab=referral');
    try {
      await liaison.getByTestId('dual-table-referral').locator('tbody tr.ant-table-row').first().waitFor();
      await liaison.getByTestId('referral-status').first().waitFor();
      const [d] = await Promise.all([liaison.waitForEvent('download'), liaison.getByTestId('dual-referral-export').click()]);
      assert.match(d.suggestedFilename(), /\.xlsx$/);
      await liaison.getByTestId('referral-status').and(liaison.locator('[data-status="open"]')).first().waitFor();
      await noCodes(liaison);
    } finally {
      await liaison.context().close();
    }
    const phone = await signIn(t.browser, t.baseUrl, t.liaison!, '/poverty?tab=referral', { phone: true });
    try {
      await phone.getByTestId('dual-table-referral').waitFor();
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 1, `the page fits a phone's width (overflow ${overflow}px)`);
    } finally {
      await phone.context().close();
    }
  });
}
