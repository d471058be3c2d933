/**
 * 外出走访 offline in Chromium on a phone (issue 17 points 4 and 5, ADR 0051): the caseworker downloads the assigned
 * visits, opens one, goes offline (Playwright's offline mode, with the app's service worker serving the shell), records
 * the investigation with a photo and the three signatures drawn on the screen, records a second one, and goes online:
 * the first syncs by itself and the case shows the investigation with both times and its files; the second case was
 * investigated meanwhile from another device through the API, so the phone shows the conflict with both sides and
 * keeps the record until the caseworker discards it. A periodic review of an enrolled household of the township, opened
 * at the office, is downloaded beside them (kind review), recorded offline with the review drawer's own fields, a photo
 * and the three signatures, synced with the others and shown on the review with both times; its photo and signatures
 * are the reviewed household's files, seen in the review drawer (ADR 0051 amended).
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { runSuffix } from './antd.ts';
import { api, type E2EContext, householdWithCase, signIn, untranslatedCodes } from './harness.ts';
import { enrollmentIdOf } from '../factories/payroll-population.ts';

const VILLAGE = '211221101200';
/** The runner's enrolled household of this test, in the caseworker's township (ids `e2w…`, tests/factories/payroll-population.ts). */
const REVIEW_PREFIX = 'e2w';

async function acceptedCase(cw: Page, name: string): Promise<{ countyCode: string; id: string; version: number }> {
  const { case: c } = await householdWithCase(cw, {
    areaCode: VILLAGE,
    address: `铁岭县新台子镇懿路村六组 ${Math.floor(Math.random() * 90) + 10} 号`,
    head: { name, born: '19580312', sex: 'F' },
  });
  return api(cw, 'POST', `/api/cases/${c.countyCode}/${c.id}/accept`, { version: c.version, attachments: [] });
}

/** A signature: a few strokes across the pad, with the mouse (as a finger would on the phone). */
async function sign(page: Page, role: string): Promise<void> {
  const pad = page.getByTestId(`fv-signature-${role}`);
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  assert.ok(box, `signature pad ${role}`);
  await page.mouse.move(box.x + 20, box.y + box.height * 0.6);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) await page.mouse.move(box.x + 20 + i * ((box.width - 40) / 12), box.y + box.height * (0.6 + 0.25 * Math.sin(i)), { steps: 2 });
  await page.mouse.up();
}

async function recordVisit(page: Page, caseId: string, o: { photo?: Buffer; findings: string }): Promise<void> {
  await page.getByTestId(`fv-open-${caseId}`).click();
  await page.getByTestId('fv-form').waitFor();
  await page.getByTestId('f-investigator-0').fill('王建国');
  await page.getByTestId('f-investigator-1').fill('刘淑芬');
  await page.getByTestId('f-writtenEvidence').fill('村委会收入证明');
  await page.getByTestId('f-findings').fill(o.findings);
  if (o.photo) {
    await page.getByTestId('fv-photo-input').setInputFiles({ name: '住房照片.jpg', mimeType: 'image/jpeg', buffer: o.photo });
    await page.getByTestId('fv-photo-thumb').first().waitFor();
  }
  for (const role of ['applicant', 'investigator1', 'investigator2']) await sign(page, role);
  await page.getByTestId('fv-save').click();
  await page.getByTestId('field-visits-page').waitFor();
}

/**
 * The review visit on the phone: the review drawer's investigation fields (names one a line), a photo and the three
 * signatures (filed on the reviewed household when synced), then saved to the device.
 */
async function recordReviewVisit(page: Page, reviewId: string, findings: string, photo: Buffer): Promise<void> {
  await page.getByTestId(`fv-open-${reviewId}`).click();
  await page.locator('[data-testid="fv-form"][data-kind="review"]').waitFor();
  await page.getByTestId('f-investigators').fill('王建国\n刘淑芬');
  await page.getByTestId('f-findings').fill(findings);
  await page.getByTestId('fv-photo-input').setInputFiles({ name: '复核住房照片.jpg', mimeType: 'image/jpeg', buffer: photo });
  await page.getByTestId('fv-photo-thumb').first().waitFor();
  for (const role of ['applicant', 'investigator1', 'investigator2']) await sign(page, role);
  await page.getByTestId('fv-save').click();
  await page.getByTestId('field-visits-page').waitFor();
}

