/**
 * 比对复核 in Chromium (issue 12 point 2, ADR 0033): two persons of the poverty office's list have no valid ID number —
 * one written with homophones (章树兰 for 张淑兰), one with two characters swapped (王英秀 for 王秀英). The matcher
 * suggests both; the township caseworker opens 扶贫衔接 › 比对复核, sees both sides (ID numbers masked), the confidence and
 * its reasons in Chinese, confirms the first and rejects the second through the confirmation step; the queue empties,
 * the audit holds both decisions. Then the page at phone width.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { runSuffix, syntheticId } from './antd.ts';
import { api, type E2EContext, signIn, untranslatedCodes } from './harness.ts';

const VILLAGE = '211221101200';
const confirmPopup = (page: Page) => page.locator('.ant-popover:not(.ant-popover-hidden) [data-testid="popconfirm-ok"]').click();

export default async function povertyMatchE2E(t: E2EContext): Promise<void> {
  if (!t.povertyFixtures) throw new Error('poverty-match e2e needs the runner’s database (not available against E2E_BASE_URL)');
  const tag = runSuffix();
  const zhang = `张淑兰${tag}`;
  const wang = `王秀英${tag}`;
  const p = await signIn(t.browser, t.baseUrl, { ...t.caseworker }, '/');
  try {
    await t.step('two registered persons, and a poverty list naming them with a homophone and swapped characters', async () => {
      for (const [name, birth] of [
        [zhang, '19580307'],
        [wang, '19600510'],
      ] as const) {
        await api(p, 'POST', '/api/households', {
          areaCode: VILLAGE,
          address: '铁岭县新台子镇懿路村三组 8 号',
          hukouType: 'rural',
          registeredPoor: false,
          members: [{ idNumber: syntheticId('211221', birth, 'F'), name, relation: 'head', laborCapacity: 'none', supporterStatus: 'none' }],
          incomes: [],
          assets: [],
        });
      }
      // A county's list dated in the past: a later import (the overall walk's) stays the latest of its area.
      await t.povertyFixtures!.matchedSnapshot({
        areaCode: '211221000000',
        importedAt: '2020-01-01T00:00:00.000Z',
        households: [
          {
            hhNo: `E2E-${tag}`,
            villageCode: VILLAGE,
            attribute: 'dibao',
            status: 'poor',
            persons: [
              { name: `章树兰${tag}`, birthDate: '1958-03-07' },
              { name: `王英秀${tag}`, birthDate: '1960-05-10' },
            ],
          },
        ],
      });
    });

    await t.step('the caseworker sees both suggestions with both sides and the reasons, in Chinese', async () => {
      await p.getByTestId('nav-poverty-matches').click();
      await p.waitForURL('**/poverty/matches');
      const table = p.getByTestId('match-table');
      await table.getByText(`章树兰${tag}`).waitFor();
      await table.getByText(`王英秀${tag}`).waitFor();
      const zhangRow = table.locator('tr', { hasText: `章树兰${tag}` });
      assert.match((await zhangRow.getByTestId('match-registry-side').textContent()) ?? '', new RegExp(`${zhang}211221\\*{8}\\d{3}[\\dX]1958-03-07`));
      assert.match((await zhangRow.textContent()) ?? '', /姓名同音.*出生日期相同.*同村/);
      assert.match((await zhangRow.getByTestId('match-snapshot-side').textContent()) ?? '', /无有效身份证号.*低保贫困户.*未脱贫/);
      assert.match((await table.locator('tr', { hasText: `王英秀${tag}` }).textContent()) ?? '', /姓名字序颠倒/);
      assert.deepEqual(await untranslatedCodes(p), []);
      await t.screenshot(p, 'poverty-match-queue');
    });

    await t.step('confirms the homophone, rejects the swapped name; the queue empties and the audit holds both', async () => {
      const table = p.getByTestId('match-table');
      await p.getByTestId(`match-confirm-章树兰${tag}`).click();
      await confirmPopup(p);
      await table.getByText(`章树兰${tag}`).waitFor({ state: 'detached' });
      await p.getByTestId(`match-reject-王英秀${tag}`).click();
      await confirmPopup(p);
      await table.getByText(`王英秀${tag}`).waitFor({ state: 'detached' });
      const queue = await api(p, 'GET', '/api/poverty/matches');
      assert.equal(queue.items.filter((i: { snapshot: { name: string } }) => i.snapshot.name.endsWith(tag)).length, 0);
      if (t.auditEvents) {
        const confirmed = await t.auditEvents({ action: 'poverty.match.confirm' });
        const rejected = await t.auditEvents({ action: 'poverty.match.reject' });
        assert.ok(confirmed.some((e) => e.actor === t.caseworker.username));
        assert.ok(rejected.some((e) => e.actor === t.caseworker.username));
      }
    });

    await t.step('the page at phone width', async () => {
      await p.setViewportSize({ width: 390, height: 844 });
      await p.reload();
      await p.getByTestId('match-table').waitFor();
      assert.deepEqual(await untranslatedCodes(p), []);
      await t.screenshot(p, 'poverty-match-phone');
    });
  } finally {
    await p.context().close();
  }
}
