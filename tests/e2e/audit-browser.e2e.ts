/**
 * 审计查询 in Chromium (issue 16 points 4 and 9, ADR 0047): a dibao case is taken through the whole procedure by the
 * village assistant, the township caseworker and reviewer and the county approver (through the API, days moved on the
 * server's clock), enrolled, put on a roll built by the county administrator, approved by the approver, sent to the bank
 * and reconciled. The auditor then verifies the chain (and sees when and with what result), searches the trail by user
 * and by action, exports the selection, and follows the case's chain of responsibility: who accepted, investigated,
 * reviewed, approved, and the roll built, approved, sent and paid — each with name and role.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { runSuffix, syntheticId } from './antd.ts';
import { api, type E2EContext, signIn, untranslatedCodes } from './harness.ts';

const VILLAGE = '211221101200';
const C = '211221';

function csvRows(text: string): string[][] {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.length > 0)
    .map((l) => l.split(','));
}

async function waitJob(page: Page, job: { id: string; county: string; status: string }): Promise<any> {
  let j: any = job;
  for (let i = 0; i < 200 && j.status === 'running'; i++) {
    await new Promise((r) => setTimeout(r, 100));
    j = await api(page, 'GET', `/api/payroll/jobs/${j.county}/${j.id}`);
  }
  assert.equal(j.status, 'done', JSON.stringify(j.error ?? j));
  return j;
}

export default async function auditBrowserE2E(t: E2EContext): Promise<void> {
  const { villageAssistant: va, reviewer: rv, approver: ap, countyAdmin: ca, auditor: au, clock } = t;
  if (!va || !rv || !ap || !ca || !au || !clock) throw new Error('audit-browser e2e needs the runner’s case users, county administrator, auditor and clock (not available against E2E_BASE_URL)');
  const opts = { reuseSession: true, waitForMenu: false };
  const pv = await signIn(t.browser, t.baseUrl, va, '/account', opts);
  const pc = await signIn(t.browser, t.baseUrl, t.caseworker, '/account', opts);
  const pr = await signIn(t.browser, t.baseUrl, rv, '/account', opts);
  const pa = await signIn(t.browser, t.baseUrl, ap, '/account', opts);
  const pm = await signIn(t.browser, t.baseUrl, ca, '/account', opts);
  let caseId = '';
  const headId = syntheticId('211221', '19700501', 'M');
  const tag = runSuffix();

  await t.step('a case goes through the whole procedure and is paid', async () => {
    const day = (d: string) => clock.set(d);
    day('2019-03-04');
    const h = await api(pc, 'POST', '/api/households', {
      areaCode: VILLAGE,
      address: '铁岭县新台子镇懿路村三组 8 号',
      hukouType: 'rural',
      registeredPoor: false,
      bankName: '农商银行',
      bankAccount: '6228480012345679',
      members: [
        { idNumber: headId, name: `责任链${tag}`, relation: 'head', laborCapacity: 'partial' },
        { idNumber: syntheticId('211221', '19720301', 'F'), name: `李秀${tag}`, relation: 'spouse', laborCapacity: 'full' },
        { idNumber: syntheticId('211221', '20050901', 'M'), name: `小明${tag}`, relation: 'child', laborCapacity: 'none', inSchool: true },
      ],
      incomes: [{ kind: 'wage', annualYuan: '6000' }],
      assets: [],
    });
    const head = h.members.find((m: { relation: string }) => m.relation === 'head');
    let c = await api(pv, 'POST', '/api/cases', {
      kind: 'dibao_household',
      household: { countyCode: h.countyCode, id: h.id },
      applicantPersonId: head.id,
      signedDeclaration: true,
      dataCheckAuthorised: true,
      staffRelative: false,
      onBehalf: true,
      attachments: ['申请书.pdf'],
    });
    caseId = c.id;
    const url = (s: string) => `/api/cases/${C}/${caseId}/${s}`;
    day('2019-03-05');
    c = await api(pc, 'POST', url('accept'), { version: c.version });
    day('2019-03-06');
    c = await api(pc, 'POST', url('investigation'), {
      version: c.version,
      investigators: [{ name: '王调查' }, { name: '赵调查' }],
      investigatedOn: '2019-03-06',
      homeVisitOn: '2019-03-06',
      neighbourVisits: 2,
      writtenEvidence: ['村委会收入证明'],
      dataCheck: { result: 'eligible', checkedOn: '2019-03-06', reasons: [] },
      findings: '家庭收入主要为务工收入',
      attachments: ['入户调查表.pdf'],
    });
    day('2019-03-07');
    c = await api(pv, 'POST', url('deliberation'), {
      version: c.version,
      heldOn: '2019-03-07',
      participants: [
        ...Array.from({ length: 6 }, (_, i) => ({ name: `村民代表${i + 1}`, category: 'villager_representative' })),
        ...Array.from({ length: 3 }, (_, i) => ({ name: `两委成员${i + 1}`, category: i % 2 ? 'party_branch' : 'village_committee' })),
      ],
      conclusion: 'agree',
      conclusionText: '同意纳入',
      signed: true,
    });
    day('2019-03-08');
    c = await api(pr, 'POST', url('township-review'), { version: c.version, opinion: '同意' });
    day('2019-03-15');
    c = await api(pc, 'POST', url('close-village-notice'), { version: c.version });
    day('2019-03-16');
    await api(pa, 'POST', '/api/spot-checks', { area: C, seed: 42 });
    c = await api(pa, 'GET', `/api/cases/${C}/${caseId}`);
    if (c.spotCheck === 'sampled') c = await api(pa, 'POST', url('spot-visit'), { version: c.version, visitedOn: '2019-03-16', visitors: ['县抽查员甲'], finding: 'consistent' });
    c = await api(pa, 'POST', url('county-opinion'), { version: c.version, opinion: '拟批准' });
    day('2019-03-25');
    c = await api(pa, 'POST', url('approve'), { version: c.version });
    assert.equal(c.state, 'approved');
    // The county's first roll, of July (the benefit from April paid with it): built by the county administrator, approved
    // by the approver, sent to the bank, reconciled. Rolls follow each other month by month: payroll.e2e.ts builds
    // August's next, in the same system.
    day('2019-07-10');
    const job = await waitJob(pm, await api(pm, 'POST', '/api/payroll/rolls', { program: 'dibao', county: C, month: '2019-07' }));
    const roll = await api(pa, 'GET', `/api/payroll/rolls/${C}/${job.rollId}`);
    await api(pa, 'POST', `/api/payroll/rolls/${C}/${job.rollId}/approve`, { version: roll.version });
    const bank = await pa.request.get(`/api/payroll/rolls/${C}/${job.rollId}/export?format=csv`);
    assert.ok(bank.ok(), `bank file: ${bank.status()}`);
    const [header, ...rest] = csvRows(await bank.text());
    const lines = [[...header, '结果', '失败原因'], ...rest.map((r) => (r[0] === '合计' ? [...r, '', ''] : [...r, '成功', '']))];
    const session = await (await pa.request.get('/api/session')).json();
    const up = await pa.request.fetch(`/api/payroll/rolls/${C}/${job.rollId}/results?format=csv`, {
      method: 'POST',
      data: `${lines.map((l) => l.join(',')).join('\r\n')}\r\n`,
      headers: { 'content-type': 'text/csv', 'x-csrf-token': session.csrfToken },
    });
    assert.ok(up.ok(), `results: ${up.status()} ${await up.text()}`);
    await waitJob(pa, await up.json());
    clock.reset();
    // The API's pages are done with (their account page shows login names, which the step's check would read as codes).
    for (const p of [pv, pc, pr, pa, pm]) await p.context().close();
  });

  const a = await signIn(t.browser, t.baseUrl, au, '/audit', { reuseSession: true });

  await t.step('the auditor verifies the chain and sees when and with what result', async () => {
    await a.getByTestId('audit-verify-run').click();
    await a.locator('[data-testid="audit-verify-result"][data-ok="true"]').waitFor();
    assert.match((await a.getByTestId('audit-verify-last').textContent()) ?? '', /上次校验：.+市审计 测试员/);
  });

  await t.step('the auditor searches the trail by user and action, and exports the selection', async () => {
    await a.getByTestId('audit-filter-user').fill(rv.username);
    await a.getByTestId('audit-filter-action').fill('case.');
    await a.getByTestId('audit-search').click();
    await a.getByTestId('audit-action').first().waitFor();
    const actions = await a.getByTestId('audit-action').allTextContents();
    assert.ok(actions.length > 0 && actions.every((x) => x.startsWith('case.')), actions.join(' '));
    assert.ok(actions.includes('case.township_review'), actions.join(' '));
    const [d] = await Promise.all([a.waitForEvent('download'), a.getByTestId('audit-export').click()]);
    assert.match(d.suggestedFilename(), /\.xlsx$/);
    assert.deepEqual(await untranslatedCodes(a), [], 'code-like tokens outside the action column');
  });

  await t.step('the auditor follows the case’s chain of responsibility to the bank', async () => {
    await a.getByRole('tab', { name: '案件责任链' }).click();
    await a.getByTestId('audit-chain-county').fill(C);
    await a.getByTestId('audit-chain-case').fill(caseId);
    await a.getByTestId('audit-chain-show').click();
    await a.getByTestId('chain-table').waitFor();
    await a.locator('[data-testid="chain-stage"][data-stage="paid"]').waitFor();
    const stages = await a.getByTestId('chain-stage').evaluateAll((els) => els.map((e) => e.getAttribute('data-stage')));
    for (const s of ['accepted', 'investigated', 'reviewed', 'approved', 'enrolled', 'roll_built', 'roll_approved', 'bank_file', 'paid']) assert.ok(stages.includes(s), `${s} in ${stages.join(',')}`);
    assert.equal((await a.getByTestId('chain-actor-accepted').first().textContent())?.trim(), t.caseworker.displayName);
    assert.equal((await a.getByTestId('chain-actor-reviewed').first().textContent())?.trim(), rv.displayName);
    assert.equal((await a.getByTestId('chain-actor-roll_built').first().textContent())?.trim(), ca.displayName);
    assert.equal((await a.getByTestId('chain-actor-roll_approved').first().textContent())?.trim(), ap.displayName);
    await t.screenshot(a, 'audit-chain');
  });

  await t.step('the auditor sees who looked at the applicant, the ID number never in full', async () => {
    await a.goto('/audit');
    await a.getByRole('tab', { name: '谁查看了此人' }).click();
    await a.getByTestId('audit-access-id').fill(headId);
    await a.getByTestId('audit-access-search').click();
    const table = a.getByTestId('audit-access-table');
    await table.locator('tr.ant-table-row').first().waitFor();
    assert.ok(!((await table.textContent()) ?? '').includes(headId), 'no full ID number on the page');
  });

  await t.step('on a phone the chain of responsibility reads stage, person and role', async () => {
    const phone = await signIn(t.browser, t.baseUrl, au, `/audit/cases/${C}/${caseId}`, { phone: true, waitForMenu: false, reuseSession: true });
    await phone.locator('[data-testid="chain-stage"][data-stage="paid"]').waitFor();
    assert.ok(await phone.getByTestId('chain-actor-accepted').first().isVisible());
    await t.screenshot(phone, 'audit-chain-phone');
    await phone.context().close();
  });
}
