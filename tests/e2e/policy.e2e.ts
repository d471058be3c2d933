/**
 * Policy screens end to end (issue 3, points 7 and 9): a township caseworker enters POLICY.md's worked example in
 * the calculator and sees 692.50 yuan a month with its trace explained; the parameter browser shows the value
 * in force on a chosen day and a parameter's history; a system administrator proposes dated overrides — one below the
 * plan's floor is refused with the reason on the value, one ending a county's standard with nothing to fall back on on
 * the "end" box (issue 11 point 3), one out of range is stopped by the form — and sees them pending; the city
 * supervisor confirms one (then it is in force), the administrator withdraws another with a reason; the compliance
 * page passes throughout (issue 9 point 4, ADR 0017). Screenshots in test-results/.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { type E2EContext, signIn } from './harness.ts';
import { chooseOption, fieldError, runSuffix, syntheticId, fillDate } from './antd.ts';

/** The text of a trace step's value cell. */
const stepValue = (page: Page, step: string) => page.getByTestId(`trace-step-${step}`).getByTestId('trace-value').textContent();

export default async function policyE2E(t: E2EContext): Promise<void> {
  const worker = await signIn(t.browser, t.baseUrl, t.caseworker, '/registry');
  try {
    await t.step('the side menu leads to the calculator; a caseworker sees no compliance entry', async () => {
      assert.equal(await worker.getByTestId('nav-compliance').count(), 0);
      await worker.getByTestId('nav-calculator').click();
      await worker.getByTestId('calc-form').waitFor();
      await worker.getByTestId('calc-empty').waitFor();
      assert.match(worker.url(), /\/calculator$/);
    });

    await t.step('the worked example typed in gives 692.50 yuan a month, with reasons and the trace explained', async () => {
      await fillDate(worker.getByTestId('calc-month'), '2019-08');
      await chooseOption(worker, 'calc-county', '铁岭县');
      await fillDate(worker.getByTestId('member-0-birthDate'), '1970-03-01');
      await worker.getByTestId('calc-add-member').click();
      await fillDate(worker.getByTestId('member-1-birthDate'), '1972-05-01');
      await chooseOption(worker, 'member-1-relation', '配偶');
      await worker.getByTestId('calc-add-member').click();
      await fillDate(worker.getByTestId('member-2-birthDate'), '2008-09-01');
      await chooseOption(worker, 'member-2-relation', '子女');
      await worker.getByTestId('calc-add-income').click();
      await worker.getByTestId('income-0-annual').fill('6000');
      await worker.getByTestId('calc-submit').click();

      await worker.getByTestId('calc-result').waitFor();
      assert.equal(await worker.getByTestId('calc-amount').textContent(), '692.50');
      assert.equal(await worker.getByTestId('calc-eligible').getAttribute('data-eligible'), 'true');
      // Reasons as words with their clause; each step by its Chinese name, its value to the fen (the exact one kept for
      // the tooltip) and the parameters it read, by name, with the plan cited.
      await worker.getByTestId('calc-reasons').getByText('家庭人均月收入低于当地低保标准').waitFor();
      assert.doesNotMatch((await worker.getByTestId('calc-reasons').textContent()) ?? '', /INCOME_BELOW_STANDARD|POLICY\.md/);
      const monthly = worker.getByTestId('trace-step-standard.monthly');
      assert.equal(await monthly.getByTestId('trace-label').textContent(), '低保标准（月）');
      assert.equal(await stepValue(worker, 'standard.monthly'), '397.50 元/人');
      assert.equal(await stepValue(worker, 'income.perCapitaMonthly'), '166.67 元');
      assert.equal(await worker.getByTestId('trace-step-income.perCapitaMonthly').getAttribute('data-rounded'), 'true');
      assert.equal(await stepValue(worker, 'test.income'), '符合');
      assert.equal(await stepValue(worker, 'amount.exact'), '692.50 元');
      const standard = worker.getByTestId('trace-step-standard.annual').getByTestId('trace-param-dibao.standard.rural');
      const text = (await standard.textContent()) ?? '';
      assert.match(text, /农村最低生活保障标准（年）：4,770\.00 元\/人\/年/);
      assert.match(text, /2019-07-01 起 · 铁岭县/);
      assert.match(text, /铁市民发〔2019〕45号 二\(一\)/);
      assert.doesNotMatch((await worker.getByTestId('calc-trace').textContent()) ?? '', /POLICY\.md|\d\.\d{3,}|\btrue\b/);
      await t.screenshot(worker, 'calculator-worked-example');
    });

    await t.step('June 2019 (the old standard) gives 587.50; a month without parameters is refused on its field', async () => {
      await fillDate(worker.getByTestId('calc-month'), '2019-06');
      await worker.getByTestId('calc-submit').click();
      await worker.getByTestId('calc-amount').filter({ hasText: '587.50' }).waitFor();
      await fillDate(worker.getByTestId('calc-month'), '2001-01');
      await worker.getByTestId('calc-submit').click();
      await worker.getByTestId('calc-error').waitFor();
      // The message sits on the month (it renders a moment after the error banner).
      await fieldError(worker, 'calc-month').first().waitFor();
      await worker.getByTestId('calc-example').click();
      await worker.getByTestId('calc-submit').click();
      await worker.getByTestId('calc-amount').filter({ hasText: '692.50' }).waitFor();
    });

    await t.step('a registered household loads into the calculator and gives the same result', async () => {
      const head = `甄${runSuffix()}`;
      const created = await worker.evaluate(async (p) => {
        const { csrfToken } = await (await fetch('/api/session')).json();
        const r = await fetch('/api/households', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken },
          body: JSON.stringify({
            areaCode: '211221101200',
            address: '新台子镇懿路村 1 组 1 号',
            hukouType: 'rural',
            members: [
              { idNumber: p.ids[0], name: p.head, relation: 'head', laborCapacity: 'full' },
              { idNumber: p.ids[1], name: `${p.head}配偶`, relation: 'spouse', laborCapacity: 'full' },
              { idNumber: p.ids[2], name: `${p.head}子女`, relation: 'child', laborCapacity: 'none', inSchool: true },
            ],
            incomes: [{ kind: 'wage', annualYuan: '6000' }],
          }),
        });
        return { status: r.status, body: await r.text() };
      }, { head, ids: [syntheticId('211221', '19700301', 'M'), syntheticId('211221', '19720501', 'F'), syntheticId('211221', '20080901', 'M')] });
      assert.equal(created.status, 201, created.body);
      await worker.getByTestId('calc-clear').click();
      await fillDate(worker.getByTestId('calc-month'), '2019-08');
      const loader = worker.getByTestId('calc-load-household');
      await loader.click();
      await loader.locator('input').fill(head);
      await worker.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: head }).first().click();
      await worker.getByTestId('member-2').filter({ hasText: `${head}子女` }).waitFor();
      // The ID number comes masked (ADR 0012): it names the member; the birth date the server sent stands in for it.
      assert.match(await worker.getByTestId('member-1-idNumber').inputValue(), /^211221\*{8}\d{3}[\dX]$/);
      assert.equal(await worker.getByTestId('member-1-birthDate').inputValue(), '1972-05-01');
      await worker.getByTestId('calc-submit').click();
      await worker.getByTestId('calc-amount').filter({ hasText: '692.50' }).waitFor();
    });

    await t.step('in English the explanation names each step in English', async () => {
      await worker.getByTestId('lang-switch').getByText('EN').click();
      await worker.getByTestId('trace-step-standard.monthly').getByTestId('trace-label').filter({ hasText: 'dibao standard per month' }).waitFor();
      await worker.getByTestId('calc-reasons').getByText('household income per person per month is below the local dibao standard').waitFor();
      await worker.getByText('Eligible', { exact: true }).waitFor();
      await worker.getByTestId('lang-switch').getByText('中文').click();
      await worker.getByTestId('calc-eligible').getByText('符合条件').waitFor();
    });

    await t.step('tekun in the calculator asks for what it needs, in Chinese, then gives its determination', async () => {
      await worker.getByTestId('calc-clear').click();
      await worker.getByTestId('calc-program').getByText('特困人员救助供养').click();
      await fillDate(worker.getByTestId('calc-month'), '2019-08');
      await fillDate(worker.getByTestId('member-0-birthDate'), '1950-01-01');
      await worker.getByTestId('member-0-supporter').waitFor();
      await worker.getByTestId('calc-submit').click();
      await fieldError(worker, 'member-0-supporter').filter({ hasText: '特困供养须填写' }).waitFor();
      await fieldError(worker, 'member-0-selfCareFailed').filter({ hasText: '特困供养须填写' }).waitFor();
      await chooseOption(worker, 'member-0-supporter', '无法定义务人');
      await worker.getByTestId('member-0-selfCareFailed').fill('4');
      await worker.getByTestId('calc-submit').click();
      await worker.getByTestId('calc-eligible').waitFor();
      assert.equal(await worker.getByTestId('calc-error').count(), 0, 'no raw error about members.0.supporter');
      await t.screenshot(worker, 'calculator-tekun');
      await worker.getByTestId('calc-program').getByText('最低生活保障').click();
    });

    await t.step('the parameter browser shows the value in force on a chosen day and a history with citations', async () => {
      await worker.getByTestId('nav-parameters').click();
      await worker.getByTestId('params-table').waitFor();
      await fillDate(worker.getByTestId('params-at'), '2019-06-30');
      await worker.getByTestId('param-value-dibao.standard.rural').filter({ hasText: '4,350.00 元/人/年' }).waitFor();
      await fillDate(worker.getByTestId('params-at'), '2019-07-01');
      await worker.getByTestId('param-value-dibao.standard.rural').filter({ hasText: '4,770.00 元/人/年' }).waitFor();
      // Demo defaults carry the 示例值 label.
      assert.ok((await worker.getByTestId('params-table').getByTestId('tag-illustrative').count()) > 3);
      await t.screenshot(worker, 'parameters');
      await worker.getByTestId('param-history-dibao.standard.rural').click();
      const drawer = worker.getByTestId('history-drawer');
      await drawer.getByTestId('history-area-211221').waitFor();
      const entries = drawer.getByTestId('history-area-211221').getByTestId('history-entry');
      assert.equal(await entries.count(), 2);
      assert.match((await entries.nth(1).textContent()) ?? '', /4,770\.00.*铁市民发〔2019〕45号/);
      assert.equal(await drawer.getByTestId('history-add-override').count(), 0, 'no override form for a caseworker');
      await t.screenshot(worker, 'parameters-history');
    });
  } finally {
    await worker.context().close();
  }

  if (!t.admin || !t.supervisor) {
    process.stdout.write('    (no supervisor/administrator accounts: compliance and override steps skipped)\n');
    return;
  }
  const supervisor = await signIn(t.browser, t.baseUrl, t.supervisor, '/compliance?at=2020-02-01');
  const admin = await signIn(t.browser, t.baseUrl, t.admin, '/parameters?at=2020-02-01');
  try {
    await t.step('the city supervisor’s compliance page: every county passes on 2020-02-01', async () => {
      await supervisor.getByTestId('compliance-table').waitFor();
      assert.equal(await supervisor.getByTestId('compliance-summary').textContent(), '全部达标');
      assert.equal(await supervisor.getByTestId('compliance-table').locator('tbody tr.ant-table-row').count(), 7);
      assert.equal(await supervisor.getByTestId('county-ok-211224').textContent(), '达标');
    });

    await t.step('a system administrator proposes overrides: out of range is stopped by the form, below the plan’s floor is refused with the reason', async () => {
      await chooseGroup(admin, '特困', 'tekun');
      await admin.getByTestId('param-override-tekun.basic.ratio').click();
      const modal = admin.getByTestId('override-modal');
      await modal.getByTestId('override-form').waitFor();
      assert.equal(await modal.getByTestId('override-range').textContent(), '允许范围：1 至 5（multiple-of-dibao-standard）');
      await chooseOption(admin, 'override-area', '昌图县 211224');
      await fillDate(modal.getByTestId('override-from'), '2020-01-01');
      await modal.getByTestId('override-value').fill('1e308');
      await modal.getByTestId('override-citation').fill('昌图县民政局 测试文件 第3条');
      await admin.getByTestId('override-submit').click();
      await fieldError(admin, 'override-value').filter({ hasText: '允许范围：1 至 5' }).waitFor();
      await modal.getByTestId('override-value').fill('1.2');
      await admin.getByTestId('override-submit').click();
      // The refusal sits on the value, with the floor and the plan that sets it.
      const error = fieldError(admin, 'override-value').filter({ hasText: '起低于实施方案的下限' });
      await error.waitFor();
      assert.match((await error.textContent()) ?? '', /将使昌图县自 2020年1月（2020-01-01）起低于实施方案的下限：特困人员基本生活标准低于农村低保标准的规定倍数（倍数 1\.2，规定倍数 1\.3.*依据：《铁岭市民政局关于在脱贫攻坚三年行动中切实做好社会救助兜底保障工作的实施方案》（铁市民发〔2019〕45号）二\(一\)/);
      assert.equal(await modal.getByTestId('override-error').count(), 0, 'a refusal on a field is not repeated above the form');
      await t.screenshot(admin, 'override-refused-below-floor');
      await modal.getByTestId('override-value').fill('1.4');
      await admin.getByTestId('override-submit').click();
      await modal.waitFor({ state: 'detached' });
      // Pending: the value in force is still the file's.
      await chooseOption(admin, 'params-county', '昌图县');
      await admin.getByTestId('param-value-tekun.basic.ratio').filter({ hasText: '1.3' }).waitFor();
      await admin.getByTestId('tab-overrides').click();
      const table = admin.getByTestId('override-table');
      const row = table.locator('tr.ant-table-row', { hasText: 'tekun.basic.ratio' });
      await row.getByText('待确认').waitFor();
      assert.equal(await row.locator('[data-testid^="override-confirm-"]').count(), 0, 'the author has no confirm button');
      await row.locator('[data-testid^="override-withdraw-"]').waitFor();
      assert.match((await row.textContent()) ?? '', /系统管理员 测试员 于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 提出/);
      await t.screenshot(admin, 'overrides-pending');
    });

    await t.step('ending 昌图县’s own rural standard, with no city value to fall back on, is refused on the “end” box, naming county, parameter and month (issue 11 point 3)', async () => {
      await admin.getByTestId('tab-parameters').click();
      await chooseGroup(admin, '低保', 'dibao');
      await admin.getByTestId('param-override-dibao.standard.rural').click();
      const modal = admin.getByTestId('override-modal');
      await modal.getByTestId('override-form').waitFor();
      await chooseOption(admin, 'override-area', '昌图县 211224');
      await fillDate(modal.getByTestId('override-from'), '2030-01-01');
      await modal.getByTestId('override-end').check();
      await modal.getByTestId('override-citation').fill('昌图县民政局 测试文件 第4条');
      await admin.getByTestId('override-submit').click();
      const error = fieldError(admin, 'override-end').filter({ hasText: '没有有效的' });
      await error.waitFor();
      assert.match((await error.textContent()) ?? '', /将使昌图县自 2030年1月（2030-01-01）起没有有效的“农村最低生活保障标准（年）”（dibao\.standard\.rural）/);
      await t.screenshot(admin, 'override-refused-no-value');
      await admin.keyboard.press('Escape');
      await modal.waitFor({ state: 'detached' });
      await chooseGroup(admin, '特困', 'tekun');
    });

    await t.step('the city supervisor confirms it; from then on it is in force and shown as an override', async () => {
      await supervisor.goto(`${t.baseUrl}/parameters?tab=overrides`);
      const row = supervisor.getByTestId('override-table').locator('tr.ant-table-row', { hasText: 'tekun.basic.ratio' });
      await row.getByText('待确认').waitFor();
      await row.locator('[data-testid^="override-confirm-"]').click();
      await supervisor.getByTestId('override-confirm-ok').click();
      await supervisor.getByTestId('override-status-filter').getByText('已确认').click();
      const done = supervisor.getByTestId('override-table').locator('tr.ant-table-row', { hasText: 'tekun.basic.ratio' });
      await done.getByText(/市局督查 测试员 于 .* 确认/).waitFor();
      await t.screenshot(supervisor, 'overrides-confirmed');
      await admin.getByTestId('tab-parameters').click();
      await admin.reload();
      await admin.getByTestId('param-value-tekun.basic.ratio').filter({ hasText: '1.4' }).waitFor();
      await admin.getByTestId('params-table').getByTestId('tag-override').filter({ hasText: t.admin!.username }).waitFor();
    });

    await t.step('the administrator withdraws a pending proposal with a reason; the history says who and why; English labels', async () => {
      await chooseGroup(admin, '取暖', 'heating');
      await admin.getByTestId('param-override-heating.dispersed.annual').click();
      const modal = admin.getByTestId('override-modal');
      await modal.getByTestId('override-form').waitFor();
      await chooseOption(admin, 'override-area', '铁岭县 211221');
      await fillDate(modal.getByTestId('override-from'), '2031-11-01');
      await modal.getByTestId('override-value').fill('260');
      await modal.getByTestId('override-citation').fill('铁岭县 测试：取暖补贴提高');
      await admin.getByTestId('override-submit').click();
      await modal.waitFor({ state: 'detached' });
      await admin.getByTestId('tab-overrides').click();
      const row = admin.getByTestId('override-table').locator('tr.ant-table-row', { hasText: 'heating.dispersed.annual' });
      await row.locator('[data-testid^="override-withdraw-"]').click();
      await admin.getByTestId('override-withdraw-reason').fill('文件尚未下发');
      await admin.getByTestId('override-withdraw-ok').click();
      await admin.getByTestId('override-status-filter').getByText('已撤回').click();
      const gone = admin.getByTestId('override-table').locator('tr.ant-table-row', { hasText: 'heating.dispersed.annual' });
      await gone.getByText(/撤回：文件尚未下发/).waitFor();
      await admin.getByTestId('lang-switch').getByText('EN').click();
      await admin.getByTestId('override-table').getByText('Withdrawn', { exact: true }).first().waitFor();
      await admin.getByTestId('tab-overrides').filter({ hasText: 'Overrides' }).waitFor();
      await admin.getByTestId('lang-switch').getByText('中文').click();
    });

    await t.step('the compliance page still passes for every county (no override broke a floor), and a screenshot is saved', async () => {
      await supervisor.goto(`${t.baseUrl}/compliance?at=2020-02-01`);
      await supervisor.getByTestId('compliance-summary').filter({ hasText: '全部达标' }).waitFor();
      assert.equal(await supervisor.getByTestId('county-ok-211224').textContent(), '达标');
      assert.equal(await supervisor.getByTestId('verdict-211224-TEKUN_FLOOR').getAttribute('data-ok'), 'true');
      await t.screenshot(supervisor, 'compliance');
    });
  } finally {
    await supervisor.context().close();
    await admin.context().close();
  }
}

/**
 * Chooses a parameter group and waits until the table shows only that group's rows: the filter goes through the URL, and
 * a button clicked while the unfiltered table is still on screen moves under the pointer when the filter lands (a loaded
 * CI machine clicked beside the 取暖 row's button and no form opened).
 */
async function chooseGroup(page: Page, label: string, prefix: string): Promise<void> {
  await page.getByTestId('params-group').getByText(label, { exact: true }).click();
  await page.waitForURL((u) => u.searchParams.get('group') === prefix);
  const names = page.getByTestId('params-table').getByTestId('param-name');
  await names.first().waitFor();
  await page.waitForFunction(
    (p) => [...document.querySelectorAll('[data-testid="params-table"] [data-testid="param-name"]')].every((e) => (e.textContent ?? '').startsWith(`${p}.`)),
    prefix,
  );
}
