import { describe, expect, it } from 'vitest';
import { plainDate } from '../kernel/plain-date.ts';
import { checkCompliance } from './compliance.ts';
import { loadDefaultPolicy } from './loader.ts';

const ps = loadDefaultPolicy();
const o = (name: string, area: string, value: number | string[] | null, effectiveFrom = '2019-07-01') => ({ name, area, effectiveFrom, value, citation: 'test', author: 'test' });
const TEMPORARY = ['TEMPORARY_CEILING', 'TEMPORARY_STANDARDS', 'TEMPORARY_CATEGORIES', 'TEMPORARY_PAPERWORK'];

describe('checkCompliance', () => {
  it('finds the shipped parameters compliant in every county after the raise', () => {
    const r = checkCompliance(ps, plainDate('2019-08-01'));
    expect(r.ok).toBe(true);
    expect(r.counties).toHaveLength(7);
    for (const c of r.counties) expect(c.findings.map((f) => f.check)).toEqual(['TEKUN_FLOOR', 'HEATING_DISPERSED_FLOOR', 'HEATING_CENTRAL_FLOOR', ...TEMPORARY]);
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

describe('checkCompliance: temporary aid (seed 二(三), ADR 0038)', () => {
  const june = plainDate('2019-06-01');
  const failing = (set: typeof ps, day = june) =>
    checkCompliance(set, day).counties.flatMap((c) => c.findings.filter((f) => !f.ok).map((f) => ({ county: c.county, ...f })));

  it('holds for the shipped demo defaults, and has no temporary finding before they take effect', () => {
    const r = checkCompliance(ps, june);
    const f = r.counties[0].findings.find((x) => x.check === 'TEMPORARY_CEILING');
    // The lower monthly standard is the rural one in June 2019: 6 × 4,350 / 12 = 2,175 (urban 592 a month).
    expect(f).toMatchObject({ ok: true, values: { ceiling: '1000', maxMultiple: '6', monthlyStandard: '362.5', maximum: '2175' } });
    expect(r.counties[0].findings.find((x) => x.check === 'TEMPORARY_CATEGORIES')?.values).toEqual({ emergencyOffered: '5', emergencyRequired: '5', expenditureOffered: '3', expenditureRequired: '1' });
    expect(r.counties[0].findings.find((x) => x.check === 'TEMPORARY_PAPERWORK')?.values).toEqual({ deadline: '5', min: '1', max: '60' });
    expect(r.ok).toBe(true);
    expect(checkCompliance(ps, plainDate('2018-12-31')).counties[0].findings.map((x) => x.check)).not.toContain('TEMPORARY_CEILING');
  });

  it('allows a township ceiling of exactly the lowest maximum and flags one fen more, in the county that set it', () => {
    expect(failing(ps.withOverrides([o('temporary.townshipCeiling', '211223', 2175, '2019-01-01')]))).toEqual([]);
    const bad = failing(ps.withOverrides([o('temporary.townshipCeiling', '211223', 2175.01, '2019-01-01')]));
    expect(bad).toMatchObject([{ county: '211223', check: 'TEMPORARY_CEILING', parameters: ['temporary.townshipCeiling', 'temporary.maxMultiple'] }]);
    expect(bad[0].message.zh).toBe('乡镇（街道）审批额度 2175.01 元超过一般最高救助额 2175.00 元（按较低的月低保标准计）：分级审批中县级审批一段落空');
    expect(bad[0].citation).toContain('铁市民发〔2019〕45号）二(三)');
    // From July the standard is 4,770 a year: 6 × 397.50 = 2,385 ≥ 2,175.01.
    expect(failing(ps.withOverrides([o('temporary.townshipCeiling', '211223', 2175.01, '2019-01-01')]), plainDate('2019-07-01'))).toEqual([]);
  });

  it('flags a band above the normal maximum, bands out of order, and a fixed amount above the maximum, naming category and parameter', () => {
    const above = failing(ps.withOverrides([o('temporary.standard.fire.severe.multiple', '211221', 6.5, '2019-01-01')]));
    expect(above).toMatchObject([{ county: '211221', check: 'TEMPORARY_STANDARDS', parameters: ['temporary.standard.fire.severe.multiple'], values: { maxMultiple: '6', largestMultiple: '6.5' } }]);
    expect(above[0].message.zh).toBe('临时救助标准有误：「火灾」重度档倍数 6.5 超过一般最高救助额的倍数 6');
    expect(above[0].message.en).toContain('(temporary.standard.fire.severe.multiple)');
    const order = failing(ps.withOverrides([o('temporary.standard.medical.moderate.multiple', '211224', 1.5, '2019-01-01'), o('temporary.standard.medical.mild.upTo', '211224', 2500, '2019-01-01')]));
    expect(order[0].message.zh).toBe('临时救助标准有误：「医疗支出」轻度档需求上限 2500.00 元高于中度档 2000.00 元；「医疗支出」轻度档倍数 2 高于中度档 1.5');
    const amount = failing(ps.withOverrides([o('temporary.standard.education.amount', '211202', 2175.01, '2019-01-01')]));
    expect(amount).toMatchObject([{ county: '211202', check: 'TEMPORARY_STANDARDS', parameters: ['temporary.standard.education.amount'] }]);
    expect(failing(ps.withOverrides([o('temporary.standard.education.amount', '211202', 2175, '2019-01-01')]))).toEqual([]);
    // A category the county does not assist is not checked.
    const notOffered = ps.withOverrides([
      o('temporary.standard.medical.severe.multiple', '211281', 9, '2019-01-01'),
      o('temporary.categories.offered', '211281', ['fire', 'traffic_accident', 'sudden_illness', 'natural_disaster', 'other_emergency', 'basic_living'], '2019-01-01'),
    ]);
    expect(failing(notOffered)).toEqual([]);
  });

  it('requires every emergency category and some expenditure category', () => {
    const emergency = failing(ps.withOverrides([o('temporary.categories.offered', '211282', ['fire', 'sudden_illness', 'natural_disaster', 'other_emergency', 'medical'], '2019-01-01')]));
    expect(emergency).toMatchObject([{ county: '211282', check: 'TEMPORARY_CATEGORIES', values: { emergencyOffered: '4', emergencyRequired: '5' }, parameters: ['temporary.categories.offered'] }]);
    expect(emergency[0].message.zh).toBe('急难型类别未全部列入（缺：交通事故），急难型须全面落实“先行救助”');
    const expenditure = failing(ps.withOverrides([o('temporary.categories.offered', '211282', ['fire', 'traffic_accident', 'sudden_illness', 'natural_disaster', 'other_emergency'], '2019-01-01')]));
    expect(expenditure).toMatchObject([{ check: 'TEMPORARY_CATEGORIES', message: { zh: '未列入任何支出型类别' }, values: { expenditureOffered: '0' } }]);
  });

  it('flags a paperwork deadline that no longer has a value', () => {
    const gone = failing(ps.withOverrides([o('temporary.paperwork.deadlineWorkingDays', '211200', null, '2020-01-01')]), plainDate('2020-01-01'));
    expect(gone.map((f) => `${f.county} ${f.check}`)).toEqual(['211202', '211204', '211221', '211223', '211224', '211281', '211282'].map((c) => `${c} TEMPORARY_PAPERWORK`));
    expect(gone[0].missing).toEqual(['temporary.paperwork.deadlineWorkingDays']);
  });
});
