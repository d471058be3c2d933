/**
 * The Content-Security-Policy in Chromium (issue 9 point 20): with the server's CSP header on (as in production),
 * every route of the web app (web/src/app/router.tsx) loads as a user allowed to see it, and the browser reports no
 * CSP violation — neither a `securitypolicyviolation` event nor a console message. The user menu and a modal are
 * opened too, since antd injects their styles only then.
 */
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { type Account, type E2EContext, submitLogin } from './harness.ts';

interface Visit {
  path: string;
  /** Something on the page that shows it rendered (beyond the layout). */
  ready: string;
}

declare global {
  interface Window {
    __cspViolations?: string[];
  }
}

async function watchedContext(t: E2EContext, violations: string[]): Promise<BrowserContext> {
  const context = await t.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', baseURL: t.baseUrl });
  // Runs before any of the page's own scripts (injected by the browser, not subject to the page's CSP).
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations?.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`));
  });
  context.on('console', (m) => {
    if (/Content[- ]Security[- ]Policy|Refused to (load|apply|execute|connect|frame)/i.test(m.text())) violations.push(`console: ${m.text().slice(0, 300)}`);
  });
  return context;
}

async function collect(page: Page, where: string, violations: string[]): Promise<void> {
  // Lazy chunks and late style injections land within a moment of the page showing.
  await page.waitForTimeout(400);
  const found = await page.evaluate(() => window.__cspViolations ?? []);
  violations.push(...found.map((v) => `${where}: ${v}`));
  await page.evaluate(() => {
    window.__cspViolations = [];
  });
}

async function visitAll(t: E2EContext, who: Account, visits: Visit[], violations: string[]): Promise<void> {
  const context = await watchedContext(t, violations);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (e) => violations.push(`page error: ${e.message}`));
  const first = await page.goto(`${t.baseUrl}/login`);
  const csp = first?.headers()['content-security-policy'] ?? '';
  assert.match(csp, /script-src 'self'/, 'the login page carries the CSP header');
  assert.match(csp, /frame-ancestors 'none'/);
  await page.getByTestId('login-form').waitFor();
  await collect(page, '/login', violations);
  await submitLogin(page, who);
  await page.getByTestId('side-menu').waitFor();
  // The user menu (a dropdown: its styles are injected when it opens).
  await page.getByTestId('header-user-menu').click();
  await page.getByTestId('menu-account').waitFor();
  await page.keyboard.press('Escape');
  for (const v of visits) {
    const res = await page.goto(`${t.baseUrl}${v.path}`);
    assert.match(res?.headers()['content-security-policy'] ?? '', /default-src 'self'/, `${v.path} carries the CSP header`);
    await page
      .locator(v.ready)
      .first()
      .waitFor()
      .catch(async (e: Error) => {
        await t.screenshot(page, `csp-${v.path.replace(/\W+/g, '-')}`);
        throw new Error(`${v.path}: ${e.message.split('\n')[0]}`);
      });
    await collect(page, `${who.username} ${v.path}`, violations);
  }
  await context.close();
}

export default async function cspE2E(t: E2EContext): Promise<void> {
  const { supervisor, countyAdmin } = t;
  t.clock?.reset();
  const violations: string[] = [];

  // Records to open: a household of the caseworker's township, a case, a roll (when other tests made them).
  const probe = await t.browser.newContext({ baseURL: t.baseUrl });
  const p = await probe.newPage();
  await p.goto(`${t.baseUrl}/login`);
  await submitLogin(p, t.caseworker);
  await p.getByTestId('side-menu').waitFor();
  const households = await (await p.request.get('/api/households?pageSize=1')).json();
  const h = households.items[0];
  assert.ok(h, 'the caseworker sees a household');
  const cases = await (await p.request.get('/api/cases?pageSize=1')).json();
  const c = cases.items?.[0] ?? { countyCode: '211221', id: 'no-case-yet' };
  await probe.close();

  await t.step('a township caseworker’s routes load with no CSP violation', async () => {
    await visitAll(
      t,
      t.caseworker,
      [
        { path: '/registry', ready: '[data-testid="side-menu"]' },
        { path: '/registry/new', ready: 'form' },
        { path: `/registry/${h.countyCode}/${h.id}`, ready: '[data-testid="household-detail"]' },
        { path: `/registry/${h.countyCode}/${h.id}/edit`, ready: 'form' },
        { path: '/calculator', ready: 'form' },
        { path: '/parameters', ready: '.ant-table, .ant-result' },
        { path: '/cases', ready: '.ant-table, .ant-empty' },
        { path: `/cases/new?county=${h.countyCode}&household=${h.id}`, ready: 'form, .ant-result, .ant-alert' },
        { path: `/cases/${c.countyCode}/${c.id}`, ready: '[data-testid="case-page"], .ant-result' },
        { path: '/worklist', ready: '[data-testid="worklist-table"], .ant-empty, .ant-result' },
        { path: '/reviews', ready: '.ant-tabs, .ant-result' },
        { path: '/account', ready: '[data-testid="account-page"]' },
        { path: '/no-such-page', ready: '.ant-result' },
      ],
      violations,
    );
  });

  if (supervisor) {
    await t.step('the city supervisor’s compliance and simulation pages load with no CSP violation', async () => {
      await visitAll(t, supervisor, [
        { path: '/compliance', ready: '.ant-table, .ant-result' },
        { path: '/simulate', ready: '[data-testid="simulate-form"], .ant-result' },
      ], violations);
    });
  }

  if (countyAdmin) {
    await t.step('the county administrator’s payroll pages load with no CSP violation (second factor at login)', async () => {
      const context = await t.browser.newContext({ baseURL: t.baseUrl });
      const page = await context.newPage();
      await page.goto(`${t.baseUrl}/login`);
      await submitLogin(page, countyAdmin);
      await page.getByTestId('side-menu').waitFor();
      const rolls = await (await page.request.get('/api/payroll/rolls?county=211221')).json();
      await context.close();
      const roll = rolls.items?.[0] ?? { county: '211221', id: 'no-roll-yet' };
      await visitAll(t, countyAdmin, [
        { path: '/payroll', ready: '.ant-table, .ant-empty' },
        { path: '/payroll/reissue', ready: '.ant-table, .ant-empty, .ant-result' },
        { path: `/payroll/${roll.county}/${roll.id}`, ready: '.ant-descriptions, .ant-result' },
        { path: '/users/grants', ready: '[data-testid="grants-table"]' },
      ], violations);
    });
  }

  assert.deepEqual(violations, [], `CSP violations:\n${violations.join('\n')}`);
}
