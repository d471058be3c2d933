/**
 * A monthly payment roll end to end in Chromium (issue 5, point 7; issue 11): the county administrator builds the roll
 * of 铁岭县 for a month (a background job with progress), the roll page shows its control totals and lines (gradual-exit
 * tags, server-side pages) and the one household without a bank account held out of the bank file; the administrator
 * cannot approve it. A household is enrolled for that month after the build: the approver finds the roll stale and
 * cannot approve it; the administrator refreshes it and sees the household added; the approver then approves it. The
 * bank file is exported as CSV and XLSX (control-total row: the payments sent, without the held one), and the bank's
 * result file — one payment failed — is imported: the roll closes, and the failure and the held payment wait in the
 * re-issue queue, the held one marked as missing its account.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { searchAndChoose } from './antd.ts';
import { api, type E2EContext, signIn } from './harness.ts';

async function download(page: Page, testId: string): Promise<Buffer> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const path = await d.path();
  assert.ok(path, 'the download was saved');
  return readFileSync(path);
}

export default async function payrollE2E(t: E2EContext): Promise<void> {
  const { countyAdmin: maker, approver: checker, clock } = t;
  const fixtures = t.payrollFixtures;
  if (!maker || !checker || !fixtures) throw new Error('payroll e2e needs the runner’s county administrator, approver and database (not available against E2E_BASE_URL)');
  // Registered without a bank account: its payment is held (暂缓发放), never sent to the bank.
  const noAccount = 'e2eh000000005';
  await fixtures.clearAccount(noAccount);
  // Other tests may have left the server's clock in 2019; rolls can be built up to next month of the server's day.
  clock?.reset();
  let rollPath = '';
  let roll: any;
  let bankCsv: string[][] = [];
  const m = await signIn(t.browser, t.baseUrl, maker, '/payroll');

  await t.step('the county administrator builds the roll for 2019-08 as a background job and opens it', async () => {
    await m.getByTestId('nav-payroll').waitFor();
    await m.getByTestId('build-open').click();
    await searchAndChoose(m, 'build-month', '2019-08');
    await m.getByTestId('build-submit').click();
    await m.locator('[data-testid="job-modal"][data-status="done"]').waitFor({ timeout: 60_000 });
    assert.equal((await m.locator('.ant-modal-title').last().textContent())?.trim(), '花名册已生成');
    await m.getByTestId('job-open-roll').click();
    await m.locator('[data-testid="roll-status"][data-status="built"]').waitFor();
    rollPath = new URL(m.url()).pathname;
    const [, , county, id] = rollPath.split('/');
    roll = await api(m, 'GET', `/api/payroll/rolls/${county}/${id}`);
    assert.equal(roll.month, '2019-08');
    assert.ok(roll.totals.payLines >= 75, `at least the 75 enrolled households: ${roll.totals.payLines}`);
    assert.equal((await m.getByTestId('total-paylines').textContent())?.replace(/\D/g, ''), String(roll.totals.payLines));
    assert.equal((await m.getByTestId('total-persons').textContent())?.replace(/\D/g, ''), String(roll.totals.persons));
    assert.equal(roll.totals.held, 1, 'the household without an account is held');
    assert.equal(roll.totals.bankFen + roll.totals.heldFen, roll.totals.totalFen);
    assert.equal(await m.getByTestId('total-held').getAttribute('data-lines'), '1');
    await m.getByTestId('roll-notice-held').waitFor();
  });

  await t.step('the lines come a page at a time with gradual-exit tags; the maker has no approve button', async () => {
    await m.getByTestId('lines-table').locator('tbody tr.ant-table-row').first().waitFor();
    assert.equal(await m.getByTestId('lines-table').locator('tbody tr.ant-table-row').count(), 50);
    assert.ok((await m.getByTestId('gradual-exit-tag').count()) > 0, 'gradual exit shown on the first page');
    await m.getByTestId('lines-gradual').click();
    await m.waitForTimeout(300);
    await m.getByTestId('lines-table').locator('tbody tr.ant-table-row').first().waitFor();
    const rows = await m.getByTestId('lines-table').locator('tbody tr.ant-table-row').count();
    assert.equal(await m.getByTestId('gradual-exit-tag').count(), rows, 'the filter leaves gradual exits only');
    assert.equal(rows, roll.totals.gradualExit);
    assert.equal(await m.getByTestId('roll-approve').count(), 0);
    assert.equal(await m.getByTestId('roll-export-csv').count(), 0, 'no bank file before approval');
    await m.getByTestId('lines-gradual').click();
    await m.getByTestId('lines-held').click();
    await m.getByTestId('line-held').first().waitFor();
    // The held line is on the unfiltered page too: wait for the filtered page to replace it (at most 10 s), then count.
    await m.waitForFunction(() => document.querySelectorAll('[data-testid="lines-table"] tbody tr.ant-table-row').length <= 1, undefined, { timeout: 10_000 }).catch(() => {});
    assert.equal(await m.getByTestId('lines-table').locator('tbody tr.ant-table-row').count(), 1, 'the held filter leaves the one held payment');
    assert.ok((await m.getByTestId('lines-table').textContent())?.includes('暂缓发放：缺少银行账号'));
    await t.screenshot(m, 'payroll-roll-built');
    await m.getByTestId('lines-held').click();
  });

  await t.step('a household enrolled for the month after the build makes the roll stale: the approver cannot approve it', async () => {
    await fixtures.enroll({ prefix: 'e2l', households: 1, startMonth: '2019-08' });
    const c = await signIn(t.browser, t.baseUrl, checker, rollPath, { reuseSession: true });
    await c.getByTestId('roll-notice-stale').waitFor();
    assert.ok(await c.getByTestId('roll-approve').isDisabled(), 'approve is disabled on a stale roll');
    assert.match((await c.getByTestId('roll-approve-blocked').textContent()) ?? '', /已过期/, 'and the page says why');
    const [, , county, id] = rollPath.split('/');
    // Refused on the server whatever the page shows.
    const { csrfToken } = await (await c.request.get('/api/session')).json();
    const refused = await c.request.post(`/api/payroll/rolls/${county}/${id}/approve`, { data: { version: roll.version }, headers: { 'x-csrf-token': csrfToken } });
    assert.equal(refused.status(), 409);
    assert.equal((await refused.json()).code, 'PAYROLL_STALE');
    await t.screenshot(c, 'payroll-roll-stale');
    await c.context().close();
  });

  await t.step('the county administrator refreshes the roll and sees the household added', async () => {
    await m.reload();
    await m.getByTestId('roll-notice-stale').waitFor();
    await m.getByTestId('roll-refresh').click();
    await m.locator('.ant-popconfirm .ant-btn-primary').click();
    await m.getByTestId('refresh-diff').waitFor();
    const changes = m.getByTestId('diff-change');
    assert.equal(await changes.count(), 1);
    assert.equal(await changes.first().getAttribute('data-change'), 'added');
    assert.ok((await m.getByTestId('diff-table').textContent())?.includes('e2lh000000001'));
    await t.screenshot(m, 'payroll-refresh-diff');
    await m.locator('.ant-modal-footer .ant-btn-primary').click();
    await m.getByTestId('roll-refreshed-by').waitFor();
    assert.equal(await m.getByTestId('roll-notice-stale').count(), 0);
    const [, , county, id] = rollPath.split('/');
    roll = await api(m, 'GET', `/api/payroll/rolls/${county}/${id}`);
    assert.equal(roll.freshness.stale, false);
  });

  await t.step('the county approver approves the roll', async () => {
    const c = await signIn(t.browser, t.baseUrl, checker, rollPath, { reuseSession: true });
    // What the server refused, if anything, to say why the roll did not become approved.
    const refused: string[] = [];
    c.on('response', (r) => {
      if (r.url().includes('/api/') && r.status() >= 400) void r.text().then((b) => refused.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname} ${b.slice(0, 300)}`));
    });
    await c.locator('[data-testid="roll-status"][data-status="built"]').waitFor();
    assert.equal(await c.getByTestId('roll-notice-stale').count(), 0);
    await c.getByTestId('roll-approve').click();
    await c.locator('.ant-popconfirm .ant-btn-primary').click();
    await c
      .locator('[data-testid="roll-status"][data-status="approved"]')
      .waitFor()
      .catch(async (e: Error) => {
        await t.screenshot(c, 'payroll-approve-failure');
        throw new Error(`${e.message.split('\n')[0]}; refused by the server: ${refused.join(' | ') || 'nothing'}`);
      });
    await c.context().close();
  });

  await t.step('the bank file downloads as CSV and XLSX with the control totals of the payments sent (the held one left out)', async () => {
    await m.reload();
    await m.locator('[data-testid="roll-status"][data-status="approved"]').waitFor();
    const csv = await download(m, 'roll-export-csv');
    bankCsv = parse(csv, { bom: true, relax_column_count: true }) as string[][];
    assert.deepEqual(bankCsv[0].slice(0, 3), ['批次号', '序号', '类别']);
    const total = bankCsv[bankCsv.length - 1];
    assert.equal(total[0], '合计');
    assert.equal(total[1], String(roll.totals.bankLines));
    assert.equal(total[8], (roll.totals.bankFen / 100).toFixed(2));
    assert.equal(bankCsv.length, roll.totals.bankLines + 2);
    assert.equal(roll.totals.bankLines, roll.totals.payLines - 1);
    for (const r of bankCsv.slice(1, -1)) assert.match(r[6], /^\d{12,19}$/, `an account on every row: ${r.join(',')}`);
    assert.ok(!bankCsv.some((r) => r[4] === '户主5'), 'the held payment is not in the bank file');
    const xlsx = await download(m, 'roll-export-xlsx');
    assert.equal(xlsx.subarray(0, 2).toString('latin1'), 'PK', 'an XLSX is a zip');
  });

  await t.step('the bank’s result file with one failed payment closes the roll; the failure and the held payment wait in the re-issue queue', async () => {
    const quote = (c: string) => (/[",\r\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c);
    const failedSeq = bankCsv[3][1];
    const lines = [[...bankCsv[0], '结果', '失败原因'], ...bankCsv.slice(1).map((r) => (r[0] === '合计' ? [...r, '', ''] : [...r, r[1] === failedSeq ? '失败' : '成功', r[1] === failedSeq ? '账户已冻结' : '']))];
    const body = `\uFEFF${lines.map((l) => l.map(quote).join(',')).join('\r\n')}\r\n`;
    await m.getByTestId('roll-import').waitFor();
    await m.locator('input[type=file]').setInputFiles({ name: '回盘.csv', mimeType: 'text/csv', buffer: Buffer.from(body, 'utf8') });
    await m.locator('[data-testid="import-report"][data-applied="true"]').waitFor({ timeout: 60_000 });
    // The dialog says it has finished (not still 正在核对银行回盘).
    assert.equal((await m.locator('.ant-modal-title').last().textContent())?.trim(), '银行回盘核对完毕');
    await m.getByTestId('job-close').click();
    await m.locator('[data-testid="roll-status"][data-status="closed"]').waitFor();
    await m.getByTestId('bank-outcome').waitFor();
    await m.goto('/payroll/reissue');
    await m.getByTestId('queue-table').locator('tbody tr.ant-table-row').first().waitFor();
    assert.equal(await m.getByTestId('queue-table').locator('tbody tr.ant-table-row').count(), 2);
    assert.ok((await m.getByTestId('queue-table').textContent())?.includes('账户已冻结'));
    assert.equal(await m.locator('[data-testid="queue-reason"][data-reason="held"]').count(), 1);
    assert.equal(await m.getByTestId('queue-account-missing').count(), 1, 'the held payment waits for its account');
    await t.screenshot(m, 'payroll-reissue-queue');
  });
  await m.context().close();
}
