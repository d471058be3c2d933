import { describe, expect, it } from 'vitest';
import type { DivisionView } from '#contracts/session.ts';
import { chainBelow, type DivisionWithPath } from './divisions-api.ts';

const d = (code: string, level: DivisionView['level'], parentCode: string | null): DivisionView => ({ code, name: code, level, parentCode });
const CITY = d('211200', 'city', '210000');
const COUNTY = d('211221', 'county', '211200');
const TOWNSHIP = d('211221001', 'township', '211221');
const VILLAGE = d('211221001001', 'village', '211221001');
const village: DivisionWithPath = { ...VILLAGE, path: [CITY, COUNTY, TOWNSHIP] };

describe('the cascader value of a division below the user’s area', () => {
  it('lists the codes from just below the root down to the division', () => {
    expect(chainBelow('211200', village)).toEqual(['211221', '211221001', '211221001001']);
    expect(chainBelow('211221', village)).toEqual(['211221001', '211221001001']);
    expect(chainBelow('211221001', village)).toEqual(['211221001001']);
  });

  it('does not repeat the division when the server’s path already ends with it', () => {
    expect(chainBelow('211221', { ...village, path: [CITY, COUNTY, TOWNSHIP, VILLAGE] })).toEqual(['211221001', '211221001001']);
  });

  it('is the division alone when the root is not above it', () => {
    expect(chainBelow('211202', village)).toEqual(['211221001001']);
  });
});
