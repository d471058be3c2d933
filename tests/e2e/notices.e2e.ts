/**
 * Notices and forms (issue 11 point 9): the county approver stops a household's benefit on its page; the 终止救助通知书
 * appears under its official number (铁县民终〔2020〕n号), and its print view, opened from the page, carries that number,
 * the county bureau as signer, the complaint telephone and the remedies. The caseworker prints the blank 入户调查表
 * from the case list. Screenshots notices-*.png.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { type E2EContext, signIn, untranslatedCodes } from './harness.ts';

const DAY = '2020-03-02';
const PREFIX = 'e2n';
const HOUSEHOLD = `${PREFIX}h000000001`;

/** Clicks what opens a print view in a new tab and returns the tab's text once loaded. */
async function printed(page: Page, click: () => Promise<void>): Promise<{ tab: Page; text: string }> {
  const [tab] = await Promise.all([page.context().waitForEvent('page'), click()]);
  await tab.waitForLoadState('load');
  return { tab, text: ((await tab.locator('body').textContent()) ?? '').replace(/\s+/g, ' ') };
}

export default async function noticesE2E(t: E2EContext): Promise<void> {
  const { approver, clock, payrollFixtures } = t;
  if (!approver || !clock || !payrollFixtures) throw new Error('notices e2e needs the runner’s approver, clock and fixtures (not available against E2E_BASE_URL)');
  clock.set(DAY);
  await payrollFixtures.enroll({ prefix: PREFIX, households: 1, startMonth: '2019-01' });
  const ap = await signIn(t.browser, t.baseUrl, approver, `/registry/211221/${HOUSEHOLD}`);
  try {
    await t.step('the approver stops the benefit: a termination notice with an official number appears', async () => {
      await ap.getByTestId('enrollments-panel').waitFor();
      await ap.getByTestId('enrollment-action-stop').click();
      const modal = ap.getByTestId('enrollment-action-modal');
      await modal.getByTestId('f-reasons').fill('家庭人均收入高于当地低保标准');
      await modal.locator('.ant-modal-footer .ant-btn-primary').click();
      const row = ap.getByTestId('family-notice-termination');
      await row.waitFor();
      const number = (await row.getByTestId('family-notice-number').textContent()) ?? '';
      assert.match(number, /^铁县民终〔2020〕[1-9]\d*号$/, number);
      assert.deepEqual(await untranslatedCodes(ap), [], 'no code on the household page');
      await t.screenshot(ap, 'notices-household');

      const { tab, text } = await printed(ap, () => row.getByTestId('family-notice-print').click());
      for (const w of ['终止救助通知书', number, '家庭人均收入高于当地低保标准', '自2020年4月起终止最低生活保障', '铁岭县民政局（盖章）', '监督投诉电话：12345', '六十日内向铁岭县人民政府申请行政复议', '六个月内依法向人民法院提起行政诉讼']) {
        assert.ok(text.includes(w), `the notice says ${w}: ${text}`);
      }
      assert.ok(!text.includes(approver.displayName), 'signed by the bureau, not the person');
      await t.screenshot(tab, 'notices-termination-print');
      // Printing again shows the same number.
      const again = await printed(ap, () => row.getByTestId('family-notice-print').click());
      assert.ok(again.text.includes(number));
      await tab.close();
      await again.tab.close();
    });
  } finally {
    await ap.context().close();
  }

  const cw = await signIn(t.browser, t.baseUrl, t.caseworker, '/cases');
  try {
    await t.step('the caseworker prints a blank home-visit form from the case list', async () => {
      await cw.getByTestId('blank-forms').click();
      const { tab, text } = await printed(cw, () => cw.getByTestId('blank-form-home_visit').click());
      for (const w of ['社会救助家庭经济状况入户调查表', '家庭成员', '家庭收入', '家庭财产', '住房情况', '调查人员（签字）', '申请人（签字）']) assert.ok(text.includes(w), `the form has ${w}`);
      await t.screenshot(tab, 'notices-home-visit-form');
      await tab.close();
    });
  } finally {
    await cw.context().close();
    clock.reset();
  }
}
