/**
 * 领导驾驶舱 in Chromium (issue 15 point 4): the city supervisor opens the dashboard (the city, its counties in a chart and
 * a table), drills down to 铁岭县 and to a township of it — the breadcrumbs lead back up — clicks a village's number of
 * dibao households and lands on the registry list of that village, and clicks the overdue cases and lands on the case
 * list filtered to them (as many as the dashboard said); the figures are the API's; no code-like text on the page; at a
 * phone's width the page does not scroll sideways.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { api, type E2EContext, signIn, untranslatedCodes } from './harness.ts';

const CITY = '211200000000';
const COUNTY = '211221000000';
/** The township whose village 211221102200 holds the runner's 75 enrolled households (run.ts). */
const TOWNSHIP = '211221102000';
const VILLAGE = '211221102200';

async function noCodes(page: Page): Promise<void> {
  assert.deepEqual(await untranslatedCodes(page), [], 'no code-like text on the page');
}

const figureOf = async (page: Page, testId: string) => Number(await page.getByTestId(testId).getAttribute('data-value'));

export default async function dashboardE2E(t: E2EContext): Promise<void> {
  const sup = t.supervisor;
  if (!sup) throw new Error('dashboard e2e needs the runner’s city supervisor');
  const page = await signIn(t.browser, t.baseUrl, sup, '/', { reuseSession: true });
  try {
    await t.step('the city supervisor opens the dashboard from the menu: the city, its counties in a chart and a table', async () => {
      await page.getByTestId('nav-dashboard').click();
      await page.waitForURL(/\/dashboard/);
      await page.locator(`[data-testid="dashboard"][data-area="${CITY}"]`).waitFor();
      await page.getByTestId('dashboard-chart').locator('canvas').waitFor();
      await page.getByTestId('dashboard-children').waitFor();
      const v = await api(page, 'GET', '/api/dashboard');
      assert.equal(v.area.code, CITY);
      assert.equal(await figureOf(page, 'figure-dibaoPersons'), v.totals.coverage.dibaoPersons);
      assert.ok(v.totals.coverage.dibaoPersons > 0, 'the runner’s enrolled households are counted');
      assert.equal(await figureOf(page, `child-${COUNTY}-dibaoHouseholds`), v.children.find((c: { division: { code: string } }) => c.division.code === COUNTY).figures.coverage.dibaoHouseholds);
      assert.equal(await figureOf(page, 'figure-anomalies'), v.totals.findings.anomalies);
      await noCodes(page);
    });

    await t.step('drills down city → county → township; the breadcrumbs lead back', async () => {
      await page.getByTestId(`dashboard-drill-${COUNTY}`).click();
      await page.locator(`[data-testid="dashboard"][data-area="${COUNTY}"]`).waitFor();
      await page.getByTestId(`dashboard-crumb-${CITY}`).waitFor();
      await page.getByTestId(`dashboard-drill-${TOWNSHIP}`).click();
      await page.locator(`[data-testid="dashboard"][data-area="${TOWNSHIP}"]`).waitFor();
      await page.getByTestId(`dashboard-crumb-${COUNTY}`).waitFor();
      const v = await api(page, 'GET', `/api/dashboard?area=${TOWNSHIP}`);
      const village = v.children.find((c: { division: { code: string } }) => c.division.code === VILLAGE);
      assert.ok(village.figures.coverage.dibaoHouseholds > 0);
      assert.equal(await figureOf(page, `child-${VILLAGE}-dibaoHouseholds`), village.figures.coverage.dibaoHouseholds);
      // Below a county the rolls are not counted (a county's): a dash, not a zero.
      assert.equal(await page.getByTestId('figure-rollsAwaitingApproval').textContent(), '—');
      await noCodes(page);
      await page.getByTestId(`dashboard-crumb-${COUNTY}`).click();
      await page.locator(`[data-testid="dashboard"][data-area="${COUNTY}"]`).waitFor();
      await page.getByTestId(`dashboard-drill-${TOWNSHIP}`).click();
      await page.locator(`[data-testid="dashboard"][data-area="${TOWNSHIP}"]`).waitFor();
    });

    await t.step('a village’s number of dibao households opens exactly those households', async () => {
      const n = await figureOf(page, `child-${VILLAGE}-dibaoHouseholds`);
      await page.getByTestId(`child-${VILLAGE}-dibaoHouseholds`).click();
      await page.waitForURL(new RegExp(`/dashboard/rows\\?area=${VILLAGE}&month=\\d{4}-\\d{2}&figure=dibaoHouseholds$`));
      const summary = page.getByTestId('figure-rows-summary');
      await summary.waitFor();
      assert.equal(Number(await summary.getAttribute('data-rows')), n);
      if (n > 0) await page.locator('[data-testid="figure-rows"] tbody tr.ant-table-row').nth(Math.min(n, 50) - 1).waitFor();
      await noCodes(page);
      await page.goBack();
      await page.locator(`[data-testid="dashboard"][data-area="${TOWNSHIP}"]`).waitFor();
    });

    await t.step('the overdue cases open those cases, and from there the case list filtered to them, as many as the dashboard said', async () => {
      const n = await figureOf(page, 'figure-overdueCases');
      await page.getByTestId('figure-overdueCases').click();
      await page.waitForURL(new RegExp(`/dashboard/rows\\?area=${TOWNSHIP}&month=\\d{4}-\\d{2}&figure=overdueCases$`));
      const summary = page.getByTestId('figure-rows-summary');
      await summary.waitFor();
      assert.equal(Number(await summary.getAttribute('data-rows')), n);
      await page.getByTestId('figure-rows-worklist').click();
      await page.waitForURL(/\/cases\?overdue=true&area=211221102000$/);
      await page.getByTestId('cases-table').waitFor();
      assert.equal(await page.getByTestId('cases-overdue').getAttribute('aria-checked'), 'true');
      const list = await api(page, 'GET', `/api/cases?overdue=true&area=${TOWNSHIP}&pageSize=100`);
      assert.equal(list.total, n);
      await noCodes(page);
    });
  } finally {
    await page.context().close();
  }

  await t.step('at a phone’s width the dashboard fits the screen', async () => {
    const phone = await signIn(t.browser, t.baseUrl, sup, `/dashboard?area=${COUNTY}`, { phone: true, waitForMenu: false, reuseSession: true });
    try {
      await phone.locator(`[data-testid="dashboard"][data-area="${COUNTY}"]`).waitFor();
      await phone.getByTestId('dashboard-chart').locator('canvas').waitFor();
      await phone.getByTestId('dashboard-children').waitFor();
      const fits = await phone.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1);
      await t.screenshot(phone, 'dashboard-phone');
      assert.ok(fits, 'the dashboard does not scroll sideways');
      await noCodes(phone);
    } finally {
      await phone.context().close();
    }
  });
}
