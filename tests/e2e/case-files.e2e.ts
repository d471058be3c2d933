/**
 * 档案材料 in Chromium (issue 17, ADR 0049): the village assistant opens a new case, sees the acceptance's required
 * documents listed as missing, drops a phone photo (with GPS in its EXIF) on the files card and finds it listed; the
 * file downloaded through the API has no EXIF. A renamed text file is refused with the server's Chinese message.
 */
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { jpegWithGps } from '../factories/evidence.ts';
import { runSuffix } from './antd.ts';
import { api, type E2EContext, householdWithCase, signIn, untranslatedCodes } from './harness.ts';

const VILLAGE = '211221101200';

export default async function caseFilesE2E(t: E2EContext): Promise<void> {
  const { clock, villageAssistant, caseFixtures } = t;
  if (!clock || !villageAssistant || !caseFixtures) throw new Error('case-files e2e needs the runner’s clock, village assistant and fixtures (not available against E2E_BASE_URL)');
  const tag = runSuffix();
  // The county switched the required documents on (a dated parameter, ADR 0049); the case is applied on that day.
  const removeOverride = await caseFixtures.overrideInForce({ name: 'procedure.requiredDocuments.enforced', area: '211221', effectiveFrom: '2027-03-01', value: 1 });
  clock.set('2027-03-01');
  const va = await signIn(t.browser, t.baseUrl, { ...villageAssistant }, '/cases');
  try {
    let path = '';
    let fileCount = 0;
    await t.step('a new case lists the acceptance’s required documents as missing', async () => {
      const { case: c } = await householdWithCase(va, { areaCode: VILLAGE, address: '铁岭县新台子镇懿路村五组 3 号', head: { name: `材料户${tag}`, born: '19600405', sex: 'M' } });
      path = `/cases/${c.countyCode}/${c.id}`;
      await va.goto(path);
      const card = va.getByTestId('case-files');
      await card.waitFor();
      await card.getByText('申请书、家庭经济状况声明及核对授权书、身份证/户口簿').waitFor();
    });

    await t.step('a photo dropped on the card is stored without its location; a renamed text file is refused in Chinese', async () => {
      const card = va.getByTestId('case-files');
      const input = card.locator('.ant-upload input[type="file"]');
      await input.setInputFiles({ name: '住房照片.jpg', mimeType: 'image/jpeg', buffer: await jpegWithGps(800, 600) });
      await card.getByText('住房照片.jpg').waitFor();
      fileCount++;
      const list = await api(va, 'GET', `/api/cases/${path.split('/')[2]}/${path.split('/')[3]}/files`);
      assert.equal(list.items.length, fileCount);
      const f = list.items[0];
      const bytes = await va.evaluate(async (u) => Array.from(new Uint8Array(await (await fetch(u)).arrayBuffer())), `/api/files/${f.countyCode}/${f.id}`);
      assert.equal((await sharp(Buffer.from(bytes)).metadata()).exif, undefined);

      await input.setInputFiles({ name: '身份证.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('这不是图片 not an image') });
      await va.getByText('只接受 JPEG、PNG、WebP、HEIC 图片或 PDF 文件', { exact: false }).waitFor();
      assert.equal((await api(va, 'GET', `/api/cases/${path.split('/')[2]}/${path.split('/')[3]}/files`)).items.length, fileCount);
      assert.deepEqual(await untranslatedCodes(va), []);
    });
  } finally {
    await va.close();
    clock.reset();
    await removeOverride();
  }
}
