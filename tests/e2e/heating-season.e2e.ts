/**
 * 取暖救助采暖季 in Chromium (issue 14 points 5 and 9, ADR 0043): the county administrator opens the 2019–2020 season of
 * 铁岭县 (a malformed season refused on its field first), finds in its exceptions a household whose heating is not
 * recorded, opens it from there and records central heating with its area on the household page, builds the season roll
 * and sees the figures and the chart of the cost per township; the county approver — not the builder, who has no approve
 * button — approves the roll on its roll page and downloads the bank file (one row per payment sent, the household's
 * 1,356 yuan among them); the season page fits a phone's width.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { api, type E2EContext, signIn, untranslatedCodes } from './harness.ts';

const COUNTY = '211221';
const SEASON = '2019-2020';
const SEASON_PATH = `/heating/seasons/${COUNTY}/${SEASON}`;
/** payroll.e2e.ts removes this household's bank account: its payment would be held, not in the bank file. */
const NO_ACCOUNT = 'e2eh000000005';

async function noCodes(page: Page): Promise<void> {
  assert.deepEqual(await untranslatedCodes(page), [], 'no code-like text on the page');
}

/** antd's InputNumber: the test id may sit on the input itself or on its wrapper. */
async function numberInput(page: Page, testId: string) {
  const el = page.getByTestId(testId);
  return (await el.evaluate((e) => e.tagName)) === 'INPUT' ? el : el.locator('input');
}

async function download(page: Page, testId: string): Promise<Buffer> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const path = await d.path();
  assert.ok(path, 'the download was saved');
  return readFileSync(path);
}

