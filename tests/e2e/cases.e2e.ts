/**
 * A dibao case end to end (issue 4, point 8): four different users take a rural household of three (POLICY.md §3's
 * worked example: 6,000 yuan wages a year) from application to approval in Chromium — the village assistant files
 * and records the democratic review, the township caseworker accepts, investigates and closes the village notice,
 * the township reviewer reviews, the county approver draws the spot check, gives the opinion and approves. The
 * server's clock is set day by day (notices run 7 days). The amount shown is checked against the policy engine's
 * (`POST /api/policy/calculate`), and the public notice list is downloaded and checked for the masked ID number. The
 * amount's explanation on the decision card and on the enrollment's first term reads in words (issue 11 point 4):
 * Chinese labels, values to the fen, the plan cited by number and clause; screenshots amount-explanation*.png.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { maskIdNumber } from '../../src/kernel/id-number.ts';
import { chooseOption, runSuffix, syntheticId, fillDate } from './antd.ts';
import { type Account, api, type E2EContext, signIn } from './harness.ts';

const VILLAGE = '211221101200';

/** Opens the case page and waits until it shows the given state. */
async function openCase(page: Page, path: string, state: string): Promise<void> {
  await page.goto(path);
  await page.locator(`[data-testid="case-page"][data-state="${state}"]`).waitFor();
}

async function take(page: Page, step: string, fill: () => Promise<void>, after: string): Promise<void> {
  await page.getByTestId(`take-${step}`).click();
  await page.locator(`[data-testid="step-form"][data-step="${step}"]`).waitFor();
  await fill();
  await page.getByTestId('step-submit').click();
  await page.locator(`[data-testid="case-page"][data-state="${after}"]`).waitFor();
}

/**
 * The amount's explanation inside `container` (a decision card or an enrollment term) reads as people read it: steps by
 * their Chinese names, values to the fen (the exact value kept for the tooltip), 符合 for a test met, the plan cited by
 * number and clause, a demo default said to be one — and no raw key, reason code, 50-digit number or POLICY.md.
 */
async function expectExplained(page: Page, container: string, row: string): Promise<void> {
  const box = page.getByTestId(container);
  await box.waitFor();
  const step = (key: string) => box.getByTestId(`${row}-${key}`);
  const perCapita = step('income.perCapitaMonthly');
  assert.equal(await perCapita.getByTestId('trace-label').textContent(), '家庭人均月收入');
  assert.equal(await perCapita.getByTestId('trace-value').textContent(), '166.67 元');
  assert.equal(await perCapita.getAttribute('data-rounded'), 'true', 'the value is rounded for the eye only');
  assert.equal(await step('standard.monthly').getByTestId('trace-value').textContent(), '397.50 元/人');
  assert.equal(await step('test.income').getByTestId('trace-value').textContent(), '符合');
  assert.equal(await step('amount.fen').getByTestId('trace-value').textContent(), '692.50 元');
  const rural = step('standard.annual').getByTestId('trace-param-dibao.standard.rural');
  assert.match((await rural.textContent()) ?? '', /农村最低生活保障标准（年）：4,770\.00 元\/人\/年/);
  assert.match((await rural.getByTestId('trace-citation').textContent()) ?? '', /^依据：铁市民发〔2019〕45号 二\(一\)：/);
  await box.getByText('家庭人均月收入低于当地低保标准').first().waitFor();
  const text = (await box.textContent()) ?? '';
  assert.match(text, /示例值：演示用的默认值，不是政策规定，须由县（市）区按本地规定设定/);
  assert.doesNotMatch(text, /POLICY\.md|INCOME_BELOW_STANDARD|standard\.annual|income\.perCapita|amount\.fen|\btrue\b|illustrative demo default|\d\.\d{3,}/);
}

/** A picture of one element, taken with a viewport as tall as the page so the sticky header does not cover it. */
async function shotOf(page: Page, testId: string, path: string): Promise<void> {
  const size = page.viewportSize() ?? { width: 1440, height: 900 };
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: size.width, height: Math.min(Math.max(height, size.height), 4000) });
  await page.getByTestId(testId).screenshot({ path });
  await page.setViewportSize(size);
}

