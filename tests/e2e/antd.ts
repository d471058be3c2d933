import type { Locator, Page } from 'playwright-core';
import { checkDigit } from '../../src/kernel/id-number.ts';

/** Small helpers for driving antd widgets by the `data-testid` the web app puts on them. */

/**
 * Opens the Select with this test id and picks the option with this label, then checks it took: a click that
 * lands while the popup is still animating open can miss, so it tries again a few times.
 */
export async function chooseOption(page: Page, testId: string, label: string): Promise<void> {
  const select = page.getByTestId(testId);
  for (let attempt = 0; attempt < 3; attempt++) {
    await select.click();
    // The popup of THIS select (another one may still be animating closed): found through the listbox id the
    // select's input controls; the newest open popup otherwise.
    const listId = await select.locator('input').first().getAttribute('aria-controls').catch(() => null);
    const popup = listId
      ? page.locator(`.ant-select-dropdown:has([id="${listId}"])`)
      : page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last();
    const option = popup.locator(`.ant-select-item-option[title="${label}"]`).first();
    await option.waitFor({ state: 'visible' });
    await page.waitForTimeout(150);
    await option.click();
    try {
      await select.locator(`[title="${label}"]`).waitFor({ timeout: 2000 });
      return;
    } catch {
      await page.keyboard.press('Escape');
    }
  }
  throw new Error(`could not choose "${label}" in ${testId}`);
}

/** Types into a searching Select and picks the first option containing `text`, checking it took. */
export async function searchAndChoose(page: Page, testId: string, text: string): Promise<void> {
  const select = page.getByTestId(testId);
  for (let attempt = 0; attempt < 3; attempt++) {
    await select.click();
    await select.locator('input').fill(text);
    const option = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: text }).first();
    await option.waitFor({ state: 'visible' });
    await page.waitForTimeout(400);
    await option.click();
    try {
      await select.locator('.ant-select-content-has-value').filter({ hasText: text }).waitFor({ timeout: 2000 });
      return;
    } catch {
      await page.keyboard.press('Escape');
    }
  }
  throw new Error(`could not choose "${text}" in ${testId}`);
}

/** Picks a division in the area cascader by its 12-digit code, level by level. */
export async function chooseArea(page: Page, testId: string, codes: string[]): Promise<void> {
  await page.getByTestId(testId).click();
  for (const code of codes) {
    await page.locator(`.ant-cascader-dropdown:not(.ant-select-dropdown-hidden) .ant-cascader-menu-item[data-path-key$="${code}"]`).click();
  }
}

/** The validation message shown under the form field that holds the element with this test id. */
export function fieldError(page: Page, testId: string): Locator {
  return page.locator('.ant-form-item', { has: page.getByTestId(testId) }).locator('.ant-form-item-explain-error');
}

/** Numbers already handed out by this run: the e2e files share one server, and two files may draw the same birth date. */
const issuedIds = new Set<string>();

/**
 * A valid 18-digit ID number (GB 11643) for a synthetic person: region, birth date, random sequence, check digit.
 * Never the same number twice in one run (a repeat would be refused by the server as a duplicate person).
 */
export function syntheticId(region: string, birth: string, sex: 'M' | 'F'): string {
  for (let attempt = 0; attempt < 500; attempt++) {
    const seq = Math.floor(Math.random() * 500) * 2 + (sex === 'M' ? 1 : 0);
    const first17 = `${region}${birth}${String(seq).padStart(3, '0')}`;
    const id = first17 + checkDigit(first17);
    if (!issuedIds.has(id)) {
      issuedIds.add(id);
      return id;
    }
  }
  throw new Error(`no unused sequence left for ${region}${birth}${sex}`);
}

/** The same number with a wrong check digit. */
export function withWrongCheckDigit(id: string): string {
  const wrong = id[17] === '0' ? '1' : '0';
  return id.slice(0, 17) + wrong;
}

/** Two random uncommon characters, so names created by one run are found only by that run. */
export function runSuffix(): string {
  const pool = '璟珩琦瑾璐霖煜晗昀灏翊宸钰琰瑜骁澄朗澈熠';
  const pick = () => pool[Math.floor(Math.random() * pool.length)];
  return pick() + pick();
}

/**
 * Types a date ("YYYY-MM-DD") or month ("YYYY-MM") into a DateField (antd's picker) and presses Enter, as a user
 * typing it does: the value is taken and the calendar closes (an open calendar would cover what is clicked next).
 */
export async function fillDate(field: Locator, value: string): Promise<void> {
  await field.fill(value);
  await field.press('Enter');
}
