import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  countyOf,
  divisionLevel,
  isDivisionCode,
  isWithin,
  normaliseDivisionCode,
  parentCode,
  scopePrefix,
} from './division-code.ts';
import { isAppError } from './errors.ts';

// From liaoning-divisions.csv (NBS 2023): 铁岭市 › 铁岭县 › 新台子镇 › 懿路村民委员会.
const PROVINCE = '210000000000';
const CITY = '211200000000';
const COUNTY = '211221000000';
const TOWNSHIP = '211221101000';
const VILLAGE = '211221101200';
const OTHER_COUNTY_VILLAGE = '211223100201'; // 西丰县 西站村民委员会

// The project's seed copy, else the shared data folder beside the project.
const CSV = ['../../data-seed/divisions/liaoning-divisions.csv', '../../../shared/data/liaoning-divisions.csv']
  .map((p) => fileURLToPath(new URL(p, import.meta.url)))
  .find((p) => existsSync(p));

describe('division codes', () => {
  it('reads the level from the trailing zeros', () => {
    expect(divisionLevel(PROVINCE)).toBe('province');
    expect(divisionLevel(CITY)).toBe('city');
    expect(divisionLevel(COUNTY)).toBe('county');
    expect(divisionLevel(TOWNSHIP)).toBe('township');
    expect(divisionLevel(VILLAGE)).toBe('village');
    expect(divisionLevel('211221101006')).toBe('village');
  });

  it('walks up to the parent', () => {
    expect(parentCode(VILLAGE)).toBe(TOWNSHIP);
    expect(parentCode(TOWNSHIP)).toBe(COUNTY);
    expect(parentCode(COUNTY)).toBe(CITY);
    expect(parentCode(CITY)).toBe(PROVINCE);
    expect(parentCode(PROVINCE)).toBeNull();
  });

  it('gives the significant prefix and the county', () => {
    expect([PROVINCE, CITY, COUNTY, TOWNSHIP, VILLAGE].map(scopePrefix)).toEqual([
      '21',
      '2112',
      '211221',
      '211221101',
      '211221101200',
    ]);
    expect(countyOf(VILLAGE)).toBe('211221');
    expect(countyOf(TOWNSHIP)).toBe('211221');
    expect(countyOf('211221')).toBe('211221');
  });

  it('refuses a county for a city or province', () => {
    for (const code of [CITY, PROVINCE]) {
      try {
        countyOf(code);
        expect.unreachable();
      } catch (e) {
        expect(isAppError(e) && e.code).toBe('DIVISION_ABOVE_COUNTY');
      }
    }
  });

  it('normalises 6-digit county codes and rejects malformed input', () => {
    expect(normaliseDivisionCode('211221')).toBe(COUNTY);
    expect(normaliseDivisionCode(' 211200 ')).toBe(CITY);
    expect(normaliseDivisionCode(VILLAGE)).toBe(VILLAGE);
    for (const bad of ['', '21122', '2112211', '21122110120', '2112211012000', '21122a101200', '000000000000']) {
      try {
        normaliseDivisionCode(bad);
        expect.unreachable(bad);
      } catch (e) {
        expect(isAppError(e) && e.code).toBe('DIVISION_CODE_FORMAT');
      }
    }
    expect(isDivisionCode('211221')).toBe(false);
    expect(() => divisionLevel('abc')).toThrow(/DIVISION_CODE_FORMAT/);
  });

  it('decides containment, inclusively', () => {
    expect(isWithin(VILLAGE, CITY)).toBe(true);
    expect(isWithin(VILLAGE, '211221')).toBe(true);
    expect(isWithin(VILLAGE, TOWNSHIP)).toBe(true);
    expect(isWithin(VILLAGE, VILLAGE)).toBe(true);
    expect(isWithin(COUNTY, COUNTY)).toBe(true);
    expect(isWithin(OTHER_COUNTY_VILLAGE, COUNTY)).toBe(false);
    expect(isWithin(OTHER_COUNTY_VILLAGE, CITY)).toBe(true);
    expect(isWithin(CITY, COUNTY)).toBe(false);
    expect(() => isWithin('211202000000', '2112')).toThrow(/DIVISION_CODE_FORMAT/); // a prefix is not a code
  });

  it('property: a code is within each of its ancestors and its ancestors are not within it', () => {
    const codeArb = fc.stringMatching(/^(1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5])\d{10}$/);
    fc.assert(
      fc.property(codeArb, (code) => {
        let up = parentCode(code);
        while (up !== null) {
          expect(isWithin(code, up)).toBe(true);
          expect(isWithin(up, code)).toBe(up === code);
          up = parentCode(up);
        }
        expect(scopePrefix(code).padEnd(12, '0')).toBe(code);
      }),
    );
  });

  it.skipIf(CSV === undefined)('agrees with every row of the Liaoning division list', () => {
    const rows = readFileSync(CSV as string, 'utf8')
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((l) => l.split(','));
    expect(rows.length).toBeGreaterThan(18_000);
    const byCode = new Map(rows.map(([code, name]) => [code, name]));
    expect(byCode.get(TOWNSHIP)).toBe('新台子镇');
    expect(byCode.get(VILLAGE)).toBe('懿路村民委员会');
    for (const [code, , level, parent] of rows) {
      expect(divisionLevel(code), code).toBe(level);
      expect(parentCode(code) ?? '', code).toBe(parent);
    }
    const tielingVillages = rows.filter(([c, , l]) => l === 'village' && isWithin(c, CITY));
    expect(tielingVillages.length).toBe(1471);
  });
});
