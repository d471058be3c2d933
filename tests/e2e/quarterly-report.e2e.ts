/**
 * 季度报告与通报 in Chromium (issue 15 points 2, 3 and 7; ADR 0045): 铁岭县's county administrator drafts the 2019 Q3
 * report (the figures computed now, each a link to its list; no submit button for the drafter); the county approver
 * submits it (the figures frozen, their digest in the audit trail); the city supervisor receives it, compares the
 * counties (table, ranks, chart) and writes and issues the bulletin; the county administrator, who could not see it as a
 * draft, reads the issued bulletin with the comparison and downloads its PDF; the bulletin fits a phone's width.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { api, type E2EContext, signIn, untranslatedCodes } from './harness.ts';

const COUNTY = '211221';
const QUARTER = '2019Q3';
const REPORT_PATH = `/reports/quarterly/${COUNTY}/${QUARTER}`;
const BULLETIN_PATH = `/reports/bulletins/${QUARTER}`;
const TITLE = '关于2019年第三季度社会救助兜底保障工作情况的通报';

async function noCodes(page: Page): Promise<void> {
  assert.deepEqual(await untranslatedCodes(page), [], 'no code-like text on the page');
}

async function download(page: Page, testId: string): Promise<Buffer> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const path = await d.path();
  assert.ok(path, 'the download was saved');
  return readFileSync(path);
}

export default async function quarterlyReportE2E(t: E2EContext): Promise<void> {
  const { countyAdmin: drafter, approver, supervisor } = t;
  if (!drafter || !approver || !supervisor) throw new Error('quarterly-report e2e needs the runner’s county administrator, approver and city supervisor (not available against E2E_BASE_URL)');
  t.clock?.reset();
  let digest = '';

  const a = await signIn(t.browser, t.baseUrl, drafter, '/reports/quarterly', { reuseSession: true });
  try {
    await t.step('the county administrator opens 2019 Q3 from the reports list and drafts the county’s text; the figures link to their lists', async () => {
      await a.getByTestId('nav-reports-quarterly').waitFor();
      await a.getByTestId('report-open-form').waitFor();
      await a.getByTestId('report-open-quarter').fill('2019Q5');
      await a.getByTestId('report-open').click();
      await a.getByText('季度应写作年份加季度，如 2019Q3').waitFor();
      await a.getByTestId('report-open-quarter').fill(QUARTER);
      await a.getByTestId('report-open').click();
      await a.waitForURL(new RegExp(`${REPORT_PATH}$`));
      await a.getByTestId('report-title').getByText('铁岭县 2019年第三季度报告').waitFor();
      await a.locator('[data-testid="report-status"][data-status="none"]').waitFor();
      await a.getByTestId('report-figures').waitFor();
      const v = await api(a, 'GET', `/api/reports/quarterly/${COUNTY}/${QUARTER}`);
      assert.equal(v.source, 'computed');
      // Every figure shown is a link to the list behind it: dibao's households to those households, the standard to the parameters.
      const households = a.getByTestId('fig-dibao-households');
      const n = v.figures.programs.dibao.households;
      assert.equal(await households.getAttribute('data-value'), String(n));
      assert.equal(await households.getAttribute('href'), `${REPORT_PATH}/figures/dibao/households`);
      assert.equal(await a.getByTestId('fig-procedure-overdueReviews').getAttribute('href'), `${REPORT_PATH}/figures/procedure/overdueReviews`);
      assert.equal(await a.getByTestId('fig-dibao-averageStandardFen').getAttribute('href'), '/parameters');
      await households.click();
      await a.waitForURL(new RegExp(`${REPORT_PATH}/figures/dibao/households$`));
      await a.getByText('农村低保 · 户数（户）').first().waitFor();
      const summary = a.getByTestId('figure-rows-summary');
      await summary.waitFor();
      assert.equal(await summary.getAttribute('data-rows'), String(n));
      assert.equal((await a.getByTestId('figure-rows-now').textContent())?.trim(), String(n));
      // The first page (50 rows at most), then the rest on asking.
      await a.locator('[data-testid="figure-rows"] tbody tr.ant-table-row').nth(Math.min(n, 50) - 1).waitFor();
      if (n > 50) {
        await a.getByTestId('figure-rows-more').click();
        await a.locator('[data-testid="figure-rows"] tbody tr.ant-table-row').nth(Math.min(n, 100) - 1).waitFor();
      }
      await noCodes(a);
      await a.goBack();
      await a.getByTestId('report-figures').waitFor();
      // The drafter has no submit button: the county approver submits.
      assert.equal(await a.getByTestId('report-submit').count(), 0);
      await a.getByTestId('report-progress').fill('本季度完成农村低保动态复核，新纳入对象均经民主评议和公示。');
      await a.getByTestId('report-problems').fill('个别村入户调查记录不完整。');
      await a.getByTestId('report-next-steps').fill('第四季度开展集中排查，做到应保尽保。');
      await a.getByTestId('report-save').click();
      await a.locator('[data-testid="report-status"][data-status="draft"]').waitFor();
      await noCodes(a);
      await t.screenshot(a, 'quarterly-report-draft');
    });

    await t.step('the county approver submits: the figures are frozen and their digest enters the audit trail', async () => {
      const p = await signIn(t.browser, t.baseUrl, approver, REPORT_PATH, { reuseSession: true });
      try {
        await p.getByTestId('report-text').waitFor();
        await p.getByTestId('report-text').getByText('个别村入户调查记录不完整。').waitFor({ state: 'attached' });
        await p.getByTestId('report-submit').click();
        await p.getByTestId('report-submit-confirm').click();
        await p.locator('[data-testid="report-status"][data-status="submitted"]').waitFor();
        const v = await api(p, 'GET', `/api/reports/quarterly/${COUNTY}/${QUARTER}`);
        assert.equal(v.source, 'snapshot');
        digest = v.figuresDigest;
        assert.match(digest, /^[0-9a-f]{64}$/);
        await p.getByTestId('report-digest').getByText(digest).waitFor();
        if (t.auditEvents) {
          const ev = await t.auditEvents({ action: 'report.submit', entityId: QUARTER });
          assert.equal(ev.length, 1);
          assert.equal(ev[0].detail?.figuresDigest, digest);
        }
        await noCodes(p);
      } finally {
        await p.context().close();
      }
    });

    await t.step('the county cannot see the bulletin while the city drafts it', async () => {
      assert.deepEqual(await api(a, 'GET', '/api/reports/bulletins'), []);
    });

    await t.step('the city supervisor receives the report, compares the counties and issues the bulletin', async () => {
      const s = await signIn(t.browser, t.baseUrl, supervisor, REPORT_PATH, { reuseSession: true });
      try {
        await s.getByTestId('report-receive').click();
        await s.getByTestId('report-received').getByText(/市局测试|测试员|·/).waitFor();
        await s.goto(`${t.baseUrl}/reports/comparison?quarter=${QUARTER}`);
        await s.getByTestId('comparison-table').waitFor();
        const cmp = await api(s, 'GET', `/api/reports/comparison/${QUARTER}`);
        assert.equal(cmp.counties.length, 7);
        const mine = cmp.counties.find((c: { county: string }) => c.county === COUNTY);
        assert.equal(mine.source, 'snapshot');
        await s.getByTestId('comparison-table').getByText('已报送数据（冻结）').waitFor();
        await s.getByTestId('comparison-chart').locator('canvas').waitFor();
        await s.getByTestId('comparison-measure').getByText('人均支出（元）').click();
        await s.getByText('各县区人均支出（元）').waitFor();
        await noCodes(s);
        await t.screenshot(s, 'quarterly-report-comparison');
        await s.getByTestId('comparison-write-bulletin').click();
        await s.waitForURL(new RegExp(`${BULLETIN_PATH}$`));
        await s.getByTestId('bulletin-editor').waitFor();
        await s.getByTestId('bulletin-title-input').fill(TITLE);
        await s.getByTestId('bulletin-body-input').fill('各县（市）区民政局：\n现将2019年第三季度全市兜底保障工作情况通报如下。铁岭县按时报送季度报告。');
        await s.getByTestId('bulletin-save').click();
        await s.locator('[data-testid="bulletin-status"][data-status="draft"]').waitFor();
        await s.getByTestId('comparison-section').waitFor();
        await s.getByTestId('bulletin-issue').click();
        await s.getByTestId('bulletin-issue-confirm').click();
        await s.locator('[data-testid="bulletin-status"][data-status="issued"]').waitFor();
        if (t.auditEvents) assert.equal((await t.auditEvents({ action: 'bulletin.issue', entityId: QUARTER })).length, 1);
        await noCodes(s);
      } finally {
        await s.context().close();
      }
    });

    await t.step('the county reads the issued bulletin with the comparison, and downloads it as a PDF', async () => {
      await a.goto(`${t.baseUrl}/reports/bulletins`);
      await a.getByTestId(`bulletin-link-${QUARTER}`).click();
      await a.waitForURL(new RegExp(`${BULLETIN_PATH}$`));
      await a.getByTestId('bulletin-title').getByText(TITLE).waitFor();
      await a.getByTestId('bulletin-body').getByText('铁岭县按时报送季度报告。', { exact: false }).waitFor();
      await a.getByTestId('comparison-table').waitFor();
      assert.equal(await a.getByTestId('bulletin-editor').count(), 0, 'no editor for the county');
      const b = await api(a, 'GET', `/api/reports/bulletins/${QUARTER}`);
      assert.equal(b.comparison.counties.find((c: { county: string }) => c.county === COUNTY).source, 'snapshot');
      const formats = await api(a, 'GET', '/api/documents/formats');
      if (formats.pdf) {
        const pdf = await download(a, 'bulletin-export-pdf');
        assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
      }
      const xlsx = await download(a, 'bulletin-export-xlsx');
      assert.equal(xlsx.subarray(0, 2).toString(), 'PK');
      // The submitted report is unchanged: the same digest.
      assert.equal((await api(a, 'GET', `/api/reports/quarterly/${COUNTY}/${QUARTER}`)).figuresDigest, digest);
      await noCodes(a);
      await t.screenshot(a, 'quarterly-report-bulletin');
    });
  } finally {
    await a.context().close();
  }

  await t.step('on a phone width the bulletin and the report fit the screen', async () => {
    const phone = await signIn(t.browser, t.baseUrl, drafter, BULLETIN_PATH, { phone: true, waitForMenu: false, reuseSession: true });
    try {
      await phone.getByTestId('comparison-table').waitFor();
      await phone.getByTestId('comparison-chart').locator('canvas').waitFor();
      const fits = () => phone.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1);
      await t.screenshot(phone, 'quarterly-report-phone');
      assert.ok(await fits(), 'no horizontal scrolling of the bulletin at 390 px');
      // The county's report too: its wide tables scroll inside their cards, not the page.
      await phone.goto(`${t.baseUrl}${REPORT_PATH}`);
      await phone.getByTestId('report-figures').waitFor();
      await phone.getByTestId('report-text').waitFor();
      await t.screenshot(phone, 'quarterly-report-phone-report');
      assert.ok(await fits(), 'no horizontal scrolling of the report at 390 px');
    } finally {
      await phone.context().close();
    }
  });
}
