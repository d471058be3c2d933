/**
 * Registry end to end (issue 2, point 9): a township caseworker (乡镇经办) logs in, registers a household of
 * three (an invalid ID number is refused with its message first), finds it by name, and the run leaves
 * screenshots in test-results/. Also: a duplicate ID number refused by the server on the right field, a
 * version conflict with reload, moving a member, and the language switch.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { E2EContext } from './harness.ts';
import { chooseArea, chooseOption, fieldError, runSuffix, searchAndChoose, syntheticId, withWrongCheckDigit } from './antd.ts';

const VILLAGE = '211221101200'; // 懿路村, in the caseworker's township 新台子镇 (211221101000)
const REGION = '211221';

async function login(page: Page, t: E2EContext, password: string) {
  await page.getByTestId('login-username').fill(t.caseworker.username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

export default async function registryE2E(t: E2EContext): Promise<void> {
  const context = await t.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(`${e.message} at ${page.url()}`));
  if (process.env.E2E_CONSOLE) page.on('console', (m) => console.log(`[console.${m.type()}] ${m.text().slice(0, 400)}`));

  const run = runSuffix();
  const head = { id: syntheticId(REGION, '19680415', 'M'), name: `郭${run}` };
  const spouse = { id: syntheticId(REGION, '19700822', 'F'), name: `林${run}` };
  // Markup in a name is data: it must come back verbatim and never become an element.
  const child = { id: syntheticId(REGION, '20050310', 'M'), name: `郭<b>${run}</b>` };

  try {
    await t.step('an unauthenticated visit lands on the login page', async () => {
      await page.goto(`${t.baseUrl}/registry`);
      await page.getByTestId('login-username').waitFor();
      assert.match(page.url(), /\/login\?next=%2Fregistry$/);
    });

    await t.step('a wrong password is refused with a message', async () => {
      await login(page, t, 'not-the-password');
      const err = page.getByTestId('login-error');
      await err.waitFor();
      assert.ok(((await err.textContent()) ?? '').length > 4, 'the error alert says something');
      assert.match(page.url(), /\/login/);
    });

    await t.step('the township caseworker logs in and sees name, role and area', async () => {
      await login(page, t, t.caseworker.password);
      await page.getByTestId('registry-table').waitFor();
      assert.equal(await page.getByTestId('header-user-name').textContent(), t.caseworker.displayName);
      assert.equal(await page.getByTestId('header-role').textContent(), '乡镇经办');
      assert.match((await page.getByTestId('header-area').textContent()) ?? '', /新台子镇/);
    });

    await t.step('an invalid ID number is refused with its message', async () => {
      await page.getByTestId('registry-new').click();
      await page.getByTestId('household-form').waitFor();
      await page.getByTestId('member-0-idNumber').fill(withWrongCheckDigit(head.id));
      await fieldError(page, 'member-0-idNumber').filter({ hasText: '校验码错误' }).waitFor();
      await t.screenshot(page, 'registry-invalid-id');
      await page.getByTestId('household-submit').click();
      await page.waitForTimeout(300);
      assert.match(page.url(), /\/registry\/new$/, 'the form was not submitted');
    });

    await t.step('a household of three is filled in, birth date and sex read from the ID', async () => {
      await page.getByTestId('member-0-idNumber').fill(head.id);
      await fieldError(page, 'member-0-idNumber').filter({ hasText: '校验码错误' }).waitFor({ state: 'detached' });
      assert.match(await page.getByTestId('member-0-derived').inputValue(), /^出生日期 1968-04-15 · 男 · \d+ 周岁$/);
      await page.getByTestId('member-0-name').fill(head.name);
      await chooseArea(page, 'household-area', [VILLAGE]);
      await page.getByTestId('household-address').fill('新台子镇懿路村 3 组 12 号');
      await page.getByTestId('household-registeredPoor').check();

      await page.getByTestId('add-member').click();
      await page.getByTestId('member-1-idNumber').fill(spouse.id);
      await page.getByTestId('member-1-name').fill(spouse.name);
      await chooseOption(page, 'member-1-relation', '配偶');
      await page.getByTestId('member-1-labor').getByText('部分丧失劳动能力').click();
      assert.match(await page.getByTestId('member-1-derived').inputValue(), /1970-08-22 · 女/);

      await page.getByTestId('add-member').click();
      await page.getByTestId('member-2-idNumber').fill(child.id);
      await page.getByTestId('member-2-name').fill(child.name);
      await chooseOption(page, 'member-2-relation', '子女');
      await page.getByTestId('member-2-inSchool').check();

      await page.getByTestId('add-income').click();
      await page.getByTestId('income-0-amount').fill('12000.50');
    });

    let detailUrl = '';
    await t.step('saving registers it and opens the household page', async () => {
      await page.getByTestId('household-submit').click();
      await page.waitForURL(/\/registry\/\d{6}\/[^/]+$/);
      detailUrl = page.url();
      assert.equal(await page.getByTestId('detail-head').textContent(), head.name);
      assert.equal(await page.getByTestId('member-table').locator('tbody tr.ant-table-row').count(), 3);
      await page.getByTestId('member-table').getByText(child.name, { exact: true }).waitFor();
      assert.equal(await page.getByTestId('member-table').locator('tbody b').count(), 0, 'markup in a name stays text');
      assert.equal(await page.getByTestId('income-total').textContent(), '12,000.50');
      await t.screenshot(page, 'registry-detail');
    });

    await t.step('registering an ID number twice is refused by the server, on that field', async () => {
      await page.goto(`${t.baseUrl}/registry/new`);
      await chooseArea(page, 'household-area', [VILLAGE]);
      await page.getByTestId('household-address').fill('新台子镇懿路村 5 组 1 号');
      await page.getByTestId('member-0-idNumber').fill(head.id);
      await page.getByTestId('member-0-name').fill(`王${run}`);
      await page.getByTestId('household-submit').click();
      await page.getByTestId('form-error').waitFor();
      // The banner renders first; antd shows the field's message a moment later (its explain animation).
      await fieldError(page, 'member-0-idNumber').first().waitFor({ timeout: 5_000 }).catch(() => {});
      assert.ok((await fieldError(page, 'member-0-idNumber').count()) > 0, 'the message sits on the ID field');
      assert.match(page.url(), /\/registry\/new$/);
    });

    await t.step('the household is found by name', async () => {
      await page.goto(`${t.baseUrl}/registry`);
      const search = page.getByTestId('registry-search').locator('input');
      await search.fill(head.name);
      await search.press('Enter');
      // The previous page stays on screen until the answer comes (other tests' households may be on it): wait for the total.
      await page.getByTestId('registry-total').filter({ hasText: '共 1 户' }).waitFor();
      await page.getByTestId('household-row-name').filter({ hasText: head.name }).waitFor();
      assert.equal(await page.getByTestId('household-row-name').count(), 1);
      await t.screenshot(page, 'registry-search');
    });

    await t.step('a version conflict is shown and the latest data can be reloaded', async () => {
      await page.getByTestId('household-row-name').click();
      await page.waitForURL(detailUrl);
      await page.getByTestId('detail-edit').click();
      await page.getByTestId('household-address').fill('新台子镇懿路村 3 组 12 号（本人修改）');
      // Someone else saves first, through the API, with the same session.
      const status = await page.evaluate(async (url) => {
        const { csrfToken } = await (await fetch('/api/session')).json();
        const api = url.replace(/^.*\/registry\//, '/api/households/');
        const d = await (await fetch(api)).json();
        const body = {
          areaCode: d.areaCode,
          address: `${d.address}（他人修改）`,
          hukouType: d.hukouType,
          registeredPoor: d.registeredPoor,
          incomes: d.incomes.map((i: { kind: string; annualYuan: string }) => ({ kind: i.kind, annualYuan: i.annualYuan })),
          assets: [],
          version: d.version,
        };
        const r = await fetch(api, { method: 'PUT', headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken }, body: JSON.stringify(body) });
        return r.status;
      }, detailUrl);
      assert.equal(status, 200);
      await page.getByTestId('household-submit').click();
      await page.getByTestId('stale-version').waitFor();
      await page.getByTestId('reload-latest').click();
      await page.getByTestId('stale-version').waitFor({ state: 'detached' });
      assert.match(await page.getByTestId('household-address').inputValue(), /（他人修改）$/);
    });

    await t.step('a member moves to another household of the county', async () => {
      const other = `冯${run}`;
      const created = await page.evaluate(async (p) => {
        const { csrfToken } = await (await fetch('/api/session')).json();
        const r = await fetch('/api/households', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken },
          body: JSON.stringify({
            areaCode: p.village,
            address: '新台子镇懿路村 7 组 2 号',
            hukouType: 'rural',
            members: [{ idNumber: p.id, name: p.name, relation: 'head', laborCapacity: 'full' }],
          }),
        });
        return r.status;
      }, { village: VILLAGE, id: syntheticId(REGION, '19550101', 'F'), name: other });
      assert.equal(created, 201);
      await page.goto(detailUrl);
      await page.getByTestId('member-table').locator('tr', { hasText: spouse.name }).getByRole('button', { name: /迁移/ }).click();
      await searchAndChoose(page, 'move-target', other);
      await chooseOption(page, 'move-relation', '其他');
      await page.getByTestId('move-submit').click();
      await page.getByTestId('member-table').getByText(spouse.name).waitFor({ state: 'detached' });
      assert.equal(await page.getByTestId('member-table').locator('tbody tr.ant-table-row').count(), 2);
    });

    await t.step('the English switch changes the interface and survives a reload', async () => {
      await page.getByTestId('lang-switch').getByText('EN').click();
      assert.equal(await page.getByTestId('header-role').textContent(), 'Township caseworker');
      await page.reload();
      await page.getByTestId('header-role').filter({ hasText: 'Township caseworker' }).waitFor();
      await page.getByTestId('detail-head').waitFor();
      await page.getByTestId('member-table').getByText('Head', { exact: true }).waitFor();
      await t.screenshot(page, 'registry-detail-en');
      await page.getByTestId('lang-switch').getByText('中文').click();
      assert.equal(await page.getByTestId('header-role').textContent(), '乡镇经办');
    });

    await t.step('logout returns to the login page', async () => {
      await page.getByTestId('logout').click();
      await page.getByTestId('login-username').waitFor();
      await page.goto(`${t.baseUrl}/registry`);
      await page.getByTestId('login-username').waitFor();
    });

    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  } catch (e) {
    await t.screenshot(page, 'registry-failure').catch(() => undefined);
    throw e;
  } finally {
    await context.close();
  }
}
