/**
 * 问题线索整改 in Chromium (issue 16 points 2, 3 and 9; ADR 0048): a person of 西丰县 died in January 2019 and was still
 * paid dibao for March (the death record and the roll planted by the runner's fixture). The city supervisor runs the
 * rules for the county (the run's API); the finding goes to the township: its caseworker sees it on the worklist's
 * card, follows it to the household and opens a review of the benefit whose home visit records the death; the township
 * reviewer agrees and the county approver decides the stop in the review drawer (the township proposes, the county
 * decides: POLICY.md §6); the caseworker answers the finding with the stop; the county approver closes it; the city supervisor records an
 * accountability measure naming the caseworker, which the caseworker never sees.
 */
import assert from 'node:assert/strict';
import { chooseOption, fillDate } from './antd.ts';
import { api, type E2EContext, signIn, untranslatedCodes } from './harness.ts';

export default async function rectificationE2E(t: E2EContext): Promise<void> {
  const { supervisor } = t;
  const fixtures = t.rectificationFixtures;
  if (!supervisor || !fixtures) throw new Error('rectification e2e needs the runner’s city supervisor and database (not available against E2E_BASE_URL)');
  t.clock?.reset();
  const planted = await fixtures.deceasedStillPaid();
  let findingPath = '';

  const s = await signIn(t.browser, t.baseUrl, supervisor, '/campaigns', { reuseSession: true });
  try {
    await t.step('the city supervisor runs the rules for the county: a finding of the deceased person still paid, due in working days', async () => {
      const started = await api(s, 'POST', '/api/anomalies/runs', { county: planted.county, rules: ['DECEASED_PAID'] });
      let run = started;
      for (let i = 0; i < 200 && run.status === 'running'; i++) {
        await s.waitForTimeout(100);
        run = await api(s, 'GET', `/api/anomalies/runs/${started.id}`);
      }
      assert.equal(run.status, 'done', JSON.stringify(run.error));
      assert.equal(run.result.rules[0].counts.new, 1);
      const page = await api(s, 'GET', `/api/findings?rule=DECEASED_PAID&area=${planted.county}`);
      assert.equal(page.total, 1);
      const f = page.items[0];
      assert.equal(f.householdId, planted.householdId);
      assert.equal(f.township, '211223100000');
      findingPath = `/findings/${f.county}/${f.id}`;
    });
  } finally {
    await s.context().close();
  }

  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  let reviewId = '';
  let enrollmentId = '';
  const w = await signIn(t.browser, t.baseUrl, planted.caseworker, '/worklist');
  try {
    await t.step('the township caseworker sees the open finding on the worklist, follows it to the household and opens a review of the benefit: the home visit records the death', async () => {
      const card = w.getByTestId('worklist-findings-card');
      await card.waitFor();
      assert.match((await card.textContent()) ?? '', /待整改\s*1/);
      await w.goto(`${t.baseUrl}${findingPath}`);
      await w.locator('[data-testid="finding-status"][data-status="open"]').waitFor();
      await w.getByTestId('finding-facts').getByText('2019-01-20').waitFor();
      assert.equal(await w.getByTestId('finding-accountability').count(), 0, 'no accountability section for the caseworker');
      await w.getByRole('link', { name: '查看家庭' }).click();
      await w.waitForURL(`**/registry/${planted.county}/${planted.householdId}`);
      const panel = w.getByTestId('enrollments-panel');
      await panel.getByTestId('enrollment-action-open_review').click();
      await w.getByTestId('f-reported-change').fill('死亡信息比对：户主已于2019年1月20日死亡（市局问题线索）');
      await w.getByTestId('open-review-submit').click();
      const drawer = w.getByTestId('review-drawer');
      await drawer.getByTestId('review-step-investigate').waitFor();
      await w.getByTestId('f-investigators').fill('张伟\n刘洋');
      await fillDate(w.getByTestId('f-investigatedOn'), today);
      await fillDate(w.getByTestId('f-homeVisitOn'), today);
      await w.getByTestId('f-findings').fill('入户核实：户主已于2019年1月20日死亡，家中无其他成员，建议停发');
      await w.getByTestId('review-step-submit').click();
      await drawer.getByTestId('review-state').filter({ hasText: '已调查（待乡镇审核）' }).waitFor();
      const enrollments = await api(w, 'GET', `/api/households/${planted.county}/${planted.householdId}/enrollments`);
      const e = enrollments.items.find((x: { reviews: { id: string; state: string }[] }) => x.reviews.some((r) => r.state === 'investigated'));
      assert.ok(e, 'the enrollment has the review under way');
      enrollmentId = e.id;
      reviewId = e.reviews.find((r: { state: string }) => r.state === 'investigated').id;
    });
  } finally {
    await w.context().close();
  }

  await t.step('the township reviewer agrees; the county approver stops the benefit in the review drawer', async () => {
    const rv = await signIn(t.browser, t.baseUrl, planted.reviewer, '/');
    try {
      const r = await api(rv, 'GET', `/api/reviews/${planted.county}/${reviewId}`);
      await api(rv, 'POST', `/api/reviews/${planted.county}/${reviewId}/township-review`, { version: r.version, opinion: '死亡属实，报县级停发' });
    } finally {
      await rv.context().close();
    }
    const ap = await signIn(t.browser, t.baseUrl, planted.approver, `/registry/${planted.county}/${planted.householdId}`);
    try {
      await ap.getByTestId('enrollments-panel').getByTestId('review-open').first().click();
      const drawer = ap.getByTestId('review-drawer');
      await drawer.getByTestId('review-steps').getByText('县级决定').click();
      await drawer.getByTestId('review-step-decide').waitFor();
      await drawer.getByTestId('f-outcome').getByText('停发', { exact: true }).click();
      await ap.getByTestId('f-reasons').fill('户主已死亡，不再符合条件，停发低保金');
      await ap.getByTestId('review-step-submit').click();
      await drawer.getByTestId('review-state').filter({ hasText: '已决定' }).waitFor();
      const e = await api(ap, 'GET', `/api/enrollments/${planted.county}/${enrollmentId}`);
      assert.equal(e.next?.status ?? 'ended', 'ended', `nothing paid from next month: ${JSON.stringify(e.next)}`);
    } finally {
      await ap.context().close();
    }
  });

  const w2 = await signIn(t.browser, t.baseUrl, planted.caseworker, findingPath);
  try {
    await t.step('the caseworker answers the finding with the stop and the recovery', async () => {
      await w2.locator('[data-testid="finding-status"][data-status="open"]').waitFor();
      await w2.getByTestId('answer-action').fill('已核实死亡，经复核报县级决定停发低保金，追回多发的3月份保障金');
      await w2.getByTestId('answer-evidence').fill(`复核停发决定（西丰县民政局 ${today}）；追回收据`);
      await w2.getByTestId('answer-submit').click();
      await w2.locator('[data-testid="finding-status"][data-status="answered"]').waitFor();
      await w2.getByTestId('history-answered').waitFor();
      assert.deepEqual(await untranslatedCodes(w2), [], 'no code-like text on the page');
    });
  } finally {
    await w2.context().close();
  }

  const a = await signIn(t.browser, t.baseUrl, planted.approver, findingPath);
  try {
    await t.step('the county approver verifies the answer and closes the finding', async () => {
      await a.locator('[data-testid="finding-status"][data-status="answered"]').waitFor();
      await a.getByTestId('verify-note').fill('经核查停保和追回属实，予以销号');
      await a.getByTestId('verify-close').click();
      await a.locator('[data-testid="finding-status"][data-status="closed"]').waitFor();
      await a.getByTestId('history-closed').waitFor();
      assert.equal(await a.getByTestId('finding-verify').count(), 0, 'nothing left to verify');
    });
  } finally {
    await a.context().close();
  }

  const s2 = await signIn(t.browser, t.baseUrl, supervisor, findingPath, { reuseSession: true });
  try {
    await t.step('the city supervisor records an accountability measure naming the caseworker', async () => {
      await s2.getByTestId('finding-accountability').waitFor();
      // The date first: the Enter that takes it also tries the form, which then only says what is still missing.
      await fillDate(s2.getByTestId('acc-decided-on'), '2019-04-10');
      await s2.getByTestId('acc-responsible').fill(planted.caseworker.username);
      await s2.getByTestId('acc-failure').fill('未及时比对死亡信息，致死亡后继续发放低保金');
      await chooseOption(s2, 'acc-measure', '约谈');
      await s2.getByTestId('acc-decided-by').fill('铁岭市民政局');
      await s2.getByTestId('acc-submit').click();
      await s2.getByTestId('finding-accountability').getByText('约谈').waitFor();
      await t.screenshot(s2, 'rectification-finding');
      const [county, id] = findingPath.split('/').slice(2);
      const records = await api(s2, 'GET', `/api/findings/${county}/${id}/accountability`);
      assert.equal(records.items.length, 1);
      assert.deepEqual(records.items[0].responsible.map((u: { username: string }) => u.username), [planted.caseworker.username]);
      if (t.auditEvents) assert.equal((await t.auditEvents({ action: 'accountability.record' })).length, 1);
    });
  } finally {
    await s2.context().close();
  }

  const p = await signIn(t.browser, t.baseUrl, supervisor, '/campaigns', { reuseSession: true, phone: true });
  try {
    await t.step('on a phone: the city opens a campaign of the county, its progress and ledger, the finding and the overdue list fit the screen', async () => {
      const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
      const c = await api(p, 'POST', '/api/campaigns', { title: `${day.slice(0, 4)}年农村低保专项治理`, year: Number(day.slice(0, 4)), county: planted.county, startsOn: `${day.slice(0, 7)}-01`, endsOn: day });
      assert.equal(c.counts.found, 1);
      const problems: string[] = [];
      for (const path of ['/campaigns', `/campaigns/${c.id}`, findingPath, '/findings/overdue']) {
        await p.goto(`${t.baseUrl}${path}`);
        await p.waitForLoadState('networkidle');
        await p.waitForTimeout(300);
        if (path === `/campaigns/${c.id}`) {
          assert.equal((await p.getByTestId('campaign-closed').textContent())?.trim(), '1');
          await p.getByTestId('campaign-ledger-export').waitFor();
          await t.screenshot(p, 'rectification-campaign-phone');
        }
        const w = await p.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
        if (w.scroll > w.client + 1) problems.push(`${path}: ${w.scroll} px wide on a ${w.client} px screen`);
      }
      assert.deepEqual(problems, [], problems.join('\n'));
      assert.deepEqual(await untranslatedCodes(p), [], 'no code-like text on the page');
    });
  } finally {
    await p.context().close();
  }
}
