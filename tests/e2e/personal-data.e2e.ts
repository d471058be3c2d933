/**
 * Personal data masked by default (issue 9 point 16, ADR 0012) in Chromium: the household page shows ID numbers, the
 * bank account and the phone masked and nothing of them in full anywhere in the page; a township caseworker reveals one
 * through its button (the full value appears, an audit event `registry.reveal` names the field, never the value) and
 * hides it again; a city supervisor sees the same page with no reveal button and the server refuses the request if it
 * is sent anyway; editing a member without touching the masked ID number keeps the number (the member is still found by
 * a search on it), a number corrected after it was revealed shows masked again, and editing the household without
 * touching the masked account and phone keeps them; on a 390 px phone the masked values and their buttons stay on
 * screen, revealed too.
 */
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { fieldError, runSuffix, syntheticId } from './antd.ts';
import { type E2EContext, signIn } from './harness.ts';

const VILLAGE = '211221101200'; // 懿路村, in the caseworker's township
const digits = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');

interface Saved {
  countyCode: string;
  id: string;
  members: { id: string; relation: string }[];
}

/** Text of an element, trimmed. */
const text = async (l: Locator) => ((await l.textContent()) ?? '').trim();

/** Whether any of the values appears anywhere in the page: its text, attributes, or the form fields' values. */
async function pageHolds(page: Page, values: string[]): Promise<string[]> {
  const html = await page.content();
  const inputs = await page.evaluate(() => [...document.querySelectorAll('input, textarea')].map((e) => (e as HTMLInputElement).value));
  const all = `${html}\n${inputs.join('\n')}`;
  return values.filter((v) => all.includes(v));
}

/** Where an element sits against another one that should contain it (both in CSS pixels). */
async function overflowOf(inner: Locator, outer: Locator): Promise<{ left: number; right: number }> {
  const a = await inner.boundingBox();
  const b = await outer.boundingBox();
  assert.ok(a && b, 'both are laid out');
  return { left: Math.round(b.x - a.x), right: Math.round(a.x + a.width - (b.x + b.width)) };
}

/**
 * Elements of the header or the content that reach past the right edge of the window where nothing scrolls to them
 * (the app's layout clips them rather than letting the page scroll sideways); inside a box that scrolls sideways (a
 * wide table) they are reachable and not counted.
 */
function cutOff(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    // The layout viewport: on a phone, window.innerWidth grows with content wider than the screen (the page zooms out).
    const width = document.documentElement.clientWidth;
    const found: string[] = [];
    for (const e of document.querySelectorAll('.app-header *, .app-content *')) {
      const r = e.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || r.right <= width + 1 || !e.checkVisibility({ visibilityProperty: true })) continue;
      let reachable = false;
      for (let p = e.parentElement; p && !reachable; p = p.parentElement) {
        const x = getComputedStyle(p).overflowX;
        reachable = (x === 'auto' || x === 'scroll') && p.scrollWidth > p.clientWidth;
      }
      if (reachable) continue;
      const id = e.getAttribute('data-testid');
      found.push(`${e.tagName.toLowerCase()}${id ? `[${id}]` : ''} "${(e.textContent ?? '').trim().slice(0, 24)}" ends at ${Math.round(r.right)}`);
    }
    return found.slice(0, 12);
  });
}

