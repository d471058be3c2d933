/**
 * Phone width (issue 11 point 12): village assistants and caseworkers use phones in the field. Every page of the roles
 * that work there — and the county's and the city's pages — fits a 390 px screen: the page itself is never wider than
 * the screen (tables scroll inside their card), the header keeps 退出登录 on screen, nothing overlaps it.
 */
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { type Account, type E2EContext, submitLogin } from './harness.ts';

async function onPhone(browser: Browser, baseUrl: string, who: Account): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true, baseURL: baseUrl });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (e) => process.stdout.write(`    page error: ${e.message}\n`));
  await page.goto(`${baseUrl}/`);
  await submitLogin(page, who);
  await page.getByTestId('logout').waitFor();
  return page;
}

/** Where the page starts to stick out past the screen's right edge: the outermost elements that do, inside one that does not. */
function overflowing(): string[] {
  const width = document.documentElement.clientWidth;
  const out: string[] = [];
  for (const el of Array.from(document.body.querySelectorAll<HTMLElement>('*'))) {
    const r = el.getBoundingClientRect();
    if (r.right <= width + 1 || r.width === 0) continue;
    const parent = el.parentElement;
    if (parent && parent !== document.body && parent.getBoundingClientRect().right > width + 1) continue;
    const id = el.closest('[data-testid]')?.getAttribute('data-testid');
    out.push(`${el.tagName.toLowerCase()}.${String(el.className).split(' ').slice(0, 2).join('.')}${id ? ` in [${id}]` : ''} → ${Math.round(r.right)}px`);
  }
  return out.slice(0, 6);
}

/** The page no wider than the screen, and the sign-out button inside it; the problems found, if any. */
async function fits(page: Page, path: string): Promise<string | null> {
  await page.goto(path);
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
  const w = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  if (w.scroll > w.client + 1) return `${path}: the page is ${w.scroll} px wide on a ${w.client} px screen: ${(await page.evaluate(overflowing)).join('; ')}`;
  const out = await page.getByTestId('logout').boundingBox();
  if (!out || out.x < 0 || out.x + out.width > w.client + 1) return `${path}: 退出登录 is off screen (${JSON.stringify(out)})`;
  return null;
}

export default async function phoneE2E(t: E2EContext): Promise<void> {
  const pages: [string, Account | undefined, string[]][] = [
    ['village assistant', t.villageAssistant, ['/registry', '/registry/new', '/cases', '/cases/new', '/worklist', '/reviews', '/calculator', '/parameters']],
    ['township caseworker', t.caseworker, ['/registry', '/registry/import', '/cases', '/worklist', '/reviews', '/calculator', '/parameters', '/account']],
    ['county approver', t.approver, ['/worklist', '/cases', '/reviews', '/payroll', '/payroll/reissue']],
    ['county administrator', t.countyAdmin, ['/payroll', '/payroll/reissue', '/parameters']],
    ['city supervisor', t.supervisor, ['/compliance', '/simulate', '/parameters']],
  ];
  for (const [who, account, paths] of pages) {
    if (!account) continue;
    await t.step(`the ${who}’s pages fit a 390 px phone, 退出登录 on screen`, async () => {
      const page = await onPhone(t.browser, t.baseUrl, account);
      const problems: string[] = [];
      for (const path of paths) {
        const p = await fits(page, path);
        if (p) problems.push(p);
      }
      assert.deepEqual(problems, [], problems.join('\n'));
      await t.screenshot(page, `phone-${who.replaceAll(' ', '-')}`);
      await page.context().close();
    });
  }
}
