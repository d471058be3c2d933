/**
 * The reviews and follow-ups page end to end in Chromium (issue 5, points 3 and 5): on a fixed server day the township
 * caseworker of 新台子镇 opens 复核与跟进 from the menu and sees the overdue periodic reviews of the runner's enrolled
 * households in 东孤家子村 (days late in red, periods missed, as the server counts them); starts a review on schedule,
 * records its investigation in the review drawer and finds it under the reviews under way at its new step; then — after
 * the county approver stopped another household's dibao through the API — records the follow-up task that the exit left,
 * and sees it done with its result. A system administrator (no case data) has neither the menu entry nor the page.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { api, type E2EContext, signIn } from './harness.ts';
import { fillDate } from './antd.ts';

/** The server's day for this test: every seeded schedule (from 2019-01, half-yearly or yearly) is overdue by then. */
const DAY = '2020-02-17';
const COUNTY = '211221';
/** The runner's households of this test: enrollment ids `e2re…` (tests/factories/payroll-population.ts). */
const PREFIX = 'e2re';

/** Days from `a` to `b`, both YYYY-MM-DD, counted here independently of the server and the page. */
const daysBetween = (a: string, b: string) => (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000;
/** The seeded schedules fall due on the 1st, so adding months needs no month-end rule. */
const plusMonths = (d: string, n: number) => new Date(Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1 + n, Number(d.slice(8, 10)))).toISOString().slice(0, 10);

/**
 * Clicks "load more" until the row is on the page (keyset pages), or fails when the list ends without it. Waits for the
 * table to settle first, and for the row a moment: a list refreshed after a change still shows its old rows while the
 * new ones load.
 */
