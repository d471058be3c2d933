/**
 * 临时救助 in Chromium (issue 13 points 8 and 11, ADR 0037): the county approver tops up the township's reserve; on
 * Friday a township caseworker, on a phone, records a fire and pays 500 yuan first on the one-screen form (an amount
 * above the township's ceiling refused on its field, in Chinese); the business day moves past the weekend and past the
 * paperwork's due day — the county sees it on the overdue list — and the caseworker completes the paperwork and records
 * the investigation with a need above the township's ceiling; the township reviewer cannot approve it (the step says
 * why) and sends it to the county, which approves. A second fire of the same household is refused as the same event
 * until the county approver, on the first fire's case, records why it is a new one; its need is above the normal maximum: the county records a 一事一议
 * decision and approves it in two stages, which the page shows; the county's administrator pays them in two disbursement
 * batches (reconciled with the reserve), each approved by the approver. No code-like token on any page.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { fieldError, fillDate, runSuffix, searchAndChoose, syntheticId } from './antd.ts';
import { type Account, api, type E2EContext, signIn, untranslatedCodes } from './harness.ts';

const VILLAGE = '211221101200';
const TOWNSHIP = '211221101000';

/**
 * A date typed into a date picker, and read back: under load a picker can keep its previous value when its popup is
 * still opening, and the form then sends another day (the CI run saw an investigation refused as "after today").
 */
async function setDate(field: Locator, day: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    await fillDate(field, day);
    if ((await field.inputValue()) === day) return;
  }
  assert.equal(await field.inputValue(), day, 'the date picker took the day');
}

async function openCase(page: Page, path: string, state: string): Promise<void> {
  await page.goto(path);
  await page.locator(`[data-testid="case-page"][data-state="${state}"]`).waitFor();
}

async function take(page: Page, step: string, fill: () => Promise<void>, after: string): Promise<void> {
  await page.getByTestId(`take-${step}`).click();
  await page.locator(`[data-testid="step-form"][data-step="${step}"]`).waitFor();
  await fill();
  await page.getByTestId('step-submit').click();
  const moved = page.locator(`[data-testid="case-page"][data-state="${after}"]`);
  const refused = page.getByTestId('step-error');
  await moved.or(refused).first().waitFor();
  if (!(await moved.isVisible())) assert.fail(`${step} refused: ${await refused.textContent()}`);
}

async function investigate(page: Page, day: string, need: string): Promise<void> {
  await take(
    page,
    'investigate',
    async () => {
      await page.getByTestId('f-investigator-0').fill('王调查');
      await page.getByTestId('f-investigator-1').fill('赵调查');
      for (const f of ['f-investigatedOn', 'f-checkedOn', 'f-homeVisitOn']) await setDate(page.getByTestId(f), day);
      await page.getByTestId('f-writtenEvidence').fill('村委会证明\n现场照片');
      await page.getByTestId('f-findings').fill('住房失火属实，家庭无力承担');
      await page.getByTestId('f-need').fill(need);
    },
    'investigated',
  );
}

async function noCodes(page: Page, where: string): Promise<void> {
  assert.deepEqual(await untranslatedCodes(page), [], `code-like tokens on ${where}`);
}