export default async function fieldVisitE2E(t: E2EContext): Promise<void> {
  const tag = runSuffix();
  if (!t.payrollFixtures) throw new Error('field-visit e2e needs the runner’s fixtures (not available against E2E_BASE_URL)');
  await t.payrollFixtures.enroll({ prefix: REVIEW_PREFIX, households: 1, startMonth: '2019-01', village: VILLAGE });
  const cw = await signIn(t.browser, t.baseUrl, t.caseworker, '/field-visits', { phone: true, reuseSession: true });
  // Another device of the township (the office's computer), online all along.
  const office = await signIn(t.browser, t.baseUrl, t.caseworker, '/worklist', { reuseSession: true });
  // The pages, the photo previews, the signature pads and the worker stay within the app's CSP (ADR 0014).
  const violations: string[] = [];
  cw.on('console', (m) => {
    if (/Content[- ]Security[- ]Policy|Refused to (load|apply|execute|connect|frame)/i.test(m.text())) violations.push(m.text().slice(0, 300));
  });
  try {
    const a = await acceptedCase(office, `走访甲${tag}`);
    const b = await acceptedCase(office, `走访乙${tag}`);
    // A periodic review opened at the office, waiting for its home visit.
    const review = await api(office, 'POST', '/api/reviews', { enrollment: { countyCode: '211221', id: enrollmentIdOf(REVIEW_PREFIX, 1) }, trigger: 'scheduled' });
    assert.equal(review.state, 'opened');

    await t.step('the caseworker downloads the assigned visits on the phone; the app shell is served by the service worker', async () => {
      await cw.getByTestId('field-visits-page').waitFor();
      await cw.getByTestId('fv-download').click();
      await cw.getByTestId(`fv-open-${a.id}`).waitFor();
      await cw.getByTestId(`fv-open-${b.id}`).waitFor();
      await cw.locator(`[data-testid="fv-task"][data-kind="review"][data-case="${review.id}"]`).getByText('复核入户调查', { exact: true }).waitFor();
      const controlled = await cw.evaluate(async () => {
        await navigator.serviceWorker.ready;
        for (let i = 0; i < 50 && !navigator.serviceWorker.controller; i++) await new Promise((r) => setTimeout(r, 100));
        return Boolean(navigator.serviceWorker.controller);
      });
      assert.equal(controlled, true, 'the page is controlled by the app’s service worker');
      // The device keeps only sealed values: the applicant's name is nowhere in the stored tasks as text.
      const stored = await cw.evaluate(async () => {
        const name = (await indexedDB.databases()).find((d) => d.name?.startsWith('doudi-field-'))?.name;
        if (!name) return null;
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const req = indexedDB.open(name);
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
        const values = await new Promise<{ data: ArrayBuffer }[]>((resolve) => {
          const req = db.transaction('tasks').objectStore('tasks').getAll();
          req.onsuccess = () => resolve(req.result);
        });
        db.close();
        return values.map((v) => new TextDecoder().decode(v.data));
      });
      assert.ok(stored && stored.length >= 3, 'the tasks are on the device');
      const plain = !stored.some((text) => text.includes(`走访甲${tag}`));
      assert.equal(plain, true, 'tasks are stored encrypted');
    });

    await t.step('offline, the investigation is recorded with a photo and three signatures, and a second one too', async () => {
      await cw.context().setOffline(true);
      await cw.locator('[data-testid="fv-online"][data-online="false"]').waitFor();
      const photo = await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 160, g: 120, b: 90 } } }).jpeg().toBuffer();
      await recordVisit(cw, a.id, { photo, findings: '住房为土坯房，家中无劳动力' });
      await recordVisit(cw, b.id, { findings: '老人独居' });
      await recordReviewVisit(cw, review.id, `复核入户：家庭情况无变化${tag}`, photo);
      await cw.locator(`[data-testid="fv-record"][data-kind="review"][data-case="${review.id}"][data-status="pending"]`).waitFor();
      const pendingA = cw.locator(`[data-testid="fv-record"][data-case="${a.id}"]`);
      await pendingA.waitFor();
      assert.equal(await pendingA.getAttribute('data-status'), 'pending');
      assert.equal(await cw.locator(`[data-testid="fv-record"][data-case="${b.id}"]`).getAttribute('data-status'), 'pending');
      // The installed app opens with no network: the shell from the service worker, the visits from the device.
      await cw.reload();
      await cw.getByTestId('field-visits-page').waitFor();
      await cw.locator(`[data-testid="fv-record"][data-case="${a.id}"][data-status="pending"]`).waitFor();
      await cw.locator('[data-testid="fv-online"][data-online="false"]').waitFor();
      // Meanwhile the second case is investigated at the office.
      await api(office, 'POST', `/api/cases/${b.countyCode}/${b.id}/investigation`, {
        version: b.version,
        investigators: [{ name: '张办公' }, { name: '李办公' }],
        investigatedOn: new Date().toISOString().slice(0, 10),
        homeVisitOn: new Date().toISOString().slice(0, 10),
        neighbourVisits: 1,
        writtenEvidence: ['村委会证明'],
        dataCheck: { result: 'eligible', checkedOn: new Date().toISOString().slice(0, 10), reasons: [] },
        findings: '办公室录入',
        attachments: [],
      });
    });

    await t.step('online again, the first visit syncs by itself; the second shows the conflict with both sides and is kept', async () => {
      await cw.context().setOffline(false);
      await cw.locator(`[data-testid="fv-record"][data-case="${a.id}"][data-status="synced"]`).waitFor({ timeout: 30_000 });
      await cw.locator(`[data-testid="fv-record"][data-kind="review"][data-case="${review.id}"][data-status="synced"]`).waitFor({ timeout: 30_000 });
      const conflict = cw.locator(`[data-testid="fv-record"][data-case="${b.id}"][data-status="conflict"]`);
      await conflict.waitFor({ timeout: 30_000 });
      await conflict.getByTestId('fv-record-message').getByText('案件在下载走访任务后已有变化', { exact: false }).waitFor();
      await conflict.getByTestId('fv-server-side').getByText('张办公', { exact: false }).waitFor();
      await conflict.getByText('老人独居').waitFor();
      assert.deepEqual(await untranslatedCodes(cw), []);
      assert.deepEqual(violations, []);
      // The service worker cached the shell and nothing of the API, after all these API calls.
      const cached = await cw.evaluate(async () => {
        const urls: string[] = [];
        for (const name of await caches.keys()) for (const r of await (await caches.open(name)).keys()) urls.push(new URL(r.url).pathname);
        return urls;
      });
      assert.ok(cached.includes('/index.html'), 'the shell is precached');
      assert.deepEqual(cached.filter((u) => u.startsWith('/api/')), []);
      // The record stays after a reload until the caseworker discards it.
      await cw.reload();
      await cw.locator(`[data-testid="fv-record"][data-case="${b.id}"][data-status="conflict"]`).waitFor();
      await t.screenshot(cw, 'field-visit-conflict');
      // Signing out would clear the device: with a record not synced, the app says so first (and the caseworker stays).
      await cw.getByTestId('logout').click();
      const warning = cw.locator('.ant-modal-confirm').filter({ hasText: '有未同步的入户记录' });
      await warning.getByText('1 条入户记录未同步', { exact: false }).waitFor();
      await warning.getByRole('button', { name: /取\s*消/ }).click();
      await warning.waitFor({ state: 'detached' });
      await cw.getByTestId('field-visits-page').waitFor();
    });

    await t.step('the case shows the synced investigation with the time recorded in the home and the time it arrived, and its files', async () => {
      const files = await api(office, 'GET', `/api/cases/${a.countyCode}/${a.id}/files`);
      const types = files.items.map((f: { documentType: string; step: string }) => `${f.step}:${f.documentType}`).sort();
      assert.deepEqual(types, ['investigate:photo', 'investigate:signature', 'investigate:signature', 'investigate:signature']);
      await cw.goto(`/cases/${a.countyCode}/${a.id}`);
      const records = cw.getByTestId('case-records');
      await records.getByText('住房为土坯房，家中无劳动力').waitFor();
      await records.getByTestId('investigation-recorded-at').waitFor();
      await records.getByTestId('investigation-received-at').waitFor();
      const detail = await api(office, 'GET', `/api/cases/${a.countyCode}/${a.id}`);
      const inv = detail.records.investigations[0];
      assert.equal(detail.state, 'investigated');
      assert.ok(inv.recordedAt && inv.receivedAt && inv.recordedAt <= inv.receivedAt, JSON.stringify(inv));
    });

    await t.step('the review shows its home visit recorded on the phone: the time recorded in the home and the time it arrived', async () => {
      const detail = await api(office, 'GET', `/api/reviews/211221/${review.id}`);
      assert.equal(detail.state, 'investigated');
      const step = detail.timeline.find((e: { step: string }) => e.step === 'investigate');
      assert.ok(step?.visitId && step.recordedAt && step.recordedAt <= step.at, JSON.stringify(step));
      assert.deepEqual(step.record.investigators, ['王建国', '刘淑芬']);
      assert.equal(step.record.findings, `复核入户：家庭情况无变化${tag}`);
    });

    await t.step('the review visit’s photo and three signatures are the reviewed household’s files, seen in the review drawer', async () => {
      const files = await api(office, 'GET', `/api/households/211221/${review.householdId}/files`);
      const mine = files.items.filter((f: { fileName: string }) => ['复核住房照片.jpg', '申请人签名.png', '调查人一签名.png', '调查人二签名.png'].includes(f.fileName));
      assert.deepEqual(mine.map((f: { ownerKind: string; documentType: string }) => `${f.ownerKind}:${f.documentType}`).sort(), [
        'household:photo',
        'household:signature',
        'household:signature',
        'household:signature',
      ]);
      // On the office's computer: the household's page, the review opened from its enrollments, the household's files in the drawer.
      await office.goto(`/registry/211221/${review.householdId}`);
      await office.getByTestId('enrollments-panel').getByTestId('review-open').first().click();
      const card = office.getByTestId('review-drawer').getByTestId('review-household-files');
      await card.getByText('复核住房照片.jpg').waitFor();
      for (const name of ['申请人签名.png', '调查人一签名.png', '调查人二签名.png']) await card.getByText(name).waitFor();
      assert.equal(await card.getByTestId('file-preview').count(), files.items.filter((f: { hasPreview: boolean }) => f.hasPreview).length);
      assert.ok((await card.getByTestId('file-preview').count()) >= 4, 'the photo and the signatures have previews');
      assert.deepEqual(await untranslatedCodes(office), []);
    });

    await t.step('the conflicted record is discarded only when the caseworker chooses to', async () => {
      await cw.goto('/field-visits');
      const conflict = cw.locator(`[data-testid="fv-record"][data-case="${b.id}"]`);
      await conflict.getByTestId('fv-discard').click();
      await cw.getByTestId('fv-discard-ok').click();
      await conflict.waitFor({ state: 'detached' });
      const detail = await api(office, 'GET', `/api/cases/${b.countyCode}/${b.id}`);
      assert.equal(detail.records.investigations.length, 1);
      assert.equal(detail.records.investigations[0].findings, '办公室录入');
    });
  } finally {
    await cw.context().close();
    await office.context().close();
  }
}
