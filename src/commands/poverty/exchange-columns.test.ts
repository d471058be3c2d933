import { describe, expect, it } from 'vitest';
import { dualInclusionRate } from './dual-inclusion-overview.ts';
import { attributeOfPrograms, EXCHANGE_COLUMNS, EXCHANGE_HEADERS, exchangeHouseholdNo, healthOf, parseExchangeHouseholdNo } from './exchange-columns.ts';

describe('the exchange file in the poverty template', () => {
  it('has the template’s columns in its order', () => {
    expect(EXCHANGE_COLUMNS.map((c) => c.header)).toEqual([...EXCHANGE_HEADERS]);
  });
  it('names the household so the reply finds it again', () => {
    const no = exchangeHouseholdNo('211221', 'a1b2-c3');
    expect(no).toBe('211221-a1b2-c3');
    expect(parseExchangeHouseholdNo(` ${no} `)).toEqual({ county: '211221', householdId: 'a1b2-c3' });
    expect(parseExchangeHouseholdNo('P0001')).toBeNull();
  });
  it('says the attribute by programme (dibao first) and the health from doudi’s facts', () => {
    expect(attributeOfPrograms({ on_dibao: 1, on_tekun: 1 })).toBe('低保贫困户');
    expect(attributeOfPrograms({ on_dibao: 0, on_tekun: 1 })).toBe('特困供养贫困户');
    expect(healthOf({ disability_kind: 'physical', serious_illness: 1 })).toBe('残疾');
    expect(healthOf({ disability_kind: null, serious_illness: 1 })).toBe('患有大病');
    expect(healthOf({ disability_kind: null, serious_illness: 0 })).toBe('健康');
  });
});

describe('the dual-inclusion rate', () => {
  it('is covered over registered poor, four decimals, none without registered-poor households', () => {
    expect(dualInclusionRate(2, 6)).toBe(0.3333);
    expect(dualInclusionRate(6, 6)).toBe(1);
    expect(dualInclusionRate(0, 5)).toBe(0);
    expect(dualInclusionRate(0, 0)).toBeNull();
  });
});