async function findRow(page: Page, list: string, rowTestId: string): Promise<void> {
  const table = page.getByTestId(`${list}-table`);
  for (;;) {
    await page.getByTestId(`${list}-shown`).waitFor();
    await table.locator('.ant-spin-spinning').waitFor({ state: 'detached' });
    // A list refetched after a filter change can show its old page (without a spinner) for a moment: give the row a
    // little time to arrive before concluding it is on a later page or absent.
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

export default async function reviewsE2E(t: E2EContext): Promise<void> {
  const { approver, admin, clock } = t;
  if (!approver || !clock) throw new Error('reviews e2e needs the runner’s county approver and clock (not available against E2E_BASE_URL)');
  clock.set(DAY);
  const cw = await signIn(t.browser, t.baseUrl, t.caseworker, '/');
  try {
    let overdue: any[] = [];
    let reviewed: any;
    let stopped: any;
    let reviewId = '';

    await t.step('the county approver stops one household’s dibao (an exit: it leaves a follow-up task)', async () => {
      overdue = (await api(cw, 'GET', '/api/reviews/overdue?pageSize=100')).items.filter((r: any) => r.enrollmentId.startsWith(PREFIX));
      assert.ok(overdue.length >= 2, `the runner's households are overdue on ${DAY}: ${overdue.length}`);
      [reviewed, stopped] = overdue;
      const a = await signIn(t.browser, t.baseUrl, approver, '/');
      const e = await api(a, 'GET', `/api/enrollments/${COUNTY}/${stopped.enrollmentId}`);
      const after = await api(a, 'POST', `/api/enrollments/${COUNTY}/${stopped.enrollmentId}/stop`, { version: e.version, reasons: ['家庭人均收入已超过低保标准'] });
      assert.equal(after.followUp?.state, 'open', 'the exit left a follow-up task');
      await a.context().close();
    });

    await t.step('the caseworker opens 复核与跟进 from the menu and sees the overdue reviews, days late in red', async () => {
      await cw.getByTestId('nav-reviews').click();
      await cw.waitForURL('**/reviews');
      await findRow(cw, 'overdue', `overdue-row-${reviewed.enrollmentId}`);
      const row = cw.getByTestId(`overdue-row-${reviewed.enrollmentId}`);
      assert.equal((await row.getByTestId('desk-household').textContent())?.trim(), reviewed.headName);
      assert.ok((await row.textContent())?.includes(reviewed.nextDue), 'the due day is shown');
      const days = daysBetween(reviewed.nextDue, DAY);
      assert.equal(reviewed.daysOverdue, days, 'the server counts the days as the test does');
      const cell = row.getByTestId('overdue-days');
      assert.ok((await cell.textContent())?.includes(`逾期 ${days} 天`), `shows ${days} days: ${await cell.textContent()}`);
      assert.equal(await cell.locator('.ant-typography-danger').count(), 1, 'in red');
      // A whole review period gone by since it fell due: the next review's day has passed too.
      const missed = plusMonths(reviewed.nextDue, reviewed.intervalMonths) < DAY;
      assert.equal(await cell.getByText('已错过', { exact: false }).count(), missed ? 1 : 0, `periods missed shown iff ${missed}`);
      assert.equal(await cw.getByTestId(`overdue-row-${stopped.enrollmentId}`).count(), 0, 'a stopped enrollment is no longer due for review');
      const total = (await api(cw, 'GET', '/api/reviews/overdue?pageSize=1')).total;
      assert.equal(await cw.getByTestId('count-overdue').getAttribute('data-count'), String(total), 'the tab counts the area’s overdue reviews');
      assert.ok((await cw.getByTestId('overdue-shown').textContent())?.includes(`共 ${total} 条`));
      await t.screenshot(cw, 'reviews-overdue');
    });

    await t.step('“开始复核” opens a scheduled review, and the drawer takes its investigation', async () => {
      const row = cw.getByTestId(`overdue-row-${reviewed.enrollmentId}`);
      await row.getByTestId('overdue-start-review').click();
      const modal = cw.locator('.ant-modal', { has: cw.getByTestId('f-trigger') });
      assert.ok(await modal.locator('input[value="scheduled"]').isChecked(), 'on schedule, as the list is of scheduled reviews');
      await cw.getByTestId('open-review-submit').click();
      const drawer = cw.getByTestId('review-drawer');
      await drawer.getByTestId('review-state').filter({ hasText: '已立案（待调查）' }).waitFor();
      await drawer.getByTestId('review-step-investigate').waitFor();
      await cw.getByTestId('f-investigators').fill('王强\n李明');
      await fillDate(cw.getByTestId('f-investigatedOn'), DAY);
      await fillDate(cw.getByTestId('f-homeVisitOn'), DAY);
      await cw.getByTestId('f-findings').fill('家庭成员及收入无变化');
      await cw.getByTestId('review-step-submit').click();
      await drawer.getByTestId('review-state').filter({ hasText: '已调查（待乡镇审核）' }).waitFor();
      await drawer.locator('.ant-drawer-close').click();
      await drawer.waitFor({ state: 'hidden' });
      // The list now knows the review is open: the row offers to view it instead of starting another.
      await row.getByTestId('overdue-view-review').waitFor();
      const fresh = (await api(cw, 'GET', '/api/reviews/overdue?pageSize=100')).items.find((r: any) => r.enrollmentId === reviewed.enrollmentId);
      assert.ok(fresh?.openReviewId, 'the server has the review open');
      reviewId = fresh.openReviewId;
    });

    await t.step('the review is under way at its new step; clicking its row opens it again', async () => {
      await cw.getByTestId('tab-open').click();
      await findRow(cw, 'open-reviews', `review-row-${reviewId}`);
      const row = cw.getByTestId(`review-row-${reviewId}`);
      const state = row.getByTestId('review-row-state');
      assert.equal(await state.getAttribute('data-state'), 'investigated');
      assert.equal((await state.textContent())?.trim(), '已调查（待乡镇审核）');
      assert.equal((await row.getByTestId('desk-household').textContent())?.trim(), reviewed.headName);
      assert.ok(new URL(cw.url()).searchParams.get('tab') === 'open', 'the tab is in the URL');
      await row.locator('td').nth(4).click();
      const drawer = cw.getByTestId('review-drawer');
      await drawer.getByTestId('review-state').filter({ hasText: '已调查（待乡镇审核）' }).waitFor();
      assert.ok((await drawer.textContent())?.includes('家庭成员及收入无变化'), 'the drawer shows the review’s own record');
      // Recorded at 10:00 China time on DAY (the runner's clock), which is the evening before in the browser's New York:
      // the events are dated by China's day, as the server dates them.
      const dates = await drawer.getByTestId('review-event-date').allTextContents();
      assert.ok(dates.length >= 2 && dates.every((d) => d === DAY), `review events dated ${dates.join(', ')}, China's day is ${DAY}`);
      await drawer.locator('.ant-drawer-close').click();
      await drawer.waitFor({ state: 'hidden' });
    });

    await t.step('the follow-up task of the exit waits; “已跟进” records the result and the note', async () => {
      await cw.getByTestId('tab-follow-ups').click();
      await findRow(cw, 'follow-up', `follow-up-row-${stopped.enrollmentId}`);
      const row = cw.getByTestId(`follow-up-row-${stopped.enrollmentId}`);
      assert.equal((await row.getByTestId('desk-household').textContent())?.trim(), stopped.headName);
      assert.equal((await row.getByTestId('follow-up-reason').textContent())?.trim(), '停发');
      assert.equal(await row.getByTestId('follow-up-state').getAttribute('data-state'), 'open');
      assert.ok((await row.textContent())?.includes(DAY), 'created on the server’s day');
      await row.getByTestId('follow-up-done').click();
      await cw.getByTestId('follow-up-submit').click();
      await cw.locator('.ant-form-item-explain-error').filter({ hasText: '请填写跟进情况' }).waitFor();
      await cw.getByTestId('f-follow-up-outcome-referred_temporary').click();
      await cw.getByTestId('f-follow-up-note').fill('已入户核查，家中老人就医支出大，转介临时救助');
      await cw.getByTestId('follow-up-submit').click();
      await row.waitFor({ state: 'detached' });
      await cw.getByTestId('follow-up-filter').getByText('已跟进').click();
      await findRow(cw, 'follow-up', `follow-up-row-${stopped.enrollmentId}`);
      const done = cw.getByTestId(`follow-up-row-${stopped.enrollmentId}`);
      assert.equal(await done.getByTestId('follow-up-state').getAttribute('data-state'), 'done');
      const result = (await done.getByTestId('follow-up-result').textContent()) ?? '';
      assert.ok(result.includes('转介临时救助'), result);
      assert.ok(result.includes('已入户核查，家中老人就医支出大，转介临时救助'), result);
      assert.ok(result.includes(t.caseworker.displayName) && result.includes(DAY), `who and when: ${result}`);
      const server = (await api(cw, 'GET', '/api/follow-up-tasks?state=done&pageSize=100')).items.find((f: any) => f.enrollmentId === stopped.enrollmentId);
      assert.equal(server?.outcome, 'referred_temporary');
      assert.equal(server?.doneOn, DAY);
      await t.screenshot(cw, 'reviews-follow-up-done');
    });

    await t.step('a household link leads to the household page', async () => {
      await cw.getByTestId(`follow-up-row-${stopped.enrollmentId}`).getByTestId('desk-household').click();
      await cw.waitForURL(`**/registry/${COUNTY}/${stopped.householdId}`);
      await cw.getByTestId('enrollments-panel').waitFor();
    });

    if (admin) {
      await t.step('a system administrator (no case data) has no menu entry and no page', async () => {
        const a = await signIn(t.browser, t.baseUrl, admin, '/reviews');
        await a.getByTestId('no-permission').waitFor();
        assert.equal(await a.getByTestId('nav-reviews').count(), 0);
        await a.context().close();
      });
    }
  } finally {
    await cw.context().close();
    clock.reset();
  }
}
