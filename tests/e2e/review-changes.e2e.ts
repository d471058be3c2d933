/**
 * 复核中的家庭变化 end to end in Chromium (issue 11 point 10): on the reviews page's day the township caseworker starts a
 * review of an enrolled household, finds in the drawer's investigation the household's members and incomes as the
 * registry holds them, records a new wage income there and sends it with the investigation; the review shows the
 * change before → after and the registry holds it. After the township review, the county approver decides a change in
 * the drawer and sees the monthly amount before → after, the one the enrollment pays from the next month.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { api, type E2EContext, signIn } from './harness.ts';
import { fillDate } from './antd.ts';

const DAY = '2020-02-17';
const COUNTY = '211221';
/** The runner's households under periodic review (tests/e2e/run.ts); reviews.e2e.ts takes the first two overdue, this test the last. */
const PREFIX = 'e2re';

/** Clicks "load more" until the row is on the page (keyset pages). */
async function findRow(page: Page, list: string, rowTestId: string): Promise<void> {
  for (;;) {
    await page.getByTestId(`${list}-shown`).waitFor();
    await page.getByTestId(`${list}-table`).locator('.ant-spin-spinning').waitFor({ state: 'detached' });
    const arrived = await page
      .getByTestId(rowTestId)
      .waitFor({ state: 'attached', timeout: 3_000 })
      .then(() => true)
      .catch(() => false);
    if (arrived) return;
    const more = page.getByTestId(`${list}-load-more`);
    assert.ok((await more.count()) > 0, `${rowTestId} is not in the ${list} list`);
    await more.click();
    await more.locator('.ant-btn-loading-icon').waitFor({ state: 'detached' });
  }
}

export default async function reviewChangesE2E(t: E2EContext): Promise<void> {
  const { approver, reviewer, clock } = t;
  if (!approver || !reviewer || !clock) throw new Error('review-changes e2e needs the runner’s reviewer, approver and clock (not available against E2E_BASE_URL)');
  clock.set(DAY);
  const cw = await signIn(t.browser, t.baseUrl, t.caseworker, '/reviews');
  try {
    let target: any;
    let reviewId = '';
    let amountBefore = '';

    await t.step('the investigation shows the household as the registry holds it and records a new wage income', async () => {
      const overdue = (await api(cw, 'GET', '/api/reviews/overdue?pageSize=100')).items.filter((r: any) => r.enrollmentId.startsWith(PREFIX) && !r.openReviewId);
      target = overdue.at(-1);
      assert.ok(target, `an overdue household of the runner on ${DAY}`);
      const household = await api(cw, 'GET', `/api/households/${COUNTY}/${target.householdId}`);
      amountBefore = (await api(cw, 'GET', `/api/enrollments/${COUNTY}/${target.enrollmentId}`)).current.amountYuan;
      await findRow(cw, 'overdue', `overdue-row-${target.enrollmentId}`);
      await cw.getByTestId(`overdue-row-${target.enrollmentId}`).getByTestId('overdue-start-review').click();
      await cw.getByTestId('open-review-submit').click();
      const drawer = cw.getByTestId('review-drawer');
      const changes = drawer.getByTestId('review-household-changes');
      await changes.waitFor();
      // Every member of the registry is there, by name; the amount in force is shown.
      for (const m of household.members) assert.ok((await changes.textContent())?.includes(m.name), `member ${m.name} shown`);
      assert.equal(await changes.locator('[data-testid^="chg-member-"][data-testid$="-labor"]').count(), household.members.length);
      assert.ok((await drawer.getByTestId('review-amount').textContent())?.includes(`现为 ${amountBefore} 元`));
      const incomes = household.incomes.length;
      await cw.getByTestId('chg-add-income').click();
      await cw.getByTestId(`chg-income-${incomes}-amount`).fill('1200');
      await cw.getByTestId('f-investigators').fill('王强\n李明');
      await fillDate(cw.getByTestId('f-investigatedOn'), DAY);
      await fillDate(cw.getByTestId('f-homeVisitOn'), DAY);
      await cw.getByTestId('f-findings').fill('户主外出打零工，年收入约 1200 元');
      await t.screenshot(cw, 'review-changes-form');
      await cw.getByTestId('review-step-submit').click();
      await drawer.getByTestId('review-state').filter({ hasText: '已调查（待乡镇审核）' }).waitFor();
      const recorded = (await drawer.getByTestId('review-registry-changes').textContent()) ?? '';
      assert.ok(recorded.includes('工资性收入（全户）年收入：无 → 1200.00 元'), recorded);
      await t.screenshot(cw, 'review-changes-investigated');
      const now = await api(cw, 'GET', `/api/households/${COUNTY}/${target.householdId}`);
      assert.equal(now.incomes.length, incomes + 1, 'the registry holds the new income');
      assert.ok(now.incomes.some((i: any) => i.kind === 'wage' && i.annualYuan === '1200.00' && i.personId === null));
      reviewId = (await api(cw, 'GET', '/api/reviews/overdue?pageSize=100')).items.find((r: any) => r.enrollmentId === target.enrollmentId)?.openReviewId;
      assert.ok(reviewId, 'the review is open');
    });

    await t.step('the county decides a change in the drawer and sees the amount before → after', async () => {
      const rv = await signIn(t.browser, t.baseUrl, reviewer, '/');
      const r = await api(rv, 'GET', `/api/reviews/${COUNTY}/${reviewId}`);
      await api(rv, 'POST', `/api/reviews/${COUNTY}/${reviewId}/township-review`, { version: r.version, opinion: '收入增加属实，报县级' });
      await rv.context().close();
      const ap = await signIn(t.browser, t.baseUrl, approver, '/reviews?tab=open');
      try {
        await findRow(ap, 'open-reviews', `review-row-${reviewId}`);
        await ap.getByTestId(`review-row-${reviewId}`).locator('td').nth(4).click();
        const drawer = ap.getByTestId('review-drawer');
        await drawer.getByTestId('review-steps').getByText('县级决定').click();
        await drawer.getByTestId('review-step-decide').waitFor();
        assert.ok((await drawer.getByTestId('review-registry-changes').textContent())?.includes('工资性收入（全户）年收入：无 → 1200.00 元'), 'the county sees what the investigation changed');
        await drawer.getByTestId('f-outcome').getByText('调整金额').click();
        await ap.getByTestId('f-reasons').fill('家庭新增务工收入，按差额减发');
        await ap.getByTestId('review-step-submit').click();
        await drawer.getByTestId('review-state').filter({ hasText: '已决定' }).waitFor();
        // The amount the county's decision took from the engine on the registry as the investigation left it.
        const decided = await api(ap, 'GET', `/api/reviews/${COUNTY}/${reviewId}`);
        const after = decided.amountYuan;
        assert.ok(after && after !== amountBefore, `a new amount: ${amountBefore} → ${after}`);
        assert.equal(decided.amountBeforeYuan, amountBefore);
        const shown = (await drawer.getByTestId('review-amount').textContent()) ?? '';
        assert.equal(shown.trim(), `${amountBefore} 元 → ${after} 元`);
        await t.screenshot(ap, 'review-changes-decided');
        const e = await api(ap, 'GET', `/api/enrollments/${COUNTY}/${target.enrollmentId}`);
        assert.equal(e.next.amountYuan, after, 'next month is paid at the new amount');
      } finally {
        await ap.context().close();
      }
    });
  } finally {
    await cw.context().close();
    clock.reset();
  }
}
