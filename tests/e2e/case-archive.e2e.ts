/**
 * 电子档案 in Chromium on a 390 px phone (issue 17 point 3, ADR 0050): the village assistant's household has a case with
 * a Chinese PDF and a photo, and a household paper; from the household page they open the household's case file, see
 * the cases with their retention and the listing with each file's preview, and print the bound PDF — read back here: the
 * contents list every document on the page it starts, and the PDF's own pages are bound in. The case page links to it.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { chinesePdf, jpegWithGps } from '../factories/evidence.ts';
import { pdfPageTexts } from '../factories/pdf-text.ts';
import { runSuffix } from './antd.ts';
import { api, type E2EContext, householdWithCase, signIn, untranslatedCodes } from './harness.ts';

const VILLAGE = '211221101200';

/** A raw upload (the file as the body, its type and name in the query), as the web app's files card sends it. */
async function upload(page: Page, path: string, q: Record<string, string>, body: Buffer, type: string): Promise<void> {
  const session = await (await page.request.get('/api/session')).json();
  const res = await page.request.fetch(`${path}?${new URLSearchParams(q)}`, { method: 'POST', data: body, headers: { 'x-csrf-token': session.csrfToken, 'content-type': type } });
  assert.ok(res.ok(), `upload ${path}: ${res.status()} ${await res.text()}`);
}

export default async function caseArchiveE2E(t: E2EContext): Promise<void> {
  const { villageAssistant } = t;
  if (!villageAssistant) throw new Error('case-archive e2e needs the runner’s village assistant');
  const tag = runSuffix();
  const va = await signIn(t.browser, t.baseUrl, { ...villageAssistant }, '/cases', { phone: true, reuseSession: true });
  try {
    let household = { countyCode: '', id: '' };
    let casePath = '';
    const pdf = await chinesePdf(20);
    await t.step('a household with a case holding a Chinese PDF and a photo, and a paper of its own', async () => {
      const { household: h, case: c } = await householdWithCase(va, { areaCode: VILLAGE, address: '铁岭县新台子镇懿路村六组 8 号', head: { name: `档案户${tag}`, born: '19580305', sex: 'F' } });
      household = { countyCode: h.countyCode, id: h.id };
      casePath = `/cases/${c.countyCode}/${c.id}`;
      await upload(va, `/api/${casePath.slice(1)}/files`, { step: 'apply', type: 'application', name: '申请书.pdf' }, pdf, 'application/pdf');
      await upload(va, `/api/${casePath.slice(1)}/files`, { step: 'apply', type: 'photo', name: '住房照片.jpg' }, await jpegWithGps(1200, 900), 'image/jpeg');
      await upload(va, `/api/households/${h.countyCode}/${h.id}/files`, { type: 'id_hukou', name: '户口簿.jpg' }, await jpegWithGps(800, 600), 'image/jpeg');
    });

    await t.step('from the household page, the case file lists the case with its retention and each file with its preview, on a 390 px screen', async () => {
      await va.goto(`/registry/${household.countyCode}/${household.id}`);
      const card = va.getByTestId('household-files');
      await card.getByText('户口簿.jpg').waitFor();
      // The household's own card uploads too (its document types: 残疾证 here), from the phone.
      await card.getByRole('combobox').click();
      await va.locator('.ant-select-dropdown:visible').getByText('残疾证', { exact: true }).click();
      await card.locator('.ant-upload input[type="file"]').setInputFiles({ name: '残疾证.jpg', mimeType: 'image/jpeg', buffer: await jpegWithGps(600, 400) });
      await card.getByText('残疾证.jpg').waitFor();
      const own = await api(va, 'GET', `/api/households/${household.countyCode}/${household.id}/files`);
      assert.deepEqual(own.items.map((f: { documentType: string }) => f.documentType).sort(), ['disability_cert', 'id_hukou']);
      await va.getByTestId('household-archive-link').click();
      const page = va.getByTestId('household-archive');
      await page.waitFor();
      await page.getByText('申请书.pdf').waitFor();
      await page.getByText('住房照片.jpg').waitFor();
      await page.getByText('户口簿.jpg').waitFor();
      await page.getByText('残疾证.jpg').waitFor();
      await va.getByTestId('archive-retention').getByText('办理中', { exact: false }).waitFor();
      // The three previews are loaded (the PDF's is its first page, rendered by the server).
      await va.waitForFunction(() => {
        const imgs = Array.from(document.querySelectorAll<HTMLImageElement>('[data-testid="household-archive"] img[data-testid="file-preview"]'));
        return imgs.length === 4 && imgs.every((i) => i.complete && i.naturalWidth > 0);
      });
      await va.waitForLoadState('networkidle');
      const w = await va.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
      assert.ok(w.scroll <= w.client + 1, `the case-file page is ${w.scroll} px wide on a ${w.client} px screen`);
      assert.deepEqual(await untranslatedCodes(va), []);
      await t.screenshot(va, 'case-archive-phone');
    });

    await t.step('the bound PDF downloads with its contents and every page', async () => {
      const [d] = await Promise.all([va.waitForEvent('download'), va.getByTestId('archive-print').click()]);
      assert.match(d.suggestedFilename(), new RegExp(`^电子档案-档案户${tag}-\\d{4}-\\d{2}-\\d{2}\\.pdf$`));
      const file = await d.path();
      assert.ok(file, 'the download was saved');
      const texts = await pdfPageTexts(new Uint8Array(await readFile(file)));
      const pdfPages = (await pdfPageTexts(new Uint8Array(pdf))).length;
      const docPages = 1 + pdfPages + 1 + 1 + 1;
      const front = texts.length - docPages;
      assert.ok(texts[0]?.includes('家庭电子档案') && texts[0].includes(`档案户${tag}`), 'the cover names the household');
      const toc = texts.slice(1, front).join('');
      assert.ok(toc.includes('目录'), 'the contents');
      const entries = [...toc.matchAll(/材料 (\d+)：[^（]*（[^）]*）\s*(\d+)/g)].map((m) => [Number(m[1]), Number(m[2])] as const);
      assert.deepEqual(
        entries.map(([, p]) => p),
        [front + 1, front + 2 + pdfPages, front + 3 + pdfPages, front + 4 + pdfPages],
      );
      for (const [i, p] of entries) assert.ok(texts[p - 1]?.includes(`材料 ${i}：`), `page ${p} starts document ${i}`);
      assert.ok(texts[front + 1]?.includes('最低生活保障申请书'), 'the PDF’s first page is bound in');
    });

    await t.step('the case page links to the household’s case file', async () => {
      await va.goto(casePath);
      await va.getByTestId('case-archive-link').click();
      await va.getByTestId('household-archive').getByText('申请书.pdf').waitFor();
    });
  } finally {
    await va.context().close();
  }
}
