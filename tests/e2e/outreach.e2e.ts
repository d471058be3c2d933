/**
 * 应保尽保 in Chromium (issue 16 points 5, 7 and 9, ADR 0047): a household registered in the township that the engine
 * finds eligible for dibao, with no enrollment and no application, shows on the township caseworker's worklist card and
 * on the outreach list with the engine's monthly amount; the caseworker expands its explanation (the engine's trace),
 * then — after the visit — opens a case from the row, lands on the case, and the household leaves the list.
 */
import assert from 'node:assert/strict';
import { runSuffix, syntheticId } from './antd.ts';
import { api, type E2EContext, signIn } from './harness.ts';

const VILLAGE = '211221101200';

export default async function outreachE2E(t: E2EContext): Promise<void> {
  t.clock?.reset();
  const tag = runSuffix();
  const cw = await signIn(t.browser, t.baseUrl, t.caseworker, '/worklist', { reuseSession: true });
  const h = await api(cw, 'POST', '/api/households', {
    areaCode: VILLAGE,
    address: '铁岭县新台子镇懿路村二组 5 号',
    hukouType: 'rural',
    registeredPoor: false,
    members: [
      { idNumber: syntheticId('211221', '19680301', 'M'), name: `应保${tag}`, relation: 'head', laborCapacity: 'partial' },
      { idNumber: syntheticId('211221', '19700601', 'F'), name: `尽保${tag}`, relation: 'spouse', laborCapacity: 'full' },
      { idNumber: syntheticId('211221', '20060901', 'F'), name: `走访${tag}`, relation: 'child', laborCapacity: 'none', inSchool: true },
    ],
    incomes: [{ kind: 'wage', annualYuan: '6000' }],
    assets: [],
  });
  const row = cw.getByTestId(`outreach-row-${h.id}`);

  await t.step('the worklist shows the area’s outreach count and leads to the list', async () => {
    await cw.reload();
    await cw.getByTestId('outreach-card-count').waitFor();
    assert.ok(Number(await cw.getByTestId('outreach-card-count').getAttribute('data-count')) >= 1);
    await cw.getByTestId('outreach-card-open').click();
    await cw.waitForURL(/\/outreach$/);
    await row.waitFor();
    const line = cw.locator('tr', { has: row });
    assert.match((await line.getByTestId('outreach-amount').first().textContent()) ?? '', /^\d[\d,]*\.\d{2} 元\/月$/);
  });

  await t.step('the caseworker reads the engine’s explanation of the row', async () => {
    await cw.locator('tr', { has: row }).locator('.ant-table-row-expand-icon').click();
    const explained = cw.getByTestId(`outreach-explain-${h.id}`);
    const steps = explained.locator('[data-testid^="outreach-trace-row-"]');
    await steps.first().waitFor();
    assert.ok((await steps.count()) > 1, 'the trace has its steps');
  });

  await t.step('on a phone the list shows the row, its amount and the button to open a case', async () => {
    const phone = await signIn(t.browser, t.baseUrl, t.caseworker, '/outreach', { phone: true, waitForMenu: false, reuseSession: true });
    const open = phone.getByTestId(`outreach-open-${h.id}`);
    await open.scrollIntoViewIfNeeded();
    assert.ok(await open.isVisible(), 'the open button is reachable at phone width');
    assert.ok(await phone.getByTestId(`outreach-row-${h.id}`).isVisible());
    await t.screenshot(phone, 'outreach-phone');
    await phone.context().close();
  });

  await t.step('after the visit, the caseworker opens a case from the row; the case says it came from the list; the household leaves the list', async () => {
    const amount = ((await cw.locator('tr', { has: row }).getByTestId('outreach-amount').first().textContent()) ?? '').replace(/[,\s]|元\/月/g, '');
    await cw.getByTestId(`outreach-open-${h.id}`).click();
    await cw.getByTestId('outreach-declaration').click();
    await cw.getByTestId('outreach-authorisation').click();
    await cw.getByTestId('outreach-open-submit').click();
    await cw.waitForURL(/\/cases\/211221\/[^/]+$/);
    await cw.getByTestId('case-page').waitFor();
    const origin = cw.getByTestId('case-outreach-origin');
    await origin.waitFor();
    assert.match((await origin.textContent()) ?? '', new RegExp(`本案由应保尽保走访动员发起：\\d{4}-\\d{2} 测算符合条件，每月 ${amount.replace('.', '\\.')} 元`));
    const [, , county, id] = new URL(cw.url()).pathname.split('/');
    const c = await api(cw, 'GET', `/api/cases/${county}/${id}`);
    assert.equal(c.householdId, h.id);
    await cw.goto('/outreach');
    await cw.getByTestId('outreach-table').waitFor();
    await cw.locator('.ant-spin-spinning').waitFor({ state: 'detached' }).catch(() => {});
    const list = await api(cw, 'GET', '/api/outreach');
    assert.ok(!list.rows.some((r: { householdId: string }) => r.householdId === h.id), 'the household left the list');
    assert.equal(await row.count(), 0);
    await t.screenshot(cw, 'outreach-list');
  });
}
