/**
 * Landing and menus by role, and the administrator's pages (issue 11 point 11): the system administrator and the
 * poverty-office liaison each land on a page they may use and see only their menu entries; the administrator adds a
 * user (a weak password refused on its field), deactivates and reactivates it, resets its password, asks for a deciding
 * role (pending on the grants page, withdrawn), marks a day of
 * the working-day calendar and a year complete, browses and searches the divisions; the pages fit a 390 px phone.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { chooseArea, chooseOption, fieldError, runSuffix } from './antd.ts';
import { type E2EContext, signIn } from './harness.ts';

/** The menu entries shown, by test id, sorted. */
const menuEntries = async (page: Page) => (await page.getByTestId('side-menu').locator('[data-testid^="nav-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid') ?? ''))).sort();

/** No refusal and no failed load on the page. */
async function noErrorShown(page: Page): Promise<void> {
  assert.equal(await page.getByTestId('no-permission').count(), 0, `refused at ${page.url()}`);
  assert.equal(await page.getByTestId('error-state').count(), 0, `load failed at ${page.url()}`);
  assert.equal(await page.getByText('无权执行此操作').count(), 0, `"无权执行此操作" at ${page.url()}`);
}

/** The page itself no wider than the 390 px screen (tables scroll inside their card). */
async function fitsPhone(page: Page, what: string): Promise<void> {
  const w = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  assert.ok(w.scroll <= 390 && w.scroll <= w.client + 1, `${what}: the page is ${w.scroll} px wide on a 390 px screen`);
}

const confirmPopup = (page: Page) => page.locator('.ant-popover:not(.ant-popover-hidden) [data-testid="popconfirm-ok"]').click();

