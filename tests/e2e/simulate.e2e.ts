/**
 * What-if simulation end to end (issue 3, point 8): the city supervisor raises the rural dibao standard from 2019-08
 * on the simulation page and sees, per county, the current and changed households, persons and monthly cost with
 * their differences, and a bar chart of the change; the table shows exactly what the API computes. A caseworker has
 * no menu entry and is refused at the address. The registry gets a few households of its own first (the runner's
 * database starts empty). Screenshot in test-results/e2e/simulate-result.png (test-results/e2e/shard-k/ when the run is sharded).
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { SimulationResult } from '../../src/contracts/simulate.ts';
import { formatYuanGrouped } from '../../src/kernel/money.ts';
import { type E2EContext, signIn } from './harness.ts';
import { chooseOption, fieldError, runSuffix, searchAndChoose, syntheticId, fillDate } from './antd.ts';

const VILLAGE = '211221101200';
const TIELING = '211221';

/** Registers a household through the API from the signed-in page; returns the HTTP status. */
function register(page: Page, body: unknown): Promise<number> {
  return page.evaluate(async (b) => {
    const { csrfToken } = await (await fetch('/api/session')).json();
    const r = await fetch('/api/households', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken }, body: JSON.stringify(b) });
    return r.status;
  }, body);
}