export default async function temporaryAidE2E(t: E2EContext): Promise<void> {
  const { reviewer: rv, approver: ap, clock } = t;
  if (!rv || !ap || !clock) throw new Error('temporary-aid e2e needs the runner’s reviewer, approver and clock (not available against E2E_BASE_URL)');
  const cw: Account = { ...t.caseworker };
  const tag = runSuffix();
  const head = `火灾户${tag}`;
  const pages: Page[] = [];
  const as = async (who: Account, path: string, phone = false) => {
    const p = await signIn(t.browser, t.baseUrl, who, path, phone ? { phone: true, waitForMenu: false, reuseSession: true } : { reuseSession: true });
    if (phone) await p.getByTestId('logout').waitFor();
    pages.push(p);
    return p;
  };
  const done = async (p: Page) => p.context().close();
  let first = '';
  let second = '';

  try {
    await t.step('the county approver tops up the township’s reserve; a household of the township', async () => {
      clock.set('2019-11-08');
      const a = await as(ap, '/temporary/reserves');
      await api(a, 'POST', `/api/temporary/reserves/${TOWNSHIP}/top-ups`, { amount: '20000', note: '临时救助备用金拨付' });
      await done(a);
      const c = await as(cw, '/registry');
      const h = await api(c, 'POST', '/api/households', {
        areaCode: VILLAGE,
        address: '铁岭县新台子镇懿路村七组 8 号',
        hukouType: 'rural',
        registeredPoor: false,
        members: [
          { idNumber: syntheticId('211221', '19650312', 'M'), name: head, relation: 'head', laborCapacity: 'partial' },
          { idNumber: syntheticId('211221', '19680704', 'F'), name: `李火${tag}`, relation: 'spouse', laborCapacity: 'full' },
        ],
        incomes: [],
        assets: [],
        bankName: '铁岭农商银行',
        bankAccount: '6230520098765432101',
      });
      assert.ok(h.id);
      await done(c);
    });

    await t.step('Friday: the caseworker pays a fire first on the one-screen form at phone width; above the ceiling is refused on its field', async () => {
      const p = await as(cw, '/temporary/new', true);
      await p.locator('[data-testid="temporary-record-page"][data-mode="emergency"]').waitFor();
      await searchAndChoose(p, 'tmp-household', head);
      await p.getByTestId('tmp-person').locator(`[title="${head}（户主）"]`).waitFor();
      await p.getByTestId('tmp-category').getByText('火灾', { exact: true }).click();
      await setDate(p.getByTestId('tmp-eventDate'), '2019-11-07');
      await p.getByTestId('tmp-eventNote').fill('住房失火，衣物被褥烧毁');
      await p.getByTestId('tmp-need').fill('1200');
      await p.getByTestId('tmp-paidFirst').fill('1200');
      await p.getByTestId('tmp-reason').fill('家中无御寒衣物，急需救助');
      const balance = p.getByTestId('tmp-reserve-balance');
      await balance.getByText(/备用金当前余额 [\d,]+\.\d\d 元/).waitFor();
      // Not wider than the phone.
      const w = await p.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
      assert.ok(w.scroll <= w.client + 1, `the form is ${w.scroll} px wide on a ${w.client} px screen`);
      await t.screenshot(p, 'temporary-emergency-phone');
      await p.getByTestId('tmp-submit').click();
      await fieldError(p, 'tmp-paidFirst').getByText(/超过乡镇（街道）审批额度 1000\.00 元/).waitFor();
      await p.getByTestId('tmp-error').waitFor();
      await noCodes(p, 'the refused emergency form');
      await p.getByTestId('tmp-paidFirst').fill('500');
      await p.getByTestId('tmp-submit').click();
      await p.locator('[data-testid="case-page"][data-state="paid_first"]').waitFor();
      first = new URL(p.url()).pathname;
      const card = p.getByTestId('temporary-aid');
      assert.equal(await card.getAttribute('data-assisted-first'), 'true');
      assert.equal(await p.getByTestId('tmp-card-category').textContent(), '火灾');
      assert.match((await p.getByTestId('tmp-card-paid-first').textContent()) ?? '', /^2019-11-08 由 .+ 先行支付 500\.00 元$/);
      // Five working days from Friday 8 November: Friday 15 November.
      assert.match((await p.getByTestId('tmp-card-paperwork').textContent()) ?? '', /^2019-11-15/);
      await noCodes(p, 'the case paid first');
      await done(p);
    });

    await t.step('the business day moves past the weekend and the due day: the county sees the paperwork overdue', async () => {
      clock.set('2019-11-18');
      const a = await as(ap, '/temporary/overdue');
      await a.getByTestId('nav-temporary-overdue').click();
      const id = first.split('/').at(-1)!;
      const days = a.getByTestId(`overdue-days-${id}`);
      await days.waitFor();
      assert.equal(await days.getAttribute('data-days'), '1');
      assert.equal(await days.textContent(), '逾期 1 个工作日');
      await noCodes(a, 'the overdue list');
      await t.screenshot(a, 'temporary-overdue');
      await a.getByTestId(`overdue-link-${id}`).click();
      await a.locator('[data-testid="case-page"][data-state="paid_first"]').waitFor();
      assert.equal(await a.getByTestId('tmp-card-paperwork').getAttribute('data-overdue'), 'true');
      await done(a);
    });

    await t.step('Monday: the caseworker completes the paperwork and records the investigation with a need above the township’s ceiling', async () => {
      const p = await as(cw, first);
      await openCase(p, first, 'paid_first');
      await take(p, 'accept', async () => {}, 'accepted');
      await investigate(p, '2019-11-18', '1200');
      const card = p.getByTestId('temporary-aid');
      await p.locator('[data-testid="temporary-aid"][data-level="county"]').waitFor();
      assert.equal(await p.getByTestId('tmp-card-level').textContent(), '县级审批');
      assert.match((await p.getByTestId('tmp-card-paperwork').textContent()) ?? '', /^已于 2019-11-18 补办/);
      assert.equal(await card.getAttribute('data-assisted-first'), 'true');
      await done(p);
    });

    await t.step('the township reviewer may not approve above the ceiling (the step says why) and sends it to the county; the county approves', async () => {
      const r = await as(rv, first);
      await openCase(r, first, 'investigated');
      assert.equal(await r.getByTestId('next-approve').getAttribute('data-can'), 'false');
      await r.getByTestId('why-not-approve').waitFor();
      await noCodes(r, 'the reviewer’s case page');
      await take(r, 'township_review', async () => {
        await r.getByTestId('f-opinion').fill('情况属实，超出乡镇审批额度，报县级审批');
      }, 'county_review');
      await done(r);

      const a = await as(ap, first);
      await openCase(a, first, 'county_review');
      await take(a, 'approve', async () => {}, 'approved');
      const approved = (await a.getByTestId('tmp-card-approved').textContent()) ?? '';
      assert.match(approved, /^[\d,]+\.\d\d 元$/);
      await a.locator('[data-testid="tmp-stage-1"][data-status="paid_first"]').waitFor();
      await noCodes(a, 'the approved case');
      await t.screenshot(a, 'temporary-approved');
      await done(a);
    });

    await t.step('a second fire: refused as the same event until the county records why it is new; paid first again', async () => {
      const p = await as(cw, '/temporary/new', true);
      await searchAndChoose(p, 'tmp-household', head);
      await p.getByTestId('tmp-person').locator(`[title="${head}（户主）"]`).waitFor();
      await p.getByTestId('tmp-category').getByText('火灾', { exact: true }).click();
      await setDate(p.getByTestId('tmp-eventDate'), '2019-11-17');
      await p.getByTestId('tmp-eventNote').fill('厨房再次失火，房屋主体受损');
      await p.getByTestId('tmp-need').fill('20000');
      await p.getByTestId('tmp-paidFirst').fill('1000');
      await p.getByTestId('tmp-reason').fill('房屋受损无法居住');
      await p.getByTestId('tmp-submit').click();
      await fieldError(p, 'tmp-eventDate').waitFor();
      await p.getByTestId('tmp-error').waitFor();
      await noCodes(p, 'the same-event refusal');

      // The county approver, on the first fire's case, records why the second is a new event.
      const a = await as(ap, first);
      await openCase(a, first, 'approved');
      await a.getByTestId('tmp-new-event').click();
      const modal = a.locator('.ant-modal').filter({ hasText: '新事件说明（火灾）' });
      await setDate(a.getByTestId('tmp-new-event-date'), '2019-11-17');
      await a.getByTestId('tmp-new-event-reason').fill('11月17日厨房再次失火，与11月7日火灾无关，经核实属新发生事件');
      await noCodes(a, 'the new-event form');
      await a.getByTestId('tmp-new-event-submit').click();
      await modal.waitFor({ state: 'hidden' });
      await a.getByText('已记录 2019-11-17 为新事件，乡镇可另行登记').waitFor();
      await done(a);

      await p.getByTestId('tmp-submit').click();
      await p.locator('[data-testid="case-page"][data-state="paid_first"]').waitFor();
      second = new URL(p.url()).pathname;
      await p.locator('[data-testid="temporary-aid"][data-level="collective"]').waitFor();
      // Only the county approver is offered the new-event reason.
      assert.equal(await p.getByTestId('tmp-new-event').count(), 0);
      assert.equal(await p.getByTestId('tmp-card-level').textContent(), '一事一议');
      await take(p, 'accept', async () => {}, 'accepted');
      await investigate(p, '2019-11-18', '20000');
      await done(p);

      const r = await as(rv, second);
      await openCase(r, second, 'investigated');
      await take(r, 'township_review', async () => {
        await r.getByTestId('f-opinion').fill('重大生活困难，建议一事一议');
      }, 'county_review');
      await done(r);
    });

    await t.step('above the normal maximum the county records a 一事一议 decision and approves it in two stages', async () => {
      const a = await as(ap, second);
      await openCase(a, second, 'county_review');
      assert.equal(await a.getByTestId('next-approve').getAttribute('data-can'), 'false');
      await take(
        a,
        'collective_decision',
        async () => {
          await setDate(a.getByTestId('f-decidedOn'), '2019-11-18');
          const people = [
            ['张局长', '局长'],
            ['李副局长', '副局长'],
            ['王科长', '社会救助科科长'],
            ['赵主任', '财务室主任'],
            ['孙科员', '科员'],
          ];
          for (let i = 3; i < people.length; i++) await a.getByTestId('f-participant-add').click();
          for (const [i, [name, post]] of people.entries()) {
            await a.getByTestId(`f-participant-${i}-name`).fill(name);
            await a.getByTestId(`f-participant-${i}-post`).fill(post);
          }
          await a.getByTestId('f-members').fill('7');
          await a.getByTestId('f-present').fill('5');
          await a.getByTestId('f-inFavour').fill('5');
          await a.getByTestId('f-decision').fill('同意给予一次性临时救助 8000 元，分两次发放');
          await a.getByTestId('f-collective-amount').fill('8000');
        },
        'county_review',
      );
      await a.getByTestId('tmp-card-decisions').getByText('应到 7 人，实到 5 人，同意 5 人').waitFor();
      await a.locator('[data-testid="next-approve"][data-can="true"]').waitFor();
      await take(
        a,
        'approve',
        async () => {
          for (let i = 0; i < 2; i++) await a.getByTestId('f-stage-add').click();
          await setDate(a.getByTestId('f-stage-0-payOn'), '2019-11-19');
          await a.getByTestId('f-stage-0-amount').fill('3500');
          await setDate(a.getByTestId('f-stage-1-payOn'), '2019-12-19');
          await a.getByTestId('f-stage-1-amount').fill('3500');
          await a.getByTestId('f-stage-total').getByText('分次合计 7,000.00 元').waitFor();
        },
        'approved',
      );
      assert.equal(await a.getByTestId('tmp-card-approved').textContent(), '8,000.00 元');
      const stages = a.getByTestId('tmp-card-stages');
      await a.locator('[data-testid="tmp-stage-1"][data-status="paid_first"]').waitFor();
      await a.locator('[data-testid="tmp-stage-2"][data-status="planned"]').waitFor();
      await a.locator('[data-testid="tmp-stage-3"][data-status="planned"]').waitFor();
      const text = (await stages.textContent()) ?? '';
      for (const s of ['1,000.00 元', '2019-11-19', '2019-12-19', '3,500.00 元', '已先行支付', '待发放']) assert.ok(text.includes(s), `${s} in the stages`);
      await noCodes(a, 'the case approved in stages');
      // The decision letter and the approval form, printable in Chinese (HTML and PDF), offered on the case page.
      await a.getByTestId('doc-approval').getByText('临时救助决定书', { exact: true }).waitFor();
      await a.getByTestId('doc-record').getByText('临时救助审批表').waitFor();
      assert.equal(await a.getByTestId('doc-deliberation').count(), 0);
      const [county, id] = second.split('/').slice(-2);
      const letter = await (await a.request.get(`/api/cases/${county}/${id}/documents/approval?format=html`)).text();
      for (const s of ['临时救助决定书', '8000.00 元', '一事一议', '第 2 次', '2019年11月19日', '已先行支付的1000.00 元']) assert.ok(letter.includes(s), `${s} in the decision letter`);
      const form = await (await a.request.get(`/api/cases/${county}/${id}/documents/record?format=html`)).text();
      for (const s of ['临时救助审批表', '应到/实到/同意', '7/5/5', '同意给予一次性临时救助 8000 元，分两次发放', '补办期限']) assert.ok(form.includes(s), `${s} in the approval form`);
      // PDF where the server has a Chinese font to embed (as the case page offers it); the print view otherwise.
      if ((await api(a, 'GET', '/api/documents/formats')).pdf) {
        const pdf = await a.request.get(`/api/cases/${county}/${id}/documents/approval?format=pdf`);
        assert.equal(pdf.status(), 200);
        assert.equal((await pdf.body()).subarray(0, 5).toString('latin1'), '%PDF-');
      }
      await t.screenshot(a, 'temporary-stages');
      await a.getByTestId('temporary-aid').screenshot({ path: join(t.artifactsDir, 'temporary-aid-card.png') });
      if (t.auditEvents) {
        const events = await t.auditEvents({ action: 'case.assist_first' });
        assert.ok(events.some((e) => e.entityId === first.split('/').at(-1) && e.actor === cw.username));
      }
      await done(a);
    });

    await t.step('the same screen, switched, files a 支出型 application through the ordinary procedure', async () => {
      const p = await as(cw, '/temporary/new', true);
      await p.getByTestId('temporary-mode').getByText('支出型申请').click();
      await p.locator('[data-testid="temporary-record-page"][data-mode="expenditure"]').waitFor();
      assert.equal(await p.getByTestId('tmp-paidFirst').count(), 0);
      await searchAndChoose(p, 'tmp-household', head);
      await p.getByTestId('tmp-person').locator(`[title="${head}（户主）"]`).waitFor();
      await p.getByTestId('tmp-category').getByText('医疗支出', { exact: true }).click();
      await setDate(p.getByTestId('tmp-eventDate'), '2019-11-15');
      await p.getByTestId('tmp-eventNote').fill('住院自付医疗费用');
      await p.getByTestId('tmp-need').fill('3000');
      await p.getByTestId('tmp-submit').click();
      await p.locator('[data-testid="case-page"][data-state="applied"]').waitFor();
      assert.equal(await p.getByTestId('tmp-card-category').textContent(), '医疗支出');
      assert.equal(await p.getByTestId('temporary-aid').getAttribute('data-assisted-first'), 'false');
      await noCodes(p, 'the expenditure application');
      await done(p);
    });
    await t.step('the county pays the stages due in disbursement batches: built by its administrator, reconciled with the reserve, approved by the approver', async () => {
      if (!t.countyAdmin) throw new Error('temporary-aid e2e needs the runner’s county administrator');
      const [county, id] = second.split('/').slice(-2);
      const batch = async (day: string, stagesDue: number) => {
        clock.set(day);
        const m = await as(t.countyAdmin as Account, '/temporary/batches');
        await m.locator(`[data-testid="batch-due-figures"][data-stages="${stagesDue}"]`).waitFor();
        await noCodes(m, 'the batches page');
        await m.getByTestId('batch-build').click();
        await m.getByTestId('batch-build-confirm').click();
        // The batch is a payment roll: its page, its lines by stage, the reconciliation with the township reserve.
        await m.locator('[data-testid="reconciliation"][data-problems="0"]').waitFor();
        await m.getByTestId(`line-stage-${id}-${stagesDue === 2 ? 2 : 3}`).waitFor();
        assert.equal(await m.getByTestId('roll-approve').count(), 0, 'its maker has no approve button');
        await noCodes(m, 'the batch page');
        const url = new URL(m.url()).pathname;
        await done(m);
        const a = await as(ap, url);
        await a.getByTestId('reconciliation').getByText('账目相符', { exact: false }).waitFor();
        await a.getByTestId('roll-approve').click();
        await a.locator('.ant-popconfirm .ant-btn-primary').click();
        await a.locator('[data-testid="roll-status"][data-status="approved"]').waitFor();
        return { a, url };
      };
      // 19 November: the first fire's rest (approved on the 18th) and the second fire's second stage.
      const first19 = await batch('2019-11-19', 2);
      await t.screenshot(first19.a, 'temporary-batch');
      await done(first19.a);
      // 19 December: its third stage, in a batch of its own; the case shows both stages with the bank.
      const dec = await batch('2019-12-19', 1);
      await dec.a.goto(`${t.baseUrl}/cases/${county}/${id}`);
      await dec.a.locator('[data-testid="tmp-stage-2"][data-status="in_batch"]').waitFor();
      await dec.a.locator('[data-testid="tmp-stage-3"][data-status="in_batch"]').waitFor();
      await done(dec.a);
    });
  } finally {
    for (const p of pages) await p.context().close().catch(() => {});
    clock.reset();
  }
}
