import { describe, expect, it } from 'vitest';
import { HEATING_MESSAGES, HeatingInput, heatedAreaDm2, HouseholdUpdate } from './registry.ts';

const issue = (v: unknown) => {
  const r = HeatingInput.safeParse(v);
  return r.success ? null : { message: r.error.issues[0].message, path: r.error.issues[0].path.join('.') };
};

describe('a household’s heating in the contract (ADR 0042)', () => {
  it('takes central with a plausible area (number or text, two decimals), dispersed and none without, or nothing recorded', () => {
    expect(HeatingInput.parse({ heatingMode: 'central', heatedAreaM2: 56.5 })).toEqual({ heatingMode: 'central', heatedAreaM2: 56.5 });
    expect(HeatingInput.parse({ heatingMode: 'central', heatedAreaM2: '1000' })).toEqual({ heatingMode: 'central', heatedAreaM2: 1000 });
    expect(HeatingInput.parse({ heatingMode: 'central', heatedAreaM2: 1 }).heatedAreaM2).toBe(1);
    expect(HeatingInput.parse({ heatingMode: 'dispersed' })).toEqual({ heatingMode: 'dispersed' });
    expect(HeatingInput.parse({ heatingMode: 'none', heatedAreaM2: null })).toEqual({ heatingMode: 'none', heatedAreaM2: null });
    expect(HeatingInput.parse({ heatingMode: null })).toEqual({ heatingMode: null });
    expect(HeatingInput.parse({})).toEqual({});
  });
  it('refuses central without an area, an implausible one, an area without central; the field is heatedAreaM2', () => {
    expect(issue({ heatingMode: 'central' })).toEqual({ message: 'HEATED_AREA_REQUIRED', path: 'heatedAreaM2' });
    for (const a of [0, 0.99, 1000.01, 5000, -3, '45.123', 'abc', '1e3']) expect(issue({ heatingMode: 'central', heatedAreaM2: a }), String(a)).toEqual({ message: 'HEATED_AREA_RANGE', path: 'heatedAreaM2' });
    expect(issue({ heatingMode: 'dispersed', heatedAreaM2: 40 })).toEqual({ message: 'HEATED_AREA_NOT_CENTRAL', path: 'heatedAreaM2' });
    expect(issue({ heatingMode: 'none', heatedAreaM2: 40 })).toEqual({ message: 'HEATED_AREA_NOT_CENTRAL', path: 'heatedAreaM2' });
    expect(issue({ heatedAreaM2: 40 })).toEqual({ message: 'HEATING_MODE_REQUIRED', path: 'heatedAreaM2' });
    expect(issue({ heatingMode: 'coal' })?.path).toBe('heatingMode');
  });
  it('says the plausible range in both languages, and the form’s contract checks the same', () => {
    expect(HEATING_MESSAGES.HEATED_AREA_RANGE.zh).toContain('1–1000 平方米');
    expect(HEATING_MESSAGES.HEATED_AREA_RANGE.en).toContain('1–1000 m²');
    const base = { areaCode: '211221101200', address: 'x', hukouType: 'rural', version: 1 };
    expect(HouseholdUpdate.safeParse({ ...base, heatingMode: 'central' }).success).toBe(false);
    expect(HouseholdUpdate.safeParse({ ...base, heatingMode: 'central', heatedAreaM2: 60 }).success).toBe(true);
    // Left out: the edit keeps what is recorded.
    expect(HouseholdUpdate.parse(base).heatingMode).toBeUndefined();
  });
  it('stores hundredths of a m² exactly', () => {
    expect(heatedAreaDm2(56.5)).toBe(5650);
    expect(heatedAreaDm2(72.25)).toBe(7225);
    expect(heatedAreaDm2(1.15)).toBe(115);
    expect(heatedAreaDm2(999.99)).toBe(99999);
  });
});
