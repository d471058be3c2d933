/**
 * One's own account in Chromium (issue 9 points 18, 19): an approver without an authenticator sets one up at the first
 * login (QR code, the key to type in, a first code, recovery codes shown once), then signs in with a code; changes the
 * password from the user menu; a caseworker whose password an administrator set changes it before anything else; the
 * login steps fit a 390 px wide phone.
 */
import assert from 'node:assert/strict';
import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { type E2EContext, submitLogin, totpCodeFor } from './harness.ts';

// Against the layout viewport (clientWidth): on a phone window.innerWidth grows with content wider than the screen.
const noHorizontalScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1);

export default async function accountE2E(t: E2EContext): Promise<void> {
  const { newApprover, resetWorker } = t;
  if (!newApprover || !resetWorker) {
    process.stdout.write('  (skipped: the runner made no accounts for the account screens)\n');
    return;
  }
  t.clock?.reset();

  await t.step('an approver without an authenticator sets one up at the first login, on a 390 px phone', async () => {
    const context = await t.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${t.baseUrl}/registry`);
    await submitLogin(page, { ...newApprover, totpSecret: undefined });
    await page.getByTestId('enrol-step').waitFor();
    await page.getByTestId('totp-qr').waitFor();
    assert.match((await page.getByTestId('enrol-step').textContent()) ?? '', /扫描下方二维码/);
    assert.ok(await noHorizontalScroll(page), 'the enrolment step fits 390 px');
    const shown = ((await page.getByTestId('totp-secret').textContent()) ?? '').replace(/\s+/g, '');
    assert.match(shown, /^[A-Z2-7]{32}$/);
    const secret = Secret.fromBase32(shown).base32;
    // A wrong code first: a clear message, the step stays.
    await page.getByTestId('enrol-code').fill('000000');
    await page.getByTestId('enrol-submit').click();
    await page.getByTestId('step-error').waitFor();
    assert.match((await page.getByTestId('step-error').textContent()) ?? '', /验证码不正确/);
    newApprover.totpSecret = secret;
    await page.getByTestId('enrol-code').fill(await totpCodeFor(newApprover));
    await page.getByTestId('enrol-submit').click();
    await page.getByTestId('recovery-codes').waitFor();
    const codes = (await page.getByTestId('recovery-codes').locator('li').allTextContents()).map((c) => c.trim());
    assert.equal(codes.length, 10);
    for (const c of codes) assert.match(c, /^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    assert.ok(await noHorizontalScroll(page), 'the recovery codes fit 390 px');
    await t.screenshot(page, 'account-recovery-codes-390');
    await page.getByTestId('recovery-codes-saved').click();
    await page.waitForURL(/\/registry/);
    await context.close();
    // The code the app shows is computed the same way here as by the server.
    assert.equal(new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: 0 }).length, 6);
  });

  await t.step('the next login asks for the code (in English too); a wrong code is refused clearly', async () => {
    const context = await t.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en' });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${t.baseUrl}/login`);
    await page.getByTestId('lang-switch').getByText('EN').click();
    await page.getByTestId('login-username').fill(newApprover.username);
    await page.getByTestId('login-password').fill(newApprover.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('totp-step').waitFor();
    assert.match((await page.getByTestId('totp-step').textContent()) ?? '', /authenticator app/);
    await page.getByTestId('totp-code').fill('123456');
    await page.getByTestId('totp-submit').click();
    await page.getByTestId('step-error').waitFor();
    assert.match((await page.getByTestId('step-error').textContent()) ?? '', /Wrong or expired code/);
    await page.getByTestId('totp-code').fill(await totpCodeFor(newApprover));
    await page.getByTestId('totp-submit').click();
    await page.getByTestId('side-menu').waitFor();
    await page.getByTestId('lang-switch').getByText('中文').click();
    await context.close();
  });

  await t.step('changing one’s password from the user menu', async () => {
    const context = await t.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${t.baseUrl}/registry`);
    await submitLogin(page, newApprover);
    await page.getByTestId('header-user-menu').click();
    await page.getByTestId('menu-account').click();
    await page.getByTestId('account-page').waitFor();
    assert.match((await page.getByTestId('totp-status').textContent()) ?? '', /已开启/);
    const next = `${newApprover.password}-x`;
    await page.getByTestId('password-current').fill(newApprover.password);
    await page.getByTestId('password-new').fill('Password1234');
    await page.getByTestId('password-repeat').fill('Password1234');
    await page.getByTestId('password-submit').click();
    await page.getByTestId('step-error').waitFor();
    assert.match((await page.getByTestId('step-error').textContent()) ?? '', /常见密码/);
    await page.getByTestId('password-new').fill(next);
    await page.getByTestId('password-repeat').fill(next);
    await page.getByTestId('password-submit').click();
    await page.getByTestId('password-changed').waitFor();
    assert.ok(await noHorizontalScroll(page), 'the account page fits 390 px');
    await t.screenshot(page, 'account-page-390');
    newApprover.password = next;
    await context.close();
  });

  if (t.countyAdmin && t.admin) {
    const { countyAdmin, admin } = t;
    await t.step('a reviewer a county administrator creates waits for a second administrator, who confirms it on 授权确认', async () => {
      const context = await t.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', baseURL: t.baseUrl });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      await page.goto(`${t.baseUrl}/users/grants`);
      await submitLogin(page, countyAdmin);
      await page.getByTestId('grants-page').waitFor();
      const { csrfToken } = await (await page.request.get('/api/session')).json();
      const made = await page.request.post('/api/users', {
        headers: { 'x-csrf-token': csrfToken },
        data: { username: 'e2e_newreviewer', displayName: '新台子镇审核 待确认', role: 'township_reviewer', area: '211221101000', password: 'Harbor-lights-at-dusk-7' },
      });
      assert.equal(made.status(), 201);
      await page.reload();
      await page.getByTestId('grant-confirm-e2e_newreviewer').waitFor();
      assert.equal(await page.getByTestId('grant-confirm-e2e_newreviewer').isDisabled(), true, 'the requester cannot confirm');
      await context.close();

      const c2 = await t.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true });
      const p2 = await c2.newPage();
      p2.setDefaultTimeout(15_000);
      await p2.goto(`${t.baseUrl}/users/grants`);
      await submitLogin(p2, admin);
      await p2.getByTestId('grant-confirm-e2e_newreviewer').click();
      await p2.getByTestId('grants-table').getByText('没有待确认的授权').waitFor();
      await c2.close();
    });
  }

  await t.step('a caseworker whose password an administrator set changes it before anything else', async () => {
    const context = await t.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${t.baseUrl}/cases`);
    await submitLogin(page, resetWorker);
    await page.getByTestId('password-step').waitFor();
    assert.match((await page.getByTestId('password-step').textContent()) ?? '', /临时密码/);
    // The app's pages are out of reach until then.
    await page.goto(`${t.baseUrl}/registry`);
    await page.getByTestId('password-step').waitFor();
    const mine = 'Willow-buds-in-march-2026';
    await page.getByTestId('password-current').fill(resetWorker.password);
    await page.getByTestId('password-new').fill(mine);
    await page.getByTestId('password-repeat').fill(mine);
    await page.getByTestId('password-submit').click();
    await page.getByTestId('side-menu').waitFor();
    resetWorker.password = mine;
    await context.close();
  });
}