export default async function casesE2E(t: E2EContext): Promise<void> {
  const { villageAssistant: va, reviewer: rv, approver: ap, clock } = t;
  if (!va || !rv || !ap || !clock) throw new Error('cases e2e needs the runner’s case users and clock (not available against E2E_BASE_URL)');
  const cw = { ...t.caseworker };
  const tag = runSuffix();
  const ids = { head: syntheticId('211221', '19700301', 'M'), spouse: syntheticId('211221', '19720501', 'F'), child: syntheticId('211221', '20080901', 'M') };
  const names = { head: `申建${tag}`, spouse: `李秀${tag}`, child: `申明${tag}` };
  let casePath = '';
  let household = { countyCode: '', id: '' };
  const pages: Page[] = [];
  const as = async (who: Account, path: string) => {
    const p = await signIn(t.browser, t.baseUrl, who, path, { reuseSession: true });
    pages.push(p);
    return p;
  };
  const done = async (p: Page) => p.context().close();

  try {
    await t.step('the village assistant files a dibao application from the household page', async () => {
      clock.set('2019-07-01');
      const p = await as(va, '/registry');
      const h = await api(p, 'POST', '/api/households', {
        areaCode: VILLAGE,
        address: '铁岭县新台子镇懿路村三组 12 号',
        hukouType: 'rural',
        registeredPoor: false,
        // With an account: approved from 2019-08, it is paid in the payroll e2e's roll like the runner's households.
        bankName: '铁岭县农村信用社',
        bankAccount: `6217${String(Math.floor(Math.random() * 1e15)).padStart(15, '0')}`,
        members: [
          { idNumber: ids.head, name: names.head, relation: 'head', laborCapacity: 'full' },
          { idNumber: ids.spouse, name: names.spouse, relation: 'spouse', laborCapacity: 'full' },
          { idNumber: ids.child, name: names.child, relation: 'child', laborCapacity: 'none', inSchool: true },
        ],
        incomes: [{ kind: 'wage', annualYuan: '6000' }],
        assets: [],
      });
      household = { countyCode: h.countyCode, id: h.id };
      await p.goto(`/registry/${h.countyCode}/${h.id}`);
      await p.getByTestId('detail-apply').click();
      await p.getByTestId('apply-page').waitFor();
      await p.getByTestId('apply-declaration').click();
      await p.getByTestId('apply-authorised').click();
      await p.getByTestId('apply-submit').click();
      await p.locator('[data-testid="case-page"][data-state="applied"]').waitFor();
      casePath = new URL(p.url()).pathname;
      assert.match(casePath, /^\/cases\/211221\/[0-9a-f-]+$/);
      assert.equal(await p.getByTestId('case-applicant').textContent(), names.head);
      // The assistant may not accept: the step is listed with the reason.
      assert.equal(await p.getByTestId('next-accept').getAttribute('data-can'), 'false');
      await done(p);
    });

    await t.step('the township caseworker finds it in the worklist, accepts it and records the investigation', async () => {
      clock.set('2019-07-02');
      const p = await as(cw, '/worklist');
      await p.getByTestId('nav-worklist').click();
      const row = p.getByTestId('worklist-table').getByText(names.head);
      await row.click();
      await p.locator('[data-testid="case-page"][data-state="applied"]').waitFor();
      await take(p, 'accept', async () => {}, 'accepted');
      await p.getByTestId('doc-acceptance').waitFor();
      await take(
        p,
        'investigate',
        async () => {
          await p.getByTestId('f-investigator-0').fill('王调查');
          await p.getByTestId('f-investigator-1').fill('赵调查');
          for (const f of ['f-investigatedOn', 'f-checkedOn', 'f-homeVisitOn']) await fillDate(p.getByTestId(f), '2019-07-02');
          await p.getByTestId('f-writtenEvidence').fill('村委会收入证明\n务工单位工资证明');
          await p.getByTestId('f-findings').fill('家庭收入主要为务工收入');
        },
        'investigated',
      );
      assert.ok((await p.getByTestId('case-timeline').getByTestId('timeline-actor').allTextContents()).includes(cw.displayName));
      await done(p);
    });

    await t.step('the village assistant records the democratic review; the two-thirds rule shows as it is typed', async () => {
      clock.set('2019-07-03');
      const p = await as(va, casePath);
      await p.locator('[data-testid="case-page"][data-state="investigated"]').waitFor();
      await p.getByTestId('take-deliberate').click();
      await fillDate(p.getByTestId('f-heldOn'), '2019-07-03');
      for (let i = 0; i < 3; i++) await p.getByTestId('f-add-participant').click();
      await p.getByTestId('f-participant-0').fill('村民代表甲');
      await p.getByTestId('f-participant-1').fill('两委成员乙');
      await p.getByTestId('f-participant-2').fill('两委成员丙');
      await chooseOption(p, 'f-participant-1-category', '村委会成员');
      await chooseOption(p, 'f-participant-2-category', '党支部成员');
      await p.locator('[data-testid="two-thirds"][data-ok="false"]').waitFor();
      for (let i = 3; i < 7; i++) {
        await p.getByTestId('f-add-participant').click();
        await p.getByTestId(`f-participant-${i}`).fill(`村民代表${i}`);
      }
      // 5 representatives of 7 participants: at least two thirds.
      await p.locator('[data-testid="two-thirds"][data-ok="true"]').waitFor();
      await p.getByTestId('f-signed').click();
      await p.getByTestId('step-submit').click();
      await p.locator('[data-testid="case-page"][data-state="deliberated"]').waitFor();
      await t.screenshot(p, 'case-deliberated');
      await done(p);
    });

    await t.step('the township reviewer reviews (village notice) and downloads the public notice list: masked ID, no income', async () => {
      clock.set('2019-07-04');
      const p = await as(rv, casePath);
      await openCase(p, casePath, 'deliberated');
      await take(p, 'township_review', async () => {}, 'village_notice');
      await p.getByTestId('nav-cases').click();
      await p.getByTestId('notices-open').click();
      await p.getByTestId('notices-table').getByText(names.head).waitFor();
      assert.ok(((await p.getByTestId('notices-table').textContent()) ?? '').includes(maskIdNumber(ids.head)));
      const [download] = await Promise.all([p.waitForEvent('download'), p.getByTestId('notices-download').click()]);
      const file = await download.path();
      assert.ok(file, 'the public notice was downloaded');
      const bytes = readFileSync(file);
      const name = download.suggestedFilename();
      if (name.endsWith('.pdf')) {
        assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
      } else {
        assert.match(name, /^public-notice-village-2019-07-04\.html$/);
      }
      // The same list as a print view, read as text: masked ID, the amount, nothing of the income.
      const html = await (await p.request.get('/api/public-notices/document?level=village&format=html')).text();
      assert.ok(html.includes(maskIdNumber(ids.head)), 'masked ID in the notice');
      assert.ok(!html.includes(ids.head), 'no full ID in the notice');
      assert.ok(!html.includes('6000') && !html.includes('收入证明'), 'no income in the notice');
      await t.screenshot(p, 'case-public-notice');
      await done(p);
    });

    await t.step('after 7 days the caseworker closes the village notice; the county approver draws the spot check and gives the opinion', async () => {
      clock.set('2019-07-12');
      const p = await as(cw, casePath);
      await openCase(p, casePath, 'village_notice');
      await take(p, 'close_village_notice', async () => {}, 'county_review');
      await done(p);

      clock.set('2019-07-15');
      const a = await as(ap, casePath);
      await openCase(a, casePath, 'county_review');
      assert.equal(await a.getByTestId('next-county_opinion').getAttribute('data-can'), 'false');
      await a.getByTestId('draw-spot-check').click();
      await a.getByTestId('case-spot-check').filter({ hasNotText: '尚未抽样' }).waitFor();
      if ((await a.getByTestId('next-spot_visit').getAttribute('data-can')) === 'true') {
        await take(
          a,
          'spot_visit',
          async () => {
            await fillDate(a.getByTestId('f-visitedOn'), '2019-07-15');
            await a.getByTestId('f-visitors').fill('县抽查员甲\n县抽查员乙');
          },
          'county_review',
        );
        await a.getByTestId('case-spot-check').filter({ hasText: '已入户核查' }).waitFor();
      }
      await take(a, 'county_opinion', async () => {}, 'county_notice');
      await done(a);
    });

    await t.step('after the county notice the approver approves; the amount shown is the policy engine’s', async () => {
      clock.set('2019-07-23');
      const a = await as(ap, casePath);
      await openCase(a, casePath, 'county_notice');
      await take(a, 'approve', async () => {}, 'approved');
      const shown = (await a.getByTestId('decision-amount').textContent())?.trim();
      const engine = await api(a, 'POST', '/api/policy/calculate', {
        program: 'dibao',
        month: '2019-08',
        county: household.countyCode,
        household: {
          hukou: 'rural',
          members: [
            { birthDate: '1970-03-01', relation: 'head', laborCapacity: 'full' },
            { birthDate: '1972-05-01', relation: 'spouse', laborCapacity: 'full' },
            { birthDate: '2008-09-01', relation: 'child', laborCapacity: 'none' },
          ],
          incomes: [{ kind: 'wage', annual: 6000 }],
        },
      });
      assert.equal(engine.eligible, true);
      assert.equal(shown, engine.amount.yuan, `shown ${shown}, engine ${engine.amount.yuan}`);
      assert.equal(shown, '692.50', 'POLICY.md §3 worked example');
      assert.equal(await a.getByTestId('decision-decider').textContent(), ap.displayName);
      await a.getByTestId('decision-step-amount.exact').waitFor();
      await expectExplained(a, 'decision-explanation', 'decision-step');
      await shotOf(a, 'decision-explanation', join(t.artifactsDir, 'amount-explanation-decision.png'));
      await a.getByTestId('doc-approval').waitFor();
      // Four different people took the steps.
      const actors = new Set(await a.getByTestId('case-timeline').getByTestId('timeline-actor').allTextContents());
      for (const who of [va, cw, rv, ap]) assert.ok(actors.has(who.displayName), `${who.displayName} in the timeline`);
      await t.screenshot(a, 'case-approved');
      const sheet = await (await a.request.get(`/api${casePath}/documents/approval?format=html`)).text();
      assert.ok(sheet.includes(`${shown} 元`), 'the certificate shows the decided amount');
      await done(a);
    });

    await t.step('the enrollment’s first term explains its amount the same way (in Chinese, then in English); a screenshot is saved', async () => {
      const a = await as(ap, `/registry/${household.countyCode}/${household.id}`);
      const terms = a.getByTestId('terms-table');
      await terms.waitFor();
      // The term's reasons read as words, not `INCOME_BELOW_STANDARD: …`.
      const lines = (await terms.getByTestId('term-reason-lines').first().textContent()) ?? '';
      assert.match(lines, /家庭人均月收入低于当地低保标准/);
      assert.doesNotMatch(lines, /[A-Z]{4,}_[A-Z_]+/);
      await terms.locator('.ant-table-row-expand-icon').first().click();
      await expectExplained(a, 'term-explanation', 'term-step');
      const term = a.getByTestId('term-explanation');
      await shotOf(a, 'term-explanation', join(t.artifactsDir, 'amount-explanation.png'));
      await t.screenshot(a, 'amount-explanation-page');
      await a.getByTestId('lang-switch').getByText('EN').click();
      const perCapita = a.getByTestId('term-step-income.perCapitaMonthly');
      await perCapita.getByTestId('trace-label').filter({ hasText: 'income per person per month' }).waitFor();
      assert.equal(await perCapita.getByTestId('trace-value').textContent(), '166.67 yuan');
      assert.equal(await a.getByTestId('term-step-test.income').getByTestId('trace-value').textContent(), 'met');
      await term.getByText('household income per person per month is below the local dibao standard').waitFor();
      assert.match((await term.textContent()) ?? '', /Demo value: a default for demonstration, not policy — the county must set it/);
      await shotOf(a, 'term-explanation', join(t.artifactsDir, 'amount-explanation-en.png'));
      await a.getByTestId('lang-switch').getByText('中文').click();
      await done(a);
    });
  } finally {
    clock.reset();
    for (const p of pages) await p.context().close().catch(() => {});
  }
}
