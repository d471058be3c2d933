/**
 * 监督检查 › 问题线索 in Chromium (issue 16 points 3 and 6, ADR 0046): the county administrator starts the anomaly rules
 * from the findings page and follows the job's progress to its end; the findings of the county are listed by rule,
 * with what was seen in words. The township caseworker, on a phone, sees the findings of their own township only
 * (each row's area lies in it), no run button, and the page fits the screen. No code-like token on the pages; the run
 * is in the audit trail.
 */
import assert from 'node:assert/strict';
import { type E2EContext, signIn, untranslatedCodes } from './harness.ts';

const TOWNSHIP = '211221101';

export default async function findingsE2E(t: E2EContext): Promise<void> {
  if (!t.countyAdmin) throw new Error('findings e2e needs the runner’s county administrator');
  const adm = await signIn(t.browser, t.baseUrl, t.countyAdmin, '/findings');
  try {
    await t.step('the county administrator runs the rules under 监督检查 › 问题线索 and follows the run to its end', async () => {
      await adm.getByTestId('side-menu').getByText('监督检查', { exact: true }).waitFor();
      await adm.getByTestId('findings-run').click();
      await adm.getByTestId('findings-run-progress').getByText('运行完成', { exact: false }).waitFor({ timeout: 120_000 });
      const rows = adm.getByTestId('findings-table').locator('tbody tr.ant-table-row');
      await rows.first().waitFor();
      assert.ok((await rows.count()) > 0, 'the county has findings');
      assert.deepEqual(await untranslatedCodes(adm), []);
      await t.screenshot(adm, 'findings-county');
      if (t.auditEvents) assert.ok((await t.auditEvents({ action: 'supervision.run' })).length >= 1, 'the run is in the audit trail');
    });
  } finally {
    await adm.context().close();
  }

  const cw = await signIn(t.browser, t.baseUrl, t.caseworker, '/findings', { phone: true, waitForMenu: false });
  try {
    await t.step('the township caseworker, on a phone, sees their township’s findings only, and cannot run the rules', async () => {
      await cw.getByTestId('findings-total').waitFor();
      const rows = cw.getByTestId('findings-table').locator('tbody tr.ant-table-row');
      await rows.first().waitFor();
      const areas = await cw.getByTestId('findings-table').locator('tbody tr.ant-table-row span[title]').evaluateAll((els) => els.map((e) => e.getAttribute('title') ?? ''));
      assert.ok(areas.length > 0 && areas.every((a) => a.startsWith(TOWNSHIP)), `every finding in the caseworker’s township: ${areas.join(', ')}`);
      assert.equal(await cw.getByTestId('findings-run').count(), 0);
      assert.ok(await cw.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1), 'the list fits a 390 px screen');
      assert.deepEqual(await untranslatedCodes(cw), []);
      await t.screenshot(cw, 'findings-phone');
    });
  } finally {
    await cw.context().close();
  }
}
