/**
 * 取暖信息 in Chromium (issue 14 point 1, ADR 0042): a township caseworker opens 取暖信息缺失名单 (the enrolled households of
 * the township without heating data), opens a household from it, records central heating — the area field appears only
 * then, an implausible area is refused with the plausible range — saves, sees 集中供暖（56.5 平方米）on the household page,
 * and the list is one shorter; on a phone width the list and the form fit the screen.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { api, type E2EContext, signIn, untranslatedCodes } from './harness.ts';

async function noCodes(page: Page): Promise<void> {
  assert.deepEqual(await untranslatedCodes(page), [], 'no code-like text on the page');
}

/** antd's InputNumber: the test id may sit on the input itself or on its wrapper. */
async function numberInput(page: Page, testId: string) {
  const el = page.getByTestId(testId);
  return (await el.evaluate((e) => e.tagName)) === 'INPUT' ? el : el.locator('input');
}

export default async function heatingRegistryE2E(t: E2EContext): Promise<void> {
  const worker = await signIn(t.browser, t.baseUrl, t.caseworker, '/heating/missing');
  try {
    let before = 0;
    let household: { countyCode: string; householdId: string; headName: string } | undefined;
    await t.step('the township caseworker sees the enrolled households without heating data', async () => {
      const page = await api(worker, 'GET', '/api/registry/heating/missing?pageSize=100');
      before = page.total;
      assert.ok(before > 0, 'the runner’s enrolled households of the township have no heating recorded');
      household = page.items.find((h: { missing: string }) => h.missing === 'mode');
      assert.ok(household, 'a household without a heating mode');
      await worker.getByTestId('heating-missing-table').locator('tbody tr.ant-table-row').first().waitFor();
      await worker.getByTestId('heating-missing-total').getByText(`共 ${before.toLocaleString('zh-CN')} 户`).waitFor();
      await worker.getByTestId('heating-missing-table').getByText('未登记取暖方式').first().waitFor();
      await noCodes(worker);
    });

    await t.step('the household’s page: central heating needs a plausible area; saved, the page shows it', async () => {
      const h = household!;
      await worker.goto(`${t.baseUrl}/registry/${h.countyCode}/${h.householdId}`);
      await worker.getByTestId('detail-heating').getByText('未登记').waitFor();
      await worker.goto(`${t.baseUrl}/registry/${h.countyCode}/${h.householdId}/edit`);
      await worker.getByTestId('household-form').waitFor();
      assert.equal(await worker.getByTestId('household-heatedArea').count(), 0, 'no area field before central heating is chosen');
      await worker.getByTestId('household-heatingMode').getByText('集中供暖', { exact: true }).click();
      const area = await numberInput(worker, 'household-heatedArea');
      await area.fill('5000');
      await worker.getByTestId('household-submit').click();
      await worker.getByText('供暖面积应为 1–1000 平方米（超出此范围不合常理，请核实），最多两位小数').first().waitFor();
      assert.match(worker.url(), /\/edit$/, 'refused: still on the form');
      await area.fill('56.5');
      await noCodes(worker);
      await worker.getByTestId('household-submit').click();
      await worker.waitForURL(new RegExp(`/registry/${h.countyCode}/${h.householdId}$`));
      await worker.getByTestId('detail-heating').getByText('集中供暖（56.5 平方米）').waitFor();
      const saved = await api(worker, 'GET', `/api/households/${h.countyCode}/${h.householdId}`);
      assert.equal(saved.heatingMode, 'central');
      assert.equal(saved.heatedAreaM2, 56.5);
      if (t.auditEvents) assert.ok((await t.auditEvents({ action: 'household.update', entityId: h.householdId })).length > 0, 'the edit is audited');
      await noCodes(worker);
    });

    await t.step('the missing list is one shorter, without that household', async () => {
      await worker.goto(`${t.baseUrl}/heating/missing`);
      await worker.getByTestId('heating-missing-total').getByText(`共 ${(before - 1).toLocaleString('zh-CN')} 户`).waitFor();
      const page = await api(worker, 'GET', '/api/registry/heating/missing?pageSize=100');
      assert.equal(page.total, before - 1);
      assert.ok(!page.items.some((x: { householdId: string }) => x.householdId === household!.householdId));
      await worker.getByTestId('nav-heating-missing').waitFor();
    });
  } finally {
    await worker.context().close();
  }

  await t.step('on a phone width the list and the form fit the screen', async () => {
    const phone = await signIn(t.browser, t.baseUrl, t.caseworker, '/heating/missing', { phone: true, waitForMenu: false });
    try {
      await phone.getByTestId('heating-missing-table').waitFor();
      const fits = async () => phone.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1);
      assert.ok(await fits(), 'the list page does not scroll sideways');
      const first = await api(phone, 'GET', '/api/registry/heating/missing?pageSize=1');
      if (first.items[0]) {
        await phone.goto(`${t.baseUrl}/registry/${first.items[0].countyCode}/${first.items[0].householdId}/edit`);
        await phone.getByTestId('household-heatingMode').getByText('集中供暖', { exact: true }).click();
        await phone.getByTestId('household-heatedArea').waitFor();
        assert.ok(await fits(), 'the form does not scroll sideways');
      }
      await noCodes(phone);
    } finally {
      await phone.context().close();
    }
  });
}