export default async function simulateE2E(t: E2EContext): Promise<void> {
  if (!t.supervisor) {
    process.stdout.write('    (no supervisor account: simulation steps skipped)\n');
    return;
  }
  const run = runSuffix();
  const worker = await signIn(t.browser, t.baseUrl, t.caseworker, '/registry', { timeout: 30_000 });
  try {
    await t.step('a caseworker registers three households and has no simulation entry nor page', async () => {
      const person = (birth: string, sex: 'M' | 'F', name: string, relation: string) => ({ idNumber: syntheticId(TIELING, birth, sex), name, relation, laborCapacity: 'full' });
      const households = [
        // Wage 5,000 a year: above the 2019-08 standard of 4,770, below 6,000; eligible only under the scenario.
        { members: [person('19800101', 'M', `测算甲${run}`, 'head')], incomes: [{ kind: 'wage', annualYuan: '5000' }] },
        // Three members, wage 6,000: eligible under both, more under the scenario.
        {
          members: [person('19700501', 'M', `测算乙${run}`, 'head'), person('19720301', 'F', `测算乙${run}配偶`, 'spouse'), person('19950601', 'M', `测算乙${run}子女`, 'child')],
          incomes: [{ kind: 'wage', annualYuan: '6000' }],
        },
        // Wage 30,000: eligible under neither.
        { members: [person('19750101', 'F', `测算丙${run}`, 'head')], incomes: [{ kind: 'wage', annualYuan: '30000' }] },
      ];
      for (const h of households) {
        assert.equal(await register(worker, { areaCode: VILLAGE, address: '新台子镇懿路村 9 组', hukouType: 'rural', ...h }), 201);
      }
      assert.equal(await worker.getByTestId('nav-simulate').count(), 0);
      await worker.goto(`${t.baseUrl}/simulate`);
      await worker.getByTestId('no-permission').waitFor();
    });
  } finally {
    await worker.context().close();
  }

  const page = await signIn(t.browser, t.baseUrl, t.supervisor, '/registry', { timeout: 30_000 });
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  try {
    await t.step('the supervisor opens the simulation page from the policy menu and sees the current value', async () => {
      await page.getByTestId('nav-simulate').click();
      await page.getByTestId('simulate-form').waitFor();
      await page.getByTestId('simulate-empty').waitFor();
      assert.match(page.url(), /\/simulate$/);
      await fillDate(page.getByTestId('simulate-from'), '2019-08');
      await searchAndChoose(page, 'change-0-name', 'dibao.standard.rural');
      await page.getByTestId('simulate-current').filter({ hasText: '4770' }).waitFor();
    });

    await t.step('a value with too many decimals is refused on its row', async () => {
      await page.getByTestId('change-0-value').fill('6000.125');
      await page.getByTestId('simulate-run').click();
      await fieldError(page, 'change-0-name').filter({ hasText: '参数「农村最低生活保障标准（年）」的值无效' }).waitFor();
      assert.equal(await page.getByTestId('simulate-result').count(), 0);
    });

    let result: SimulationResult | undefined;
    await t.step('raising the rural standard to 6,000 shows every county with the change, and the chart', async () => {
      await page.getByTestId('change-0-value').fill('6000');
      await page.getByTestId('simulate-run').click();
      await page.getByTestId('simulate-result').waitFor({ timeout: 120_000 });
      const table = page.getByTestId('simulate-table');
      const rows = await table.locator('tbody tr.ant-table-row').count();
      assert.ok(rows >= 2, `a row per county of the city (found ${rows})`);
      const dHouseholds = (await page.getByTestId(`delta-households-${TIELING}`).textContent()) ?? '';
      const dMonthly = (await page.getByTestId(`delta-monthly-${TIELING}`).textContent()) ?? '';
      assert.match(dHouseholds, /^\+\d/, '铁岭县 gains at least the household earning 5,000');
      assert.match(dMonthly, /^\+[\d,]+\.\d\d$/, 'and pays more each month');
      await page.getByTestId('simulate-total').waitFor();
      // The chart drew on a canvas of real size.
      const canvas = page.getByTestId('simulate-chart').locator('canvas').first();
      await canvas.waitFor();
      const box = await canvas.boundingBox();
      assert.ok(box && box.width > 300 && box.height > 200, `chart canvas size ${JSON.stringify(box)}`);
      // At a desk's 1440 px the page does not scroll sideways: the wide table scrolls inside its card.
      await page.setViewportSize({ width: 1440, height: 900 });
      const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, view: window.innerWidth }));
      assert.ok(widths.page <= widths.view, `the page fits 1440 px: ${JSON.stringify(widths)}`);
      await t.screenshot(page, 'simulate-result');

      // The same request through the API gives the figures the table shows.
      result = await page.evaluate(async () => {
        const { csrfToken } = await (await fetch('/api/session')).json();
        const r = await fetch('/api/policy/simulate', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken },
          body: JSON.stringify({ from: '2019-08', changes: [{ name: 'dibao.standard.rural', value: '6000' }] }),
        });
        return r.json();
      });
      const tieling = result?.counties.find((c) => c.county === TIELING);
      assert.ok(tieling, '铁岭县 in the API result');
      assert.equal(rows, result?.counties.length);
      assert.equal(dMonthly, `+${formatYuanGrouped(tieling.delta.monthlyFen)}`);
      assert.equal(dHouseholds, `+${tieling.delta.households.toLocaleString('en-US')}`);
      assert.ok(tieling.dibaoChanged.gained >= 1);
      const totalCell = await page.getByTestId('delta-monthly-total').textContent();
      const totalFen = result?.total.delta.monthlyFen ?? 0;
      assert.equal(totalCell, `${totalFen > 0 ? '+' : ''}${formatYuanGrouped(totalFen)}`);
    });

    await t.step('one county only: its single row', async () => {
      await chooseOption(page, 'simulate-county', '铁岭县');
      await page.getByTestId('simulate-run').click();
      await page.getByTestId('simulate-table').locator('tbody tr.ant-table-row').nth(1).waitFor({ state: 'detached' });
      await page.getByTestId(`delta-monthly-${TIELING}`).waitFor();
      assert.equal(await page.getByTestId('simulate-table').locator('tbody tr.ant-table-row').count(), 1);
    });

    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  } catch (e) {
    await t.screenshot(page, 'simulate-failure').catch(() => undefined);
    throw e;
  } finally {
    await page.context().close();
  }
}
