import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';

export interface Account {
  username: string;
  password: string;
  displayName: string;
  area: string;
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