export default async function personalDataE2E(t: E2EContext): Promise<void> {
  t.clock?.reset();
  const run = runSuffix();
  const head = { id: syntheticId('211221', '19620312', 'M'), name: `韩${run}` };
  const spouse = { id: syntheticId('211221', '19650719', 'F'), name: `苏${run}` };
  const account = `6217${digits(15)}`;
  const phone = `139${digits(8)}`;
  const mask = {
    head: `211221********${head.id.slice(-4)}`,
    spouse: `211221********${spouse.id.slice(-4)}`,
    account: `****${account.slice(-4)}`,
    phone: `139****${phone.slice(-4)}`,
  };
  const full = [head.id, spouse.id, account, phone];

  const worker = await signIn(t.browser, t.baseUrl, t.caseworker, '/registry', { waitForMenu: false });
  try {
    await worker.getByTestId('side-menu').waitFor();
    const saved = await worker.evaluate(
      async (p) => {
        const { csrfToken } = await (await fetch('/api/session')).json();
        const r = await fetch('/api/households', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken },
          body: JSON.stringify({
            areaCode: p.village,
            address: '新台子镇懿路村 9 组 3 号',
            hukouType: 'rural',
            bankName: '铁岭县农村信用社',
            bankAccount: p.account,
            phone: p.phone,
            members: [
              { idNumber: p.head.id, name: p.head.name, relation: 'head', laborCapacity: 'full' },
              { idNumber: p.spouse.id, name: p.spouse.name, relation: 'spouse', laborCapacity: 'partial' },
            ],
          }),
        });
        return { status: r.status, body: await r.json() };
      },
      { village: VILLAGE, head, spouse, account, phone },
    );
    assert.equal(saved.status, 201, JSON.stringify(saved.body));
    const h = saved.body as Saved & { bankAccount: string; phone: string };
    // The API answers with what screens show.
    assert.deepEqual([h.bankAccount, h.phone], [mask.account, mask.phone]);
    const headPid = h.members.find((m) => m.relation === 'head')?.id ?? '';
    const spousePid = h.members.find((m) => m.relation === 'spouse')?.id ?? '';
    const detailUrl = `${t.baseUrl}/registry/${h.countyCode}/${h.id}`;

    await t.step('the household page shows the ID numbers, the account and the phone masked, and none of them in full', async () => {
      await worker.goto(detailUrl);
      await worker.getByTestId('detail-head').filter({ hasText: head.name }).waitFor();
      assert.equal(await text(worker.getByTestId(`member-id-${headPid}`)), mask.head);
      assert.equal(await text(worker.getByTestId(`member-id-${spousePid}`)), mask.spouse);
      assert.equal(await text(worker.getByTestId('detail-bankAccount')), mask.account);
      assert.equal(await text(worker.getByTestId('detail-phone')), mask.phone);
      assert.deepEqual(await pageHolds(worker, full), [], 'no full value anywhere in the page');
      // Each one can be revealed by a caseworker.
      for (const id of [`member-id-${headPid}`, `member-id-${spousePid}`, 'detail-bankAccount', 'detail-phone']) {
        await worker.getByTestId(`${id}-reveal`).waitFor();
      }
      await t.screenshot(worker, 'personal-data-masked');
    });

    await t.step('the caseworker reveals one ID number: it appears in full, and the audit trail records who saw which', async () => {
      const before = (await t.auditEvents?.({ action: 'registry.reveal', entityId: h.id })) ?? [];
      assert.equal(before.length, 0, 'nothing revealed before');
      await worker.getByTestId(`member-id-${spousePid}-reveal`).click();
      await worker.getByTestId(`member-id-${spousePid}`).filter({ hasText: spouse.id }).waitFor();
      // Only the one asked for.
      assert.equal(await text(worker.getByTestId(`member-id-${headPid}`)), mask.head);
      assert.equal(await text(worker.getByTestId('detail-bankAccount')), mask.account);
      assert.deepEqual(await pageHolds(worker, full), [spouse.id]);
      if (t.auditEvents) {
        const events = await t.auditEvents({ action: 'registry.reveal', entityId: h.id });
        assert.equal(events.length, 1);
        assert.equal(events[0].actor, t.caseworker.username);
        assert.equal(events[0].entityType, 'household');
        assert.deepEqual(events[0].detail, { fields: [`idNumber:${spousePid}`] });
        assert.ok(!JSON.stringify(events[0]).includes(spouse.id), 'the trail holds which field, never the number');
      }
      // Hiding it forgets it.
      await worker.getByTestId(`member-id-${spousePid}-reveal`).click();
      await worker.getByTestId(`member-id-${spousePid}`).filter({ hasText: mask.spouse }).waitFor();
      assert.deepEqual(await pageHolds(worker, full), []);
    });

    if (t.supervisor) {
      const supervisor = t.supervisor;
      await t.step('a city supervisor sees the page masked with no reveal button, and the server refuses the request', async () => {
        const page = await signIn(t.browser, t.baseUrl, supervisor, `/registry/${h.countyCode}/${h.id}`, { waitForMenu: false });
        try {
          await page.getByTestId('detail-head').filter({ hasText: head.name }).waitFor();
          assert.equal(await text(page.getByTestId(`member-id-${spousePid}`)), mask.spouse);
          assert.equal(await text(page.getByTestId('detail-bankAccount')), mask.account);
          assert.equal(await text(page.getByTestId('detail-phone')), mask.phone);
          assert.equal(await page.locator('[data-testid$="-reveal"]').count(), 0, 'no reveal button');
          assert.equal(await page.getByRole('button', { name: /查看完整信息/ }).count(), 0);
          assert.deepEqual(await pageHolds(page, full), []);
          const refused = await page.evaluate(async (path) => {
            const { csrfToken } = await (await fetch('/api/session')).json();
            const r = await fetch(`/api/households/${path}/reveal`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken },
              body: JSON.stringify({ fields: [{ field: 'bankAccount' }] }),
            });
            return { status: r.status, body: await r.text() };
          }, `${h.countyCode}/${h.id}`);
          assert.equal(refused.status, 403);
          assert.match(refused.body, /PERMISSION_DENIED/);
          assert.ok(!refused.body.includes(account));
        } finally {
          await page.context().close();
        }
      });
    }

    await t.step('editing a member without touching the masked ID number keeps the number', async () => {
      await worker.goto(detailUrl);
      await worker.getByTestId(`member-edit-${headPid}`).click();
      await worker.getByTestId('member-drawer').waitFor();
      assert.equal(await worker.getByTestId('member-edit-idNumber').inputValue(), mask.head);
      // The birth date and sex the masked number stands for.
      assert.match(await worker.getByTestId('member-edit-derived').inputValue(), /^出生日期 1962-03-12 · 男 · \d+ 周岁$/);
      head.name = `韩${run}明`;
      await worker.getByTestId('member-edit-name').fill(head.name);
      await worker.getByTestId('member-submit').click();
      await worker.getByTestId('member-drawer').waitFor({ state: 'detached' });
      await worker.getByTestId('member-table').getByText(head.name, { exact: true }).waitFor();
      assert.equal(await text(worker.getByTestId(`member-id-${headPid}`)), mask.head);
      // Found by a search on the whole number (the keyed hash of the stored number, unchanged).
      await worker.goto(`${t.baseUrl}/registry`);
      const search = worker.getByTestId('registry-search').locator('input');
      await search.fill(head.id);
      await search.press('Enter');
      await worker.getByTestId('registry-total').filter({ hasText: '共 1 户' }).waitFor();
      await worker.getByTestId('household-row-name').filter({ hasText: head.name }).waitFor();
      // And revealed it is the number registered.
      await worker.getByTestId('household-row-name').click();
      await worker.getByTestId(`member-id-${headPid}-reveal`).click();
      await worker.getByTestId(`member-id-${headPid}`).filter({ hasText: head.id }).waitFor();
    });

    await t.step('a member’s ID number changed after it was revealed: the page shows the new one masked, not the old one in full', async () => {
      await worker.goto(detailUrl);
      await worker.getByTestId(`member-id-${spousePid}-reveal`).click();
      await worker.getByTestId(`member-id-${spousePid}`).filter({ hasText: spouse.id }).waitFor();
      // A correction: the whole new number typed over the mask.
      const corrected = syntheticId('211221', '19650719', 'F');
      await worker.getByTestId(`member-edit-${spousePid}`).click();
      await worker.getByTestId('member-drawer').waitFor();
      await worker.getByTestId('member-edit-idNumber').fill(corrected);
      await worker.getByTestId('member-submit').click();
      await worker.getByTestId('member-drawer').waitFor({ state: 'detached' });
      const shown = worker.getByTestId(`member-id-${spousePid}`);
      await shown.filter({ hasText: `211221********${corrected.slice(-4)}` }).waitFor();
      assert.deepEqual(await pageHolds(worker, [spouse.id, corrected]), [], 'neither number in full');
      spouse.id = corrected;
      mask.spouse = `211221********${corrected.slice(-4)}`;
      full[1] = corrected;
    });

    await t.step('editing the household without touching the masked account and phone keeps them', async () => {
      await worker.goto(detailUrl);
      await worker.getByTestId('detail-edit').click();
      await worker.getByTestId('household-form').waitFor();
      const accountField = worker.getByTestId('household-bankAccount');
      assert.equal(await accountField.inputValue(), mask.account);
      assert.equal(await worker.getByTestId('household-phone').inputValue(), mask.phone);
      // Another mask is not the stored value's: the form says so on the field.
      await accountField.fill('****0000');
      await fieldError(worker, 'household-bankAccount').first().waitFor();
      await accountField.fill(mask.account);
      await fieldError(worker, 'household-bankAccount').first().waitFor({ state: 'detached' });
      await worker.getByTestId('household-address').fill('新台子镇懿路村 9 组 5 号');
      await worker.getByTestId('household-submit').click();
      await worker.waitForURL(detailUrl);
      await worker.getByText('新台子镇懿路村 9 组 5 号').first().waitFor();
      assert.equal(await text(worker.getByTestId('detail-bankAccount')), mask.account);
      assert.equal(await text(worker.getByTestId('detail-phone')), mask.phone);
      await worker.getByTestId('detail-bankAccount-reveal').click();
      await worker.getByTestId('detail-bankAccount').filter({ hasText: account }).waitFor();
      await worker.getByTestId('detail-phone-reveal').click();
      await worker.getByTestId('detail-phone').filter({ hasText: phone }).waitFor();
      if (t.auditEvents) {
        const fields = (await t.auditEvents({ action: 'registry.reveal', entityId: h.id })).map((e) => e.detail?.fields);
        assert.deepEqual(fields.slice(-2), [['bankAccount'], ['phone']]);
      }
    });

    await t.step('on a 390 px phone the masked values and their buttons stay on screen, revealed too', async () => {
      const phonePage = await signIn(t.browser, t.baseUrl, t.caseworker, `/registry/${h.countyCode}/${h.id}`, { phone: true, waitForMenu: false });
      try {
        await phonePage.getByTestId('detail-head').waitFor();
        const width = 390;
        const fits = async () => {
          assert.deepEqual(await cutOff(phonePage), [], 'nothing reaches past the right edge');
          const [scroll, client] = await phonePage.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
          assert.ok(scroll <= client + 1, `the page does not scroll sideways (${scroll} px wide in ${client})`);
        };
        await fits();
        const checkSummary = async (testId: string) => {
          const cell = phonePage.locator('.ant-descriptions-item-content', { has: phonePage.getByTestId(testId) });
          const value = phonePage.getByTestId(testId);
          const button = phonePage.getByTestId(`${testId}-reveal`);
          for (const part of [value, button]) {
            const box = await part.boundingBox();
            assert.ok(box && box.x >= 0 && box.x + box.width <= width, `${testId}: on screen (${JSON.stringify(box)})`);
            const o = await overflowOf(part, cell);
            assert.ok(o.left <= 0 && o.right <= 0, `${testId}: inside its cell (${JSON.stringify(o)})`);
          }
          // On one line, not broken over two.
          assert.equal(await value.evaluate((e) => e.getClientRects().length), 1, `${testId}: on one line`);
        };
        await checkSummary('detail-bankAccount');
        await checkSummary('detail-phone');
        // Revealed, the account is longer than its mask: it still fits.
        await phonePage.getByTestId('detail-bankAccount-reveal').tap();
        await phonePage.getByTestId('detail-bankAccount').filter({ hasText: account }).waitFor();
        await checkSummary('detail-bankAccount');
        await fits();
        await t.screenshot(phonePage, 'personal-data-390');
        // In the members table (it scrolls sideways inside its own box), the ID number and its button share their cell.
        for (const pid of [headPid, spousePid]) {
          const value = phonePage.getByTestId(`member-id-${pid}`);
          await value.scrollIntoViewIfNeeded();
          const cell = phonePage.locator('td', { has: value });
          for (const part of [value, phonePage.getByTestId(`member-id-${pid}-reveal`)]) {
            const o = await overflowOf(part, cell);
            assert.ok(o.left <= 0 && o.right <= 0, `member ${pid}: inside its cell (${JSON.stringify(o)})`);
          }
        }
        await phonePage.getByTestId(`member-id-${spousePid}-reveal`).tap();
        await phonePage.getByTestId(`member-id-${spousePid}`).filter({ hasText: spouse.id }).waitFor();
        await fits();
        // Between a phone and a desktop (a large phone turned sideways, a small tablet) nothing is cut off either.
        for (const w of [480, 600, 768]) {
          await phonePage.setViewportSize({ width: w, height: 844 });
          await phonePage.waitForTimeout(100);
          await fits().catch((e: Error) => {
            throw new Error(`at ${w} px: ${e.message}`);
          });
        }
      } catch (e) {
        await t.screenshot(phonePage, 'personal-data-390-failure').catch(() => undefined);
        throw e;
      } finally {
        await phonePage.context().close();
      }
    });
  } catch (e) {
    await t.screenshot(worker, 'personal-data-failure').catch(() => undefined);
    throw e;
  } finally {
    await worker.context().close();
  }
}
