/**
 * 特困供养：供养方式与护理等级 in Chromium (issue 11 point 7, ADR 0027): the township caseworker opens an accepted tekun
 * case, records 集中供养 in one of the demo county's institutions and the self-care items the investigation found (four:
 * 全失能), sets the level to 半失能 by hand — refused without a reason, saved with one — and the page shows it all in
 * Chinese: the placement, the institution, the items, the level the items give, the level in force marked 已人工调整
 * with its reason. No code-like token on the page; the audit holds the record.
 */
import assert from 'node:assert/strict';
import { chooseOption, fillDate, runSuffix, syntheticId } from './antd.ts';
import { api, type E2EContext, signIn, untranslatedCodes } from './harness.ts';

const VILLAGE = '211221101200';

export default async function tekunCareE2E(t: E2EContext): Promise<void> {
  const { clock } = t;
  if (!clock) throw new Error('tekun-care e2e needs the runner’s clock (not available against E2E_BASE_URL)');
  const tag = runSuffix();
  const name = `孤老${tag}`;
  clock.set('2019-07-01');
  const p = await signIn(t.browser, t.baseUrl, { ...t.caseworker }, '/cases');
  try {
    let casePath = '';
    await t.step('an accepted tekun case of an elderly person living alone', async () => {
      const h = await api(p, 'POST', '/api/households', {
        areaCode: VILLAGE,
        address: '铁岭县新台子镇懿路村五组 3 号',
        hukouType: 'rural',
        registeredPoor: false,
        members: [{ idNumber: syntheticId('211221', '19380204', 'M'), name, relation: 'head', laborCapacity: 'none', supporterStatus: 'none' }],
        incomes: [],
        assets: [],
      });
      const c = await api(p, 'POST', '/api/cases', {
        kind: 'tekun',
        household: { countyCode: h.countyCode, id: h.id },
        applicantPersonId: h.members[0].id,
        signedDeclaration: true,
        dataCheckAuthorised: true,
        staffRelative: false,
        onBehalf: false,
        attachments: ['申请书.pdf'],
      });
      const accepted = await api(p, 'POST', `/api/cases/${c.countyCode}/${c.id}/accept`, { version: c.version });
      assert.equal(accepted.state, 'accepted');
      casePath = `/cases/${c.countyCode}/${c.id}`;
    });

    await t.step('the caseworker records 集中供养 and four items, and sets 半失能 by hand only with a reason', async () => {
      await p.goto(casePath);
      await p.locator('[data-testid="case-page"][data-state="accepted"]').waitFor();
      const card = p.getByTestId('case-care');
      await card.getByText('尚未记录供养方式与护理等级').waitFor();
      await p.getByTestId('case-care-record').click();
      const modal = p.locator('.ant-modal').filter({ hasText: '记录供养方式与护理等级' });
      await modal.getByText('集中供养（入住供养服务机构）').click();
      await chooseOption(p, 'care-institution', '铁岭县中心敬老院（演示）');
      for (const item of ['吃饭', '穿衣', '上下床', '如厕']) await p.getByTestId('care-items').getByText(item, { exact: true }).click();
      await fillDate(p.getByTestId('care-assessedOn'), '2019-07-01');
      await chooseOption(p, 'care-override', '半失能');
      await modal.locator('.ant-modal-footer .ant-btn-primary').click();
      // No reason: refused on the form, in Chinese, and nothing is saved.
      await modal.getByText('调整护理等级须填写理由').waitFor();
      await card.getByText('尚未记录供养方式与护理等级').waitFor();
      await p.getByTestId('care-override-reason').fill('经复核，穿衣、上下床可借助辅具自行完成');
      await p.getByTestId('care-reasons').fill('入户调查评估');
      await modal.locator('.ant-modal-footer .ant-btn-primary').click();
      await modal.waitFor({ state: 'detached' });
      const view = p.getByTestId('case-care-view');
      await view.waitFor();
      assert.equal(await view.getAttribute('data-placement'), 'institution');
      assert.equal(await view.getAttribute('data-level'), 'partial');
      assert.equal(await p.getByTestId('case-care-view-placement').textContent(), '集中供养（入住供养服务机构）');
      assert.match((await p.getByTestId('case-care-view-institution').textContent()) ?? '', /^铁岭县中心敬老院（演示） · 铁岭县新台子镇/);
      assert.equal(await p.getByTestId('case-care-view-items').textContent(), '吃饭、穿衣、上下床、如厕（4 项不能自理）');
      assert.equal(await p.getByTestId('case-care-view-assessed').textContent(), '全失能');
      assert.equal(await p.getByTestId('case-care-view-level').textContent(), '半失能已人工调整');
      assert.equal(await p.getByTestId('case-care-view-reason').textContent(), '经复核，穿衣、上下床可借助辅具自行完成');
      assert.deepEqual(await untranslatedCodes(p), []);
      await t.screenshot(p, 'tekun-care-case');
      if (t.auditEvents) {
        const events = await t.auditEvents({ action: 'case.tekun_care', entityId: casePath.split('/').at(-1) });
        assert.equal(events.length, 1);
        assert.equal(events[0].actor, t.caseworker.username);
        assert.equal(events[0].detail?.levelOverride, 'partial');
      }
    });
  } finally {
    await p.context().close();
    clock.reset();
  }
}
