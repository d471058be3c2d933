/**
 * 双纳入 and 集中排查 in Chromium, the walk of issue 12 point 11: the poverty-office liaison imports the office's file for
 * 铁岭县 (the household matched by ID number); the county sees it among the registered poor not on dibao; the county
 * administrator opens the county's campaign over the
 * latest poverty-registry snapshot; a township caseworker, on a phone (390 px), fills a ledger row — methods, findings
 * — sees the engine's assessment (单人保 for the severely disabled son, with its explanation) and concludes it, which
 * opens a single-person dibao case and lands on it (it says where it came from); the case is in the worklist; the
 * campaign's progress moves. No code-like token on the pages; the audit holds the open, the fill and the conclusion.
 * It stops at the worklist: township review of a case from screening needs 四议两公开 (another part of issue 12).
 */
import assert from 'node:assert/strict';
import { POVERTY_COLUMNS, type PovertyColumnKey } from '../../src/commands/poverty/poverty-columns.ts';
import { xlsxOf } from '../factories/zip.ts';
import { chooseOption, fillDate, runSuffix, syntheticId } from './antd.ts';
import { api, type E2EContext, signIn, untranslatedCodes } from './harness.ts';

const VILLAGE = '211221101200';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** A row of the published poverty template, by column key. */
const povertyRow = (r: Partial<Record<PovertyColumnKey, string>>) => POVERTY_COLUMNS.map((c) => r[c.key] ?? '');