export default async function heatingSeasonE2E(t: E2EContext): Promise<void> {
  const { countyAdmin: maker, approver: checker } = t;
  if (!maker || !checker) throw new Error('heating-season e2e needs the runner’s county administrator and approver (not available against E2E_BASE_URL)');
  // The server's own day (other files may have left it in 2019): a season opens at most a year ahead of it, and 2019–2020 is behind.
  t.clock?.reset();
  let household: { householdId: string; headName: string } | undefined;
  let roll: any;
  let payee = '';
  const m = await signIn(t.browser, t.baseUrl, maker, '/heating/seasons');
  try {
    await t.step('the county administrator opens the 2019–2020 season (a malformed one refused on its field)', async () => {
      await m.getByTestId('nav-heating-seasons').waitFor();
      await m.getByTestId('seasons-table').waitFor();
      await m.getByTestId('season-open').click();
      await m.getByTestId('season-open-form').waitFor();
      await m.getByTestId('season-open-season').fill('2019-2021');
      await m.getByTestId('season-open-submit').click();
      await m.getByTestId('season-open-form').getByText('采暖季应写作起止年份，如 2019-2020').waitFor();
      // A reference day outside the season: the server refuses it, on its field.
      await m.getByTestId('season-open-season').fill(SEASON);
      await m.getByTestId('season-open-reference').fill('2020-05-01');
      await m.getByTestId('season-open-reference').press('Enter');
      await m.getByTestId('season-open-submit').click();
      await m.getByTestId('season-open-form').getByText('基准日须在采暖期内').waitFor();
      assert.equal((await api(m, 'GET', '/api/heating/seasons')).length, 0, 'nothing opened by the refusals');
      await noCodes(m);
      await m.getByTestId('season-open-reference').fill('2019-11-01');
      await m.getByTestId('season-open-reference').press('Enter');
      await m.getByTestId('season-open-submit').click();
      await m.waitForURL(new RegExp(`${SEASON_PATH}$`));
      await m.getByTestId('season-title').getByText('2019-2020 采暖季').waitFor();
      await m.getByTestId('season-reference-day').getByText('2019-11-01').waitFor();
      await m.getByTestId('season-info').getByText('2019-11 至 2020-03').waitFor();
      // The parameters it fixed, with their sources; the demo values marked.
      await m.getByTestId('season-params').getByText('200 元/户·年').waitFor();
      await m.getByTestId('season-params').getByText(/铁市民发〔2019〕45号/).first().waitFor();
      assert.ok((await m.getByTestId('param-illustrative').count()) > 0, 'illustrative values are marked 示例值');
      const s = await api(m, 'GET', `/api/heating/seasons/${COUNTY}/${SEASON}`);
      assert.equal(s.referenceDay, '2019-11-01');
      if (t.auditEvents) assert.equal((await t.auditEvents({ action: 'heating.season.open', entityId: SEASON })).length, 1);
      await noCodes(m);
    });

    await t.step('the exceptions list a household without heating data; it opens the household, where central heating and its area are recorded', async () => {
      const missing = await api(m, 'GET', `/api/heating/seasons/${COUNTY}/${SEASON}/exceptions?kind=missing&pageSize=20`);
      assert.ok(missing.total > 0, 'the runner’s enrolled households have no heating recorded');
      // The table's first page is this page: preferably a household of the payment rolls' population (e2eh…), whose
      // registry no later file reads as it was (reviews.e2e.ts works with the e2r households).
      const rows: { householdId: string; headName: string }[] = missing.rows.filter((x: { householdId: string }) => x.householdId !== NO_ACCOUNT);
      household = rows.find((x) => x.householdId.startsWith('e2eh')) ?? rows[0];
      assert.ok(household, 'a household with a bank account among them');
      await m.getByTestId('exceptions-tab-missing').click();
      await m.getByTestId('exceptions-total').getByText(`共 ${missing.total} 户`).waitFor();
      await m.getByTestId('exceptions-table').getByText('缺少取暖信息').first().waitFor();
      await noCodes(m);
      await m.getByTestId(`exception-household-${household!.householdId}`).click();
      await m.waitForURL(new RegExp(`/registry/${COUNTY}/${household!.householdId}$`));
      await m.getByTestId('detail-heating').getByText('未登记').waitFor();
      await m.goto(`${t.baseUrl}/registry/${COUNTY}/${household!.householdId}/edit`);
      await m.getByTestId('household-form').waitFor();
      await m.getByTestId('household-heatingMode').getByText('集中供暖', { exact: true }).click();
      await (await numberInput(m, 'household-heatedArea')).fill('56.5');
      await m.getByTestId('household-submit').click();
      await m.waitForURL(new RegExp(`/registry/${COUNTY}/${household!.householdId}$`));
      await m.getByTestId('detail-heating').getByText('集中供暖（56.5 平方米）').waitFor();
      const after = await api(m, 'GET', `/api/heating/seasons/${COUNTY}/${SEASON}/exceptions?kind=missing&pageSize=1`);
      assert.equal(after.total, missing.total - 1, 'one fewer household without heating data');
    });

    await t.step('the administrator builds the season roll and sees the figures and the cost per township', async () => {
      await m.goto(`${t.baseUrl}${SEASON_PATH}`);
      await m.getByTestId('season-rolls-table').waitFor();
      await m.getByTestId('season-build').click();
      await m.getByTestId('season-build-confirm').click();
      await m.getByTestId('season-build-done').waitFor({ timeout: 60_000 });
      const s = await api(m, 'GET', `/api/heating/seasons/${COUNTY}/${SEASON}`);
      assert.equal(s.rolls.length, 1);
      roll = s.rolls[0];
      assert.equal(roll.status, 'built');
      assert.ok(s.figures.households >= 1 && s.figures.central >= 1, `the household recorded is paid: ${JSON.stringify(s.figures)}`);
      assert.equal(s.figures.fen, roll.totals.totalFen);
      const lines = await api(m, 'GET', `/api/payroll/rolls/${COUNTY}/${roll.id}/lines?pageSize=200`);
      const line = lines.items.find((l: { householdId: string }) => l.householdId === household!.householdId);
      assert.ok(line, 'the household is on the roll');
      // 56.5 m² (under the 60 m² cap) × 24 yuan.
      assert.equal(line.amountFen, 135_600);
      payee = line.payeeName;
      await m.locator(`[data-testid="season-figures"][data-households="${s.figures.households}"]`).waitFor();
      await m.getByTestId('figure-households').getByText(String(s.figures.households)).waitFor();
      await m.getByTestId('season-build-done').getByText(`已生成：${s.figures.households} 户`).waitFor();
      // The chart: one bar per township of the roll, drawn on a canvas.
      const chart = m.getByTestId('heating-chart');
      await chart.locator('canvas').waitFor();
      assert.equal(await chart.getAttribute('data-bars'), String(s.figures.townships.length));
      assert.ok(s.figures.townships.length >= 1);
      await t.screenshot(m, 'heating-season-page');
      // Building again gives the same roll; the build button is gone once built; the maker has no approve button.
      const again = await api(m, 'POST', `/api/heating/seasons/${COUNTY}/${SEASON}/rolls`, { supplementary: false });
      assert.equal(again.rollId, roll.id);
      assert.equal(await m.getByTestId('season-build').count(), 0);
      await m.getByTestId('season-roll-0').click();
      await m.waitForURL(new RegExp(`/payroll/${COUNTY}/${roll.id}$`));
      await m.getByTestId('roll-title').getByText(/取暖救助 · 2019-2020 采暖季花名册/).waitFor();
      await m.locator('[data-testid="roll-status"][data-status="built"]').waitFor();
      assert.ok((await m.getByTestId('roll-approve').count()) === 0 || (await m.getByTestId('roll-approve').isDisabled()), 'the maker cannot approve');
      await noCodes(m);
    });
  } finally {
    await m.context().close();
  }

  await t.step('the county approver approves the roll on its page and downloads the bank file', async () => {
    const c = await signIn(t.browser, t.baseUrl, checker, SEASON_PATH);
    try {
      await c.getByTestId('season-roll-0').click();
      await c.waitForURL(new RegExp(`/payroll/${COUNTY}/${roll.id}$`));
      await c.locator('[data-testid="roll-status"][data-status="built"]').waitFor();
      await c.getByTestId('roll-approve').click();
      await c.locator('.ant-popconfirm .ant-btn-primary').click();
      await c.locator('[data-testid="roll-status"][data-status="approved"]').waitFor();
      const approved = await api(c, 'GET', `/api/payroll/rolls/${COUNTY}/${roll.id}`);
      const rows = parse(await download(c, 'roll-export-csv'), { bom: true, relax_column_count: true }) as string[][];
      assert.deepEqual(rows[0].slice(0, 3), ['批次号', '序号', '类别']);
      // Header, one row per payment sent, the control-total row.
      assert.equal(rows.length, approved.totals.bankLines + 2, `rows: ${rows.length}, payments sent: ${approved.totals.bankLines}`);
      const total = rows[rows.length - 1];
      assert.equal(total[1], String(approved.totals.bankLines));
      assert.equal(total[8], (approved.totals.bankFen / 100).toFixed(2));
      assert.ok(
        rows.slice(1, -1).some((r) => r[4] === payee && r[8] === '1356.00'),
        `the household recorded is paid 1,356 yuan: ${rows.map((r) => r.join(',')).join(' | ')}`,
      );
      // Back on the season page: the roll approved, the supplementary roll now offered.
      await c.goto(`${t.baseUrl}${SEASON_PATH}`);
      await c.getByTestId('season-rolls-table').locator('[data-testid="roll-status"][data-status="approved"]').waitFor();
      await c.getByTestId('season-supplementary').waitFor();
      await noCodes(c);
    } finally {
      await c.context().close();
    }
  });

  await t.step('on a phone width the season page fits the screen', async () => {
    const phone = await signIn(t.browser, t.baseUrl, maker, SEASON_PATH, { phone: true, waitForMenu: false });
    try {
      await phone.getByTestId('season-figures').waitFor();
      await phone.getByTestId('heating-chart').locator('canvas').waitFor();
      await phone.getByTestId('exceptions-table').waitFor();
      const fits = await phone.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1);
      await t.screenshot(phone, 'heating-season-phone');
      assert.ok(fits, 'the season page does not scroll sideways');
      await noCodes(phone);
    } finally {
      await phone.context().close();
    }
  });
}
