/**
 * 乡镇临时救助备用金 in Chromium (issue 13 point 2, ADR 0039): the county approver opens 临时救助 › 备用金台账, sees the
 * townships of the county, opens 新台子镇's ledger, is refused an amount with three decimals on the form, tops up
 * 2,000.50 元 with a note; the balance and the ledger show it. The township caseworker, on a phone, sees only their own
 * township with that balance and its ledger, and no top-up button. No code-like token on the pages; the audit holds the
 * top-up.
 */
import assert from 'node:assert/strict';
import { type E2EContext, signIn, untranslatedCodes } from './harness.ts';

const TOWNSHIP = '211221101000';

export default async function townshipReserveE2E(t: E2EContext): Promise<void> {
  if (!t.approver) throw new Error('township-reserve e2e needs the runner’s county approver');
  let before = 0;
  const ap = await signIn(t.browser, t.baseUrl, t.approver, '/temporary/reserves');
  try {
    await t.step('the county approver sees the county’s townships under 临时救助 › 备用金台账', async () => {
      await ap.getByTestId('side-menu').getByText('临时救助', { exact: true }).waitFor();
      const row = ap.getByTestId(`reserve-link-${TOWNSHIP}`);
      await row.waitFor();
      assert.equal(await row.textContent(), '新台子镇');
      before = Number(await ap.getByTestId(`reserve-balance-${TOWNSHIP}`).getAttribute('data-fen'));
      assert.ok((await ap.locator('[data-testid^="reserve-link-"]').count()) > 5, 'every township of 铁岭县');
      assert.deepEqual(await untranslatedCodes(ap), []);
      await t.screenshot(ap, 'township-reserve-overview');
    });

    await t.step('tops up 2,000.50 元 with a note (three decimals refused on the form)', async () => {
      await ap.getByTestId(`reserve-link-${TOWNSHIP}`).click();
      await ap.getByTestId('reserve-top-up').click();
      await ap.getByTestId('reserve-top-up-amount').fill('1.234');
      await ap.getByTestId('reserve-top-up-submit').click();
      await ap.locator('.ant-modal').getByText('大于零，最多两位小数；单次不超过 100 万元').first().waitFor();
      assert.equal(await ap.getByTestId('reserve-balance').getAttribute('data-fen'), String(before));
      await ap.getByTestId('reserve-top-up-amount').fill('2000.50');
      await ap.getByTestId('reserve-top-up-note').fill('县财政拨付临时救助备用金 第一批');
      await ap.getByTestId('reserve-top-up-submit').click();
      await ap.locator('.ant-modal').waitFor({ state: 'detached' });
      await ap.locator(`[data-testid="reserve-balance"][data-fen="${before + 200_050}"]`).waitFor();
      const ledger = ap.getByTestId('reserve-ledger');
      await ledger.getByText('县级补充').first().waitFor();
      await ledger.getByText('+2,000.50').first().waitFor();
      await ledger.getByText('县财政拨付临时救助备用金 第一批').waitFor();
      assert.deepEqual(await untranslatedCodes(ap), []);
      await t.screenshot(ap, 'township-reserve-ledger');
      if (t.auditEvents) {
        const events = await t.auditEvents({ action: 'reserve.top_up', entityId: TOWNSHIP });
        assert.ok(events.length >= 1, 'the top-up is in the audit trail');
      }
    });
  } finally {
    await ap.context().close();
  }

  const cw = await signIn(t.browser, t.baseUrl, t.caseworker, '/temporary/reserves', { phone: true, waitForMenu: false });
  try {
    await t.step('the township caseworker, on a phone, sees their township’s balance and ledger, and cannot top up', async () => {
      const link = cw.getByTestId(`reserve-link-${TOWNSHIP}`);
      await link.waitFor();
      assert.equal(await cw.locator('[data-testid^="reserve-link-"]').count(), 1, 'only the caseworker’s own township');
      assert.equal(await cw.getByTestId(`reserve-balance-${TOWNSHIP}`).getAttribute('data-fen'), String(before + 200_050));
      const fits = async () => cw.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1);
      assert.ok(await fits(), 'the overview fits a 390 px screen');
      await link.click();
      await cw.locator(`[data-testid="reserve-balance"][data-fen="${before + 200_050}"]`).waitFor();
      await cw.getByTestId('reserve-ledger').getByText('县级补充').first().waitFor();
      // The amount of the newest movement is on screen, not behind a table's scroll.
      const amount = cw.getByTestId('reserve-ledger').getByText('+2,000.50').first();
      const box = await amount.boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= 391, `the amount is on screen: ${JSON.stringify(box)}`);
      assert.equal(await cw.getByTestId('reserve-top-up').count(), 0);
      assert.ok(await fits(), 'the ledger fits a 390 px screen');
      assert.deepEqual(await untranslatedCodes(cw), []);
      await t.screenshot(cw, 'township-reserve-phone');
    });
  } finally {
    await cw.context().close();
  }
}
