import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Secret, TOTP } from 'otpauth';
import type { Browser, Page } from 'playwright-core';

export interface Account {
  username: string;
  password: string;
  displayName: string;
  area: string;
  /** The account's authenticator secret (base32), for the roles that sign in with a second factor (ADR 0014). */
  totpSecret?: string;
}

/** The last 30-second step whose code each account used: the server accepts a code once. */
const usedSteps = new Map<string, number>();

/**
 * The authenticator code an app would show now for `who` — computed with the library the server checks with. A second
 * login of the same account within one 30-second step waits for the next code, as a person would.
 */
export async function totpCodeFor(who: Pick<Account, 'username' | 'totpSecret'>): Promise<string> {
  if (!who.totpSecret) throw new Error(`${who.username} has no authenticator secret`);
  let step = Math.floor(Date.now() / 30_000);
  const last = usedSteps.get(who.username);
  if (last !== undefined && step <= last) {
    await new Promise((r) => setTimeout(r, (last + 1) * 30_000 - Date.now() + 250));
    step = last + 1;
  }
  usedSteps.set(who.username, step);
  return new TOTP({ secret: Secret.fromBase32(who.totpSecret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: step * 30_000 + 1000 });
}

/** Fills the login form and, for an account with an authenticator, the code step that follows. */
export async function submitLogin(page: Page, who: Account): Promise<void> {
  await page.getByTestId('login-username').fill(who.username);
  await page.getByTestId('login-password').fill(who.password);
  await page.getByTestId('login-submit').click();
  if (!who.totpSecret) return;
  await page.getByTestId('totp-code').waitFor();
  await page.getByTestId('totp-code').fill(await totpCodeFor(who));
  await page.getByTestId('totp-submit').click();
}

/** What every `*.e2e.ts` file receives: a browser, the system's URL, an account, and a place for artifacts. */
export interface E2EContext {
  browser: Browser;
  baseUrl: string;
  /** A township caseworker (乡镇经办) with `registry.write`, bound to `area`. */
  caseworker: { username: string; password: string; displayName: string; area: string };
  /** A city supervisor (市局督查, compliance.read) and a system administrator (params.manage), when the runner made them. */
  supervisor?: Account;
  admin?: Account;
  /** The other users of the case procedure (issue 4), in the caseworker's township and county, when the runner made them. */
  villageAssistant?: Account;
  reviewer?: Account;
  approver?: Account;
  /** A county administrator of the approver's county, who builds payment rolls (issue 5), when the runner made one. */
  countyAdmin?: Account;
  /**
   * Accounts for the account screens (issue 9): `newApprover` has no authenticator yet (it enrols at its first login),
   * `resetWorker` must change its password at its first login.
   */
  newApprover?: Account;
  resetWorker?: Account;
  /** The server's clock when the runner started the server: cases need days to pass (7-day notices). */
  clock?: { set(day: string): void; reset(): void };
  artifactsDir: string;
  step: (name: string, fn: () => Promise<void>) => Promise<void>;
  /** Saves a full-page screenshot as `<artifactsDir>/<name>.png` and returns its path. */
  screenshot: (page: Page, name: string) => Promise<string>;
}

export type E2ETest = (t: E2EContext) => Promise<void>;

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function makeStep(log: (line: string) => void): E2EContext['step'] {
  return async (name, fn) => {
    const started = performance.now();
    try {
      await fn();
      log(`  ✓ ${name} (${Math.round(performance.now() - started)} ms)`);
    } catch (e) {
      log(`  ✗ ${name}`);
      throw e;
    }
  };
}

export function makeScreenshot(dir: string): E2EContext['screenshot'] {
  return async (page, name) => {
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `${name}.png`);
    // A viewport as tall as the page rather than `fullPage`: the sticky header then stays at the top of the
    // picture instead of being painted halfway down it.
    const size = page.viewportSize() ?? { width: 1440, height: 900 };
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewportSize({ width: size.width, height: Math.min(Math.max(height, size.height), 4000) });
    await page.screenshot({ path });
    await page.setViewportSize(size);
    return path;
  };
}
