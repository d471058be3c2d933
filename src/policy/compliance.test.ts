import { describe, expect, it } from 'vitest';
import { plainDate } from '../kernel/plain-date.ts';
import { checkCompliance } from './compliance.ts';
import { loadDefaultPolicy } from './loader.ts';

const ps = loadDefaultPolicy();
const o = (name: string, area: string, value: number, effectiveFrom = '2019-07-01') => ({ name, area, effectiveFrom, value, citation: 'test', author: 'test' });

describe('checkCompliance', () => {
  it('finds the shipped parameters compliant in every county after the raise', () => {
    const r = checkCompliance(ps, plainDate('2019-08-01'));
    expect(r.ok).toBe(true);
    expect(r.counties).toHaveLength(7);
    for (const c of r.counties) expect(c.findings.map((f) => f.check)).toEqual(['TEKUN_FLOOR', 'HEATING_DISPERSED_FLOOR', 'HEATING_CENTRAL_FLOOR']);
    expect(r.city[0]).toMatchObject({ check: 'CITY_AVERAGE_FLOOR', ok: true, values: { average: '4770', plan: '4770' } });
    expect(r.counties[0].findings[0].values).toMatchObject({ tekunAnnual: '6201', floorAnnual: '6201' });
  });

  it('has no tekun floor before 2019-07-01', () => {
    const r = checkCompliance(ps, plainDate('2019-06-01'));
    expect(r.counties[0].findings.map((f) => f.check)).not.toContain('TEKUN_FLOOR');
    expect(r.city[0].values).toEqual({ average: '4350', plan: '4350' });
  });

  it('flags a tekun ratio below 1.3 in the county that set it', () => {
    const r = checkCompliance(ps.withOverrides([o('tekun.basic.ratio', '211223', 1.25)]), plainDate('2019-08-01'));
    expect(r.ok).toBe(false);
    const bad = r.counties.filter((c) => !c.ok);
    expect(bad.map((c) => c.county)).toEqual(['211223']);
    expect(bad[0].findings.find((f) => !f.ok)).toMatchObject({ check: 'TEKUN_FLOOR', message: { en: expect.stringContaining('below') } });
  });

  it('flags dispersed heating below 200 and central heating below the urban standard', () => {
    const set = ps.withOverrides([o('heating.dispersed.annual', '211224', 199.99), o('heating.central.maxArea', '211281', 50)]);
    const r = checkCompliance(set, plainDate('2019-08-01'));
    const failed = r.counties.flatMap((c) => c.findings.filter((f) => !f.ok).map((f) => `${c.county} ${f.check}`));
    expect(failed).toEqual(['211224 HEATING_DISPERSED_FLOOR', '211281 HEATING_CENTRAL_FLOOR']);
  });

  it('flags a city average below the plan even when one county is above it', () => {
    const set = ps.withOverrides([o('dibao.standard.rural', '211202', 5000), o('dibao.standard.rural', '211204', 4400), o('dibao.standard.rural', '211221', 4400)]);
    const r = checkCompliance(set, plainDate('2019-08-01'));
    expect(r.city[0]).toMatchObject({ ok: false });
    expect(Number(r.city[0].values.average)).toBeLessThan(4770);
    // The tekun floor is a ratio, so a lower county standard does not break it.
    expect(r.counties.every((c) => c.ok)).toBe(true);
  });
});