export default async function screeningE2E(t: E2EContext): Promise<void> {
  const { clock, countyAdmin, liaison } = t;
  if (!clock || !countyAdmin || !liaison) throw new Error('screening e2e needs the runner’s clock, its county administrator and liaison (not available against E2E_BASE_URL)');
  const tag = runSuffix();
  const head = `排查户主${tag}`;
  const son = `排查之子${tag}`;
  const hhNo = `211221101200${tag.codePointAt(0)}${tag.codePointAt(1)}`.slice(0, 20);
  const cw = await signIn(t.browser, t.baseUrl, t.caseworker, '/screening', { phone: true, waitForMenu: false });
  let caseId = '';
  try {
    await cw.getByTestId('screening-campaigns').waitFor();
    await t.step('a registered-poor household is in the registry; the liaison imports the office’s file for 铁岭县 and it is matched by ID number', async () => {
      const ids = [syntheticId('211221', '19700304', 'M'), syntheticId('211221', '20010506', 'M')];
      await api(cw, 'POST', '/api/households', {
        areaCode: VILLAGE,
        address: '铁岭县新台子镇懿路村七组 8 号',
        hukouType: 'rural',
        registeredPoor: true,
        members: [
          { idNumber: ids[0], name: head, relation: 'head', laborCapacity: 'full' },
          { idNumber: ids[1], name: son, relation: 'child', laborCapacity: 'partial', disabilityKind: 'physical', disabilityGrade: 1 },
        ],
        incomes: [{ kind: 'wage', annualYuan: '36000' }],
        assets: [],
      });
      // The office's file in the published template: this household (its son severely disabled) and one person unknown to doudi.
      const base = { county: '211221000000', township: '211221101000', village: VILLAGE, attribute: '一般贫困户', cause: '因残', status: '已脱贫', exitYear: '2019' };
      const file = await xlsxOf([
        POVERTY_COLUMNS.map((c) => c.header),
        povertyRow({ ...base, hhNo, headName: head, name: head, idNumber: ids[0], relation: '户主', labor: '普通劳动力', health: '健康' }),
        povertyRow({ ...base, hhNo, headName: head, name: son, idNumber: ids[1], relation: '之子', labor: '弱劳动力或半劳动力', health: '残疾', disabilityGrade: '一级' }),
        povertyRow({ ...base, hhNo: `${hhNo}X`, headName: `未登记${tag}`, name: `未登记${tag}`, idNumber: syntheticId('211221', '19500101', 'F'), relation: '户主', status: '未脱贫', exitYear: '', labor: '无劳动力', health: '长期慢性病' }),
      ]);
      // On the real day: the snapshot is the newest of the county (the campaign below is opened on a training day).
      clock.reset();
      const office = await signIn(t.browser, t.baseUrl, liaison, '/poverty/import');
      try {
        await chooseOption(office, 'poverty-area', '铁岭县');
        await office.locator('input[type=file]').setInputFiles({ name: '铁岭县建档立卡.xlsx', mimeType: XLSX, buffer: file });
        await office.getByTestId('poverty-start').click();
        const result = office.locator('[data-testid="poverty-result"][data-outcome="accepted"]');
        await result.waitFor({ timeout: 60_000 });
        assert.match((await result.textContent()) ?? '', /共 2 户、3 人/);
        await office.getByTestId('poverty-match').getByText('按身份证号码匹配').waitFor();
        assert.deepEqual(await untranslatedCodes(office), []);
      } finally {
        await office.context().close();
      }
      clock.set('2026-06-01');
    });

    await t.step('the county sees the household among the registered poor not on dibao or tekun', async () => {
      const county = await signIn(t.browser, t.baseUrl, countyAdmin, '/poverty?tab=uncovered', { reuseSession: true });
      try {
        await county.getByTestId('fig-uncovered').waitFor();
        await county.getByTestId('dual-tab-uncovered').click();
        await county.getByTestId('dual-table-uncovered').getByText(head).first().waitFor();
        assert.deepEqual(await untranslatedCodes(county), []);
      } finally {
        await county.context().close();
      }
    });

    const admin = await signIn(t.browser, t.baseUrl, countyAdmin, '/screening', { reuseSession: true });
    let ledgerPath = '';
    await t.step('the county administrator opens the county’s campaign (deadline in working days)', async () => {
      await admin.getByTestId('screening-open').click();
      const modal = admin.locator('.ant-modal').filter({ hasText: '开展集中排查' });
      await modal.getByTestId('screening-open-year').fill('2026');
      await modal.getByTestId('screening-open-days').fill('20');
      await admin.getByTestId('screening-open-submit').click();
      await admin.getByText('已开展2026年集中排查，共 2 户').waitFor();
      const link = admin.getByTestId('campaign-link-2026');
      await link.waitFor();
      ledgerPath = (await link.getAttribute('href')) ?? '';
      assert.match(ledgerPath, /^\/screening\/211221\/[\w-]+$/);
      const tally = admin.locator('[data-testid^="campaign-tally-"]').first();
      assert.equal(await tally.getAttribute('data-done'), '0');
      assert.equal(await tally.getAttribute('data-total'), '2');
      assert.deepEqual(await untranslatedCodes(admin), []);
      await t.screenshot(admin, 'screening-campaigns');
      if (t.auditEvents) assert.equal((await t.auditEvents({ action: 'screening.open' })).length, 1);
    });

    await t.step('the township caseworker, on a phone, fills the row: methods, findings, and the engine says 单人保', async () => {
      await cw.goto(ledgerPath);
      await cw.getByTestId(`row-fill-${hhNo}`).click();
      const drawer = cw.getByTestId('screening-row-drawer');
      await drawer.getByText(son).first().waitFor();
      await cw.getByTestId('method-add').click();
      await fillDate(cw.getByTestId('method-date-0'), '2026-06-01');
      await cw.getByTestId('method-staff-0').fill('王经办、李协理');
      await cw.getByTestId('finding-income').fill('12000');
      await cw.getByTestId('screening-save').click();
      await cw.getByTestId('screening-assessment').waitFor();
      await cw.getByTestId('assessment-dibao_individual-yes').waitFor();
      await cw.getByTestId('assessment-dibao_household-no').waitFor();
      assert.match((await cw.getByTestId('assessment-dibao_individual-yes').getByTestId('assessment-amount').textContent()) ?? '', /^每月 \d+\.\d{2} 元$/);
      const width = await cw.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 390, `the page is ${width} px wide on a 390 px phone`);
      assert.deepEqual(await untranslatedCodes(cw), []);
      await t.screenshot(cw, 'screening-row-phone');
    });

    await t.step('the caseworker concludes 单人保 for the son: the case is opened and shown, with where it came from', async () => {
      await chooseOption(cw, 'conclusion-select', '单人保，开案');
      await chooseOption(cw, 'conclusion-member', son);
      await cw.getByTestId('conclusion-signed').click();
      await cw.getByTestId('conclusion-auth').click();
      await cw.getByTestId('conclusion-submit').click();
      await cw.waitForURL(/\/cases\/211221\/[\w-]+$/);
      caseId = cw.url().split('/').pop() ?? '';
      await cw.locator('[data-testid="case-page"][data-state="applied"]').waitFor();
      await cw.getByTestId('case-screening-origin').waitFor();
      assert.match((await cw.getByTestId('case-applicant').textContent()) ?? '', new RegExp(son));
      assert.deepEqual(await untranslatedCodes(cw), []);
      if (t.auditEvents) {
        const concluded = await t.auditEvents({ action: 'screening.row.conclude' });
        assert.equal(concluded.length, 1);
        assert.equal(concluded[0].detail?.caseId, caseId);
        assert.equal((await t.auditEvents({ action: 'screening.row.fill' })).length, 1);
      }
    });

    await t.step('the case is in the township’s worklist', async () => {
      const desk = await signIn(t.browser, t.baseUrl, t.caseworker, '/worklist');
      await desk.getByTestId(`worklist-row-${caseId}`).waitFor();
      await desk.context().close();
    });

    await t.step('the campaign’s progress moved', async () => {
      await admin.goto(ledgerPath);
      const tally = admin.getByTestId('ledger-tally');
      await admin.locator('[data-testid="ledger-tally"][data-done="1"]').waitFor();
      assert.equal(await tally.getAttribute('data-total'), '2');
      await admin.getByTestId(`row-conclusion-${hhNo}`).getByText('单人保，开案').waitFor();
      assert.deepEqual(await untranslatedCodes(admin), []);
      await t.screenshot(admin, 'screening-ledger');
    });
    await admin.context().close();
  } finally {
    clock.reset();
    await cw.context().close();
  }
}
