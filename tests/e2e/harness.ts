import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Secret, TOTP } from 'otpauth';
import type { Browser, Page } from 'playwright-core';
import { syntheticId } from './antd.ts';

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

/** What the harness spent waiting for authenticator steps (the runner prints it per file, then resets it). */
export const totpWaits = { ms: 0, count: 0 };

const PERIOD_MS = 30_000;
/**
 * The server accepts the code of its own step and of the steps just before and after it (clock drift: WINDOW in
 * src/commands/auth/second-factor.ts, ADR 0014), each step once. A phone whose clock is a little ahead or behind shows
 * those codes; the harness uses them too rather than waiting half a minute for each further login of an account.
 */
const DRIFT_STEPS = 1;
/** The step before is used only while it stays inside the server's window until the code reaches it. */
const MARGIN_MS = 8_000;

/**
 * The authenticator code an app would show for `who` — computed with the library the server checks with: the earliest
 * step inside the server's window that this account has not used yet. When all of them are used (a fourth login within
 * a step), it waits for the next step, as a person would.
 */
export async function totpCodeFor(who: Pick<Account, 'username' | 'totpSecret'>): Promise<string> {
  if (!who.totpSecret) throw new Error(`${who.username} has no authenticator secret`);
  const now = Date.now();
  const current = Math.floor(now / PERIOD_MS);
  const earliest = (current + 1) * PERIOD_MS - now > MARGIN_MS ? current - DRIFT_STEPS : current;
  const last = usedSteps.get(who.username);
  const step = last === undefined ? earliest : Math.max(earliest, last + 1);
  if (step > current + DRIFT_STEPS) {
    // Until `step` is inside the window: the server's step is then step - DRIFT_STEPS.
    const wait = (step - DRIFT_STEPS) * PERIOD_MS - Date.now() + 250;
    totpWaits.ms += wait;
    totpWaits.count++;
    await new Promise((r) => setTimeout(r, wait));
  }
  usedSteps.set(who.username, step);
  return new TOTP({ secret: Secret.fromBase32(who.totpSecret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: step * PERIOD_MS + 1000 });
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

/** How a test's browser looks and waits: a desk (1440 × 900) unless `phone` (390 × 844, touch). */
export interface SignInOptions {
  phone?: boolean;
  /** The default timeout of the page's actions, ms (20 s unless said). */
  timeout?: number;
  /** Wait for the side menu after the login (the app shown); true unless said. */
  waitForMenu?: boolean;
  /**
   * Open the page in the session this account signed in with earlier in the run (its cookie, as a person who keeps the
   * browser open would) instead of logging in again; it logs in when there is none yet or the server no longer knows it
   * (logged out, expired at a day the test moved the clock to). For the tests that are not about logging in: an
   * account with an authenticator can log in only about three times in 30 s (ADR 0014), and further logins wait for the
   * next step (temporary-aid.e2e.ts waited 56 s of its 156 s for them).
   */
  reuseSession?: boolean;
}

type StorageState = Awaited<ReturnType<import('playwright-core').BrowserContext['storageState']>>;
/** The sessions kept for `reuseSession`, per browser (one per run or shard) and account. */
const keptSessions = new WeakMap<Browser, Map<string, StorageState>>();

/** A fresh browser context in zh-CN, signed in as `who`, on `path` (one for every e2e file). */
export async function signIn(browser: Browser, baseUrl: string, who: Account, path = '/', o: SignInOptions = {}): Promise<Page> {
  const kept = o.reuseSession ? keptSessions.get(browser)?.get(who.username) : undefined;
  const context = await browser.newContext({
    ...(o.phone ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } : { viewport: { width: 1440, height: 900 } }),
    locale: 'zh-CN',
    acceptDownloads: true,
    baseURL: baseUrl,
    ...(kept ? { storageState: kept } : {}),
  });
  const page = await context.newPage();
  page.setDefaultTimeout(o.timeout ?? 20_000);
  page.on('pageerror', (e) => process.stdout.write(`    page error: ${e.message}\n`));
  let signedIn = false;
  if (kept) {
    const res = await context.request.get(`${baseUrl}/api/session`);
    const session = res.ok() ? ((await res.json()) as { user?: { username?: string }; step?: string }) : undefined;
    signedIn = session?.step === 'done' && session.user?.username === who.username;
    if (!signedIn) await context.clearCookies();
  }
  await page.goto(`${baseUrl}${path}`);
  if (!signedIn) {
    await submitLogin(page, who);
    if (o.reuseSession) {
      // Kept once the server says the login is done (the cookie it then holds is the signed-in session's).
      const until = Date.now() + (o.timeout ?? 20_000);
      for (;;) {
        const res = await context.request.get(`${baseUrl}/api/session`);
        if (res.ok() && ((await res.json()) as { step?: string }).step === 'done') break;
        if (Date.now() > until) throw new Error(`${who.username}: the login did not finish`);
        await new Promise((r) => setTimeout(r, 100));
      }
      if (!keptSessions.has(browser)) keptSessions.set(browser, new Map());
      keptSessions.get(browser)?.set(who.username, await context.storageState());
    }
  }
  if (o.waitForMenu !== false) await page.getByTestId('side-menu').waitFor();
  return page;
}

/** A JSON call from the signed-in page (its session cookie, and the CSRF token for unsafe methods); it must succeed. */
export async function api(page: Page, method: 'GET' | 'POST', path: string, body?: unknown): Promise<any> {
  const session = await (await page.request.get('/api/session')).json();
  const res = await page.request.fetch(path, { method, data: body, headers: { 'x-csrf-token': session.csrfToken } });
  const json = await res.json();
  assert.ok(res.ok(), `${method} ${path}: ${res.status()} ${JSON.stringify(json)}`);
  return json;
}

/**
 * A one-person rural household in `areaCode` (its head without income or assets, a synthetic ID number) and a dibao case
 * opened for it on the head's behalf, through the API as the page's user: where the e2e tests start a case's story.
 */
export async function householdWithCase(
  page: Page,
  o: { areaCode: string; address: string; head: { name: string; born: string; sex: 'M' | 'F' }; registeredPoor?: boolean; attachments?: string[] },
): Promise<{ household: any; case: any }> {
  const household = await api(page, 'POST', '/api/households', {
    areaCode: o.areaCode,
    address: o.address,
    hukouType: 'rural',
    ...(o.registeredPoor ? { registeredPoor: true } : {}),
    members: [{ idNumber: syntheticId(o.areaCode.slice(0, 6), o.head.born, o.head.sex), name: o.head.name, relation: 'head', laborCapacity: 'none', supporterStatus: 'none' }],
    incomes: [],
    assets: [],
  });
  const c = await api(page, 'POST', '/api/cases', {
    kind: 'dibao_household',
    household: { countyCode: household.countyCode, id: household.id },
    applicantPersonId: household.members[0].id,
    signedDeclaration: true,
    dataCheckAuthorised: true,
    staffRelative: false,
    onBehalf: true,
    attachments: o.attachments ?? [],
  });
  return { household, case: c };
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
  /** A poverty-office liaison (扶贫办联络员: parameters and divisions only), when the runner made one. */
  liaison?: Account;
  /** An auditor (审计员: the audit browser, issue 16 point 4), when the runner made one. */
  auditor?: Account;
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
  /**
   * The audit events of one action (optionally of one entity), oldest first, read from the runner's database: what an
   * auditor would find there. Absent when testing a running system (E2E_BASE_URL).
   */
  auditEvents?: (filter: { action: string; entityId?: string }) => Promise<AuditEventSeen[]>;
  /**
   * What happens to the registry and the enrollments outside the payment screens while a roll waits for approval
   * (issue 11), written straight into the runner's database: households enrolled from a month (as a case approved
   * now would be), and a household's bank account removed (as if registered without one). Absent against E2E_BASE_URL.
   */
  payrollFixtures?: {
    /** In village 211221102200 unless `village` names another of 铁岭县 (field-visit.e2e.ts: one of the caseworker's township). */
    enroll(o: { prefix: string; households: number; startMonth: string; village?: string }): Promise<void>;
    clearAccount(householdId: string): Promise<void>;
  };
  /**
   * A case marked as opened by the concentrated screening (`assistance_case.origin = 'screening'`), written straight into
   * the runner's database as the screening's ledger would (four-deliberations.e2e.ts). Absent against E2E_BASE_URL.
   */
  caseFixtures?: {
    markFromScreening(countyCode: string, id: string): Promise<void>;
    /**
     * A county's parameter override in force, written straight into the runner's database (e.g. the required documents
     * switched on); the returned function removes it, so that the files after the caller's see the shipped parameters.
     */
    overrideInForce(o: { name: string; area: string; effectiveFrom: string; value: number }): Promise<() => Promise<void>>;
  };
  /**
   * The poverty office's registry written straight into the runner's database (issue 12). Absent against E2E_BASE_URL.
   * `snapshot(o)` (screening.e2e.ts): a snapshot of a county with its households and persons, each person matched to the
   * doudi person given (as the ID pass would). `enrolledSnapshot()` (dual-inclusion.e2e.ts): a snapshot of the city with
   * some enrolled households of 铁岭县 (matched by ID number) and one household unknown to doudi.
   */
  povertyFixtures?: {
    snapshot(o: {
      areaCode: string;
      households: { hhNo: string; villageCode: string; attribute: 'general' | 'dibao' | 'tekun'; status: 'poor' | 'out'; persons: { name: string; idNumber: string; health?: 'healthy' | 'chronic' | 'serious' | 'disabled'; disabilityGrade?: number; laborCapacity?: string; matchPersonId?: string }[] }[];
    }): Promise<{ snapshotId: string }>;
    enrolledSnapshot(): Promise<void>;
    /** `matchedSnapshot(o)` (poverty-match.e2e.ts): a snapshot written as given and matched (ID pass, earlier decisions, fuzzy pass), as an accepted import would leave it; returns its id. */
    matchedSnapshot(o: Parameters<typeof import('../factories/poverty.ts').insertPovertySnapshot>[1]): Promise<string>;
  };
  /**
   * rectification.e2e.ts: a person still paid after death (a county of its own, its township caseworker and county
   * approver, an enrolled household on a built roll, a death record of its head), written straight into the runner's
   * database. Absent against E2E_BASE_URL.
   */
  rectificationFixtures?: { deceasedStillPaid(): Promise<{ county: string; caseworker: Account; reviewer: Account; approver: Account; householdId: string }> };
  artifactsDir: string;
  step: (name: string, fn: () => Promise<void>) => Promise<void>;
  /** Saves a full-page screenshot as `<artifactsDir>/<name>.png` and returns its path. */
  screenshot: (page: Page, name: string) => Promise<string>;
}

export interface AuditEventSeen {
  at: string;
  actor: string;
  action: string;
  entityType: string;
  entityId: string | null;
  detail: Record<string, unknown> | null;
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

/**
 * Code-like tokens a user of the Chinese interface must never read (issue 11 point 5): snake_case values
 * (no_objection), dotted keys (standard.annual, reviews.field.x) and ALL_CAPS codes (INCOME_BELOW_STANDARD).
 * Code elements (`code`, `kbd`, `pre`, `[data-code]`) show names on purpose and are not read.
 */
export const CODE_TOKEN = /\b(?:[a-z][a-z0-9]*_[a-z0-9_]*[a-z0-9]|[a-z][a-zA-Z0-9]*\.[a-z][a-zA-Z0-9]*(?:\.[a-zA-Z0-9]+)*|[A-Z][A-Z0-9]*_[A-Z0-9_]*[A-Z0-9])\b/g;

/** The code-like tokens on a page shown in Chinese, with the text around each (none for a page in English). */
export async function untranslatedCodes(page: Page): Promise<string[]> {
  return page.evaluate((source) => {
    if (!document.documentElement.lang.toLowerCase().startsWith('zh')) return [];
    const pattern = new RegExp(source, 'g');
    const found: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
      acceptNode: (n) => {
        const el = n.parentElement;
        if (!el || el.closest('code, kbd, pre, script, style, [data-code]')) return NodeFilter.FILTER_REJECT;
        const style = getComputedStyle(el);
        if (style.display === 'none' || style.visibility === 'hidden') return NodeFilter.FILTER_REJECT;
        // Not on screen: inside a box clipped to nothing (a select's hidden accessibility list, for one).
        for (let a: HTMLElement | null = el; a && a !== document.body; a = a.parentElement) {
          const r = a.getBoundingClientRect();
          if ((r.width === 0 || r.height === 0) && getComputedStyle(a).overflow !== 'visible') return NodeFilter.FILTER_REJECT;
        }
        return NodeFilter.FILTER_ACCEPT;
      },
    });
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent ?? '';
      for (const m of text.matchAll(pattern)) found.push(`"${m[0]}" in "${text.trim().slice(0, 80)}"`);
    }
    return [...new Set(found)];
  }, CODE_TOKEN.source);
}

export function makeStep(log: (line: string) => void, pages: () => Page[] = () => []): E2EContext['step'] {
  return async (name, fn) => {
    const started = performance.now();
    try {
      await fn();
      // Every page this step left open, if shown in Chinese, is read for untranslated codes.
      for (const page of pages()) {
        if (page.isClosed()) continue;
        const codes = await untranslatedCodes(page).catch(() => []);
        if (codes.length > 0) throw new Error(`untranslated codes on ${page.url()}:\n    ${codes.join('\n    ')}`);
      }
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