export default async function adminE2E(t: E2EContext): Promise<void> {
  if (!t.admin) {
    process.stdout.write('  (skipped: the runner made no system administrator)\n');
    return;
  }
  t.clock?.reset();
  const admin = await signIn(t.browser, t.baseUrl, t.admin);
  const username = `e2e_new_${Math.random().toString(36).slice(2, 8)}`;
  try {
    await t.step('the system administrator lands on the users page, with only the entries it may use', async () => {
      await admin.getByTestId('users-page').waitFor();
      assert.match(admin.url(), /\/users$/);
      await admin.getByTestId(`user-row-${t.caseworker.username}`).waitFor();
      await noErrorShown(admin);
      assert.deepEqual(await menuEntries(admin), ['nav-calculator', 'nav-calendar', 'nav-compliance', 'nav-divisions', 'nav-grants', 'nav-parameters', 'nav-users']);
      // A page outside its menu, reached by its address, is refused plainly (not the server's error).
      await admin.goto(`${t.baseUrl}/registry`);
      await admin.getByTestId('no-permission').waitFor();
      await admin.getByTestId('nav-users').click();
      await admin.getByTestId('users-page').waitFor();
    });

    await t.step('adds a township caseworker: a weak password is refused on its field, then the account is made', async () => {
      await admin.getByTestId('user-create').click();
      await admin.getByTestId('user-username').waitFor();
      await admin.getByTestId('user-username').fill(username);
      await admin.getByTestId('user-display-name').fill('新台子镇经办 新建');
      await chooseOption(admin, 'user-role', '乡镇经办');
      await chooseArea(admin, 'user-area', ['211221000000', '211221101000']);
      await admin.getByTestId('user-password').fill('short');
      await admin.getByTestId('user-create-submit').click();
      await fieldError(admin, 'user-password').filter({ hasText: '12' }).waitFor();
      await admin.getByTestId('user-password').fill(`Aa1-新账号密码-${runSuffix()}-xz`);
      await admin.getByTestId('user-create-submit').click();
      await admin.getByTestId('user-outcome').filter({ hasText: username }).waitFor();
      await admin.getByTestId('user-username').waitFor({ state: 'detached' });
      await admin.getByTestId('users-search').locator('input').fill(username);
      await admin.getByTestId('users-search').locator('input').press('Enter');
      await admin.getByTestId(`user-status-${username}`).filter({ hasText: '启用' }).waitFor();
      assert.equal(await admin.getByTestId('users-table').locator('tbody tr.ant-table-row').count(), 1);
      await t.screenshot(admin, 'admin-user-created');
    });

    await t.step('deactivates and reactivates the account, each after a confirmation', async () => {
      await admin.getByTestId(`user-deactivate-${username}`).click();
      await confirmPopup(admin);
      await admin.getByTestId(`user-status-${username}`).filter({ hasText: '已停用' }).waitFor();
      await admin.getByTestId(`user-activate-${username}`).click();
      await confirmPopup(admin);
      await admin.getByTestId(`user-status-${username}`).filter({ hasText: '启用' }).waitFor();
      await admin.getByTestId(`user-deactivate-${username}`).waitFor();
    });

    await t.step('resets its password (a weak one refused on the field) and ends its sessions', async () => {
      await admin.getByTestId(`user-reset-${username}`).click();
      await admin.getByTestId('user-reset-password').waitFor();
      await admin.getByTestId('user-reset-password').fill('aaaaaaaaaaaaaa');
      await admin.getByTestId('user-reset-submit').click();
      await fieldError(admin, 'user-reset-password').first().waitFor();
      await admin.getByTestId('user-reset-password').fill(`Bb2-重置密码-${runSuffix()}-yz`);
      await admin.getByTestId('user-reset-submit').click();
      await admin.locator('.ant-message').filter({ hasText: '密码已重置' }).waitFor();
      await admin.getByTestId(`user-status-${username}`).filter({ hasText: '须改密码' }).waitFor();
      await admin.getByTestId(`user-revoke-${username}`).click();
      await confirmPopup(admin);
      await admin.locator('.ant-message').filter({ hasText: '个会话' }).waitFor();
      if (t.auditEvents) {
        const created = await t.auditEvents({ action: 'user.create' });
        assert.ok(created.some((e) => e.actor === t.admin!.username), 'the creation is audited under the administrator');
      }
    });

    await t.step('a change to a deciding role waits for a second administrator, on the grants page it links to', async () => {
      await admin.getByTestId(`user-role-${username}`).click();
      await admin.getByTestId('user-role-submit').waitFor();
      await chooseOption(admin, 'user-role-change', '乡镇审核');
      await admin.getByTestId('user-role-submit').click();
      await admin.getByTestId('user-outcome').filter({ hasText: '另一名管理员' }).waitFor();
      await admin.getByTestId('user-outcome').getByRole('link').click();
      await admin.getByTestId('grants-page').waitFor();
      assert.equal(await admin.getByTestId(`grant-confirm-${username}`).isDisabled(), true, 'the requester cannot confirm their own grant');
      await admin.getByTestId(`grant-refuse-${username}`).click();
      await admin.locator('.ant-popover:not(.ant-popover-hidden) .ant-btn-primary').click();
      await admin.getByTestId(`grant-confirm-${username}`).waitFor({ state: 'detached' });
      await admin.getByTestId('nav-users').click();
      await admin.getByTestId('users-page').waitFor();
    });

    await t.step('the calendar: a year by month; a weekday made a holiday with its reason; the year marked complete', async () => {
      await admin.getByTestId('nav-calendar').click();
      await admin.getByTestId('calendar-page').waitFor();
      await noErrorShown(admin);
      // A year no other test counts working days in.
      const year = Number((await admin.getByTestId('calendar-year').textContent())?.match(/\d{4}/)?.[0]);
      for (let y = year; y < 2031; y++) await admin.getByTestId('calendar-next').click();
      await admin.getByTestId('calendar-year').filter({ hasText: '2031' }).waitFor();
      await admin.getByTestId('calendar-month-12').waitFor();
      const day = admin.getByTestId('calendar-day-2031-10-15');
      assert.equal(await day.getAttribute('data-kind'), 'workday');
      await day.click();
      await admin.getByTestId('calendar-day-reason').waitFor();
      await admin.getByTestId('calendar-kind-holiday').click();
      await admin.getByTestId('calendar-day-reason').fill('测试假日');
      await admin.getByTestId('calendar-day-submit').click();
      await admin.locator('[data-testid="calendar-day-2031-10-15"][data-kind="holiday"]').waitFor();
      await admin.getByTestId('calendar-mark').click();
      await confirmPopup(admin);
      await admin.getByTestId('calendar-covered').waitFor();
      await t.screenshot(admin, 'admin-calendar');
    });

    await t.step('the divisions: the tree county → township → village with codes, and a search', async () => {
      await admin.getByTestId('nav-divisions').click();
      await admin.getByTestId('divisions-page').waitFor();
      await admin.getByTestId('division-211221000000').waitFor();
      await noErrorShown(admin);
      await admin.locator('.ant-tree-treenode', { has: admin.getByTestId('division-211221000000') }).locator('.ant-tree-switcher').click();
      await admin.getByTestId('division-211221101000').waitFor();
      await admin.locator('.ant-tree-treenode', { has: admin.getByTestId('division-211221101000') }).locator('.ant-tree-switcher').click();
      await admin.getByTestId('division-211221101200').waitFor();
      await admin.getByTestId('divisions-search').locator('input').fill('新台子');
      await admin.getByTestId('divisions-search').locator('input').press('Enter');
      await admin.getByTestId('divisions-results').getByText('211221101000', { exact: true }).waitFor();
    });
  } finally {
    await admin.context().close();
  }

  await t.step('on a 390 px phone the administrator’s pages fit the screen', async () => {
    const phone = await signIn(t.browser, t.baseUrl, t.admin!, '/', { phone: true });
    try {
      await phone.getByTestId('users-page').waitFor();
      await phone.getByTestId('users-table').waitFor();
      await fitsPhone(phone, 'users');
      for (const [path, testId] of [['/users/grants', 'grants-page'], ['/calendar', 'calendar-month-12'], ['/divisions', 'division-211221000000']]) {
        await phone.goto(`${t.baseUrl}${path}`);
        await phone.getByTestId(testId).waitFor();
        await noErrorShown(phone);
        await fitsPhone(phone, path);
      }
      await t.screenshot(phone, 'admin-phone-calendar');
    } finally {
      await phone.context().close();
    }
  });

  if (!t.liaison) {
    process.stdout.write('  (no liaison account: its landing step skipped)\n');
    return;
  }
  await t.step('the poverty-office liaison lands on a page it may use, with only its entries, also on a phone', async () => {
    const liaison = await signIn(t.browser, t.baseUrl, t.liaison!);
    try {
      // The dual-inclusion page (扶贫衔接) comes first in the liaison's menu (issue 12).
      await liaison.waitForURL(/\/poverty$/);
      await liaison.getByRole('heading', { name: '低保与建档立卡双纳入' }).waitFor();
      await noErrorShown(liaison);
      assert.deepEqual(await menuEntries(liaison), ['nav-calculator', 'nav-divisions', 'nav-parameters', 'nav-poverty', 'nav-poverty-import', 'nav-poverty-snapshots']);
      await liaison.getByTestId('nav-parameters').click();
      await liaison.getByTestId('params-table').waitFor();
      await noErrorShown(liaison);
      await liaison.getByTestId('nav-divisions').click();
      await liaison.getByTestId('division-211221000000').waitFor();
      await noErrorShown(liaison);
      await liaison.goto(`${t.baseUrl}/users`);
      await liaison.getByTestId('no-permission').waitFor();
    } finally {
      await liaison.context().close();
    }
    const phone = await signIn(t.browser, t.baseUrl, t.liaison!, '/', { phone: true });
    try {
      await phone.getByRole('heading', { name: '低保与建档立卡双纳入' }).waitFor();
      await noErrorShown(phone);
      await fitsPhone(phone, 'liaison landing');
    } finally {
      await phone.context().close();
    }
  });
}
