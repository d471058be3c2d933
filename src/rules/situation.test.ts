import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { addMonths, firstDayOf } from '../kernel/plain-date.ts';
import { incomeRules } from './dibao/income.ts';
import { FIRST_MONTH, parseSituation, PROGRAMS } from './situation.ts';
import { tekunRules } from './tekun/tekun.ts';
import { situationJsonSchema } from './situation-json-schema.ts';

const schemaFile = fileURLToPath(new URL('../../docs/situation.schema.json', import.meta.url));

describe('docs/situation.schema.json', () => {
  it('is the JSON Schema generated from the zod schema (UPDATE_SCHEMA=1 rewrites it)', () => {
    const generated = `${JSON.stringify(situationJsonSchema(), null, 2)}\n`;
    if (process.env.UPDATE_SCHEMA) writeFileSync(schemaFile, generated);
    expect(readFileSync(schemaFile, 'utf8')).toBe(generated);
  });

  it('documents the programs, income kinds and the county pattern', () => {
    const text = readFileSync(schemaFile, 'utf8');
    for (const word of ['"dibao"', '"tekun"', '"heating"', '"temporary"', '"family_planning_award"', '"dispersed"']) {
      expect(text).toContain(word);
    }
    expect(JSON.parse(text).properties.county.pattern).toBe('^\\d{6}(\\d{6})?$');
  });
});

const base = {
  program: 'dibao',
  month: '2019-08',
  county: '211221',
  household: { hukou: 'rural', members: [{ id: '211221196001010017' }] },
};

describe('parseSituation', () => {
  it('fills defaults and reads birth date and sex from the ID number', () => {
    const r = parseSituation(base);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.situation).toMatchObject({ unit: 'household', household: { registeredPoor: false, incomes: [], deductions: [], assets: { financial: 0, vehicles: 0 } } });
    expect(r.situation.household.members[0]).toMatchObject({ birthDate: '1960-01-01', sex: 'M', status: 'resident', seriousIllness: false });
  });

  it('reduces a 12-digit division code to its county', () => {
    const r = parseSituation({ ...base, county: '211221101001' });
    expect(r.ok && r.situation.county).toBe('211221');
  });

  it('names the tekun applicant 0 when none is given', () => {
    const r = parseSituation({ ...base, program: 'tekun', household: { hukou: 'rural', members: [{ birthDate: '1940-01-01', laborCapacity: 'none', supporter: 'none', selfCareFailed: 0 }] } });
    expect(r.ok && r.situation.applicant).toBe(0);
  });

  it('refuses a member born after the benefit month', () => {
    const r = parseSituation({ ...base, month: '2019-08', household: { hukou: 'rural', members: [{ id: '211221201909010010' }] } });
    expect(r.ok ? [] : r.issues).toEqual([{ path: 'household.members.0.id', message: expect.stringContaining('ID_BIRTH_DATE_FUTURE') }]);
    expect(parseSituation({ ...base, month: '2019-09', household: { hukou: 'rural', members: [{ id: '211221201909010010' }] } }).ok).toBe(true);
  });

  it('refuses a member whose birth date (given as such) is after the benefit month, naming the field', () => {
    const members = [{ birthDate: '1970-05-01' }, { birthDate: '1972-03-01' }, { birthDate: '2019-09-03', relation: 'child' }];
    const r = parseSituation({ ...base, month: '2019-08', household: { hukou: 'rural', members } });
    expect(r.ok ? [] : r.issues).toEqual([
      { path: 'household.members.2.birthDate', message: 'BIRTH_DATE_FUTURE: birth date 2019-09-03 is after the benefit month 2019-08 出生日期 2019-09-03 晚于待遇月份 2019-08' },
    ]);
    // Born on the last day of the month, or in an earlier month: a member that month.
    expect(parseSituation({ ...base, month: '2019-09', household: { hukou: 'rural', members } }).ok).toBe(true);
    const lastDay = members.map((m, i) => (i === 2 ? { ...m, birthDate: '2019-08-31' } : m));
    expect(parseSituation({ ...base, month: '2019-08', household: { hukou: 'rural', members: lastDay } }).ok).toBe(true);
  });

  it('refuses a tekun applicant born after the month', () => {
    const applicant = { birthDate: '2025-01-01', laborCapacity: 'none', supporter: 'none', selfCareFailed: 6 };
    const r = parseSituation({ ...base, program: 'tekun', month: '2019-08', household: { hukou: 'rural', members: [applicant] } });
    expect(r.ok ? [] : r.issues.map((i) => [i.path, i.message.split(':')[0]])).toEqual([['household.members.0.birthDate', 'BIRTH_DATE_FUTURE']]);
  });

  it('refuses a month before the engine’s rules on the month, before measuring members against it', () => {
    const members = [{ birthDate: '1970-03-01' }, { birthDate: '2008-09-01' }];
    const r = parseSituation({ ...base, month: '2001-01', household: { hukou: 'rural', members } });
    expect(r.ok ? [] : r.issues.map((i) => [i.path, i.message.split(':')[0]])).toEqual([['month', 'RULE_NOT_IN_FORCE']]);
    const ids = parseSituation({ ...base, month: '2001-01', household: { hukou: 'rural', members: [{ id: '211221201909010010' }] } });
    expect(ids.ok ? [] : ids.issues.map((i) => i.path)).toEqual(['month']);
  });

  it('starts each program in the first month its rules are in force (the rules’ own tables)', () => {
    for (const p of PROGRAMS) {
      const first = firstDayOf(FIRST_MONTH[p]);
      const before = firstDayOf(addMonths(FIRST_MONTH[p], -1));
      expect(incomeRules(first).from <= first).toBe(true);
      if (p === 'tekun') {
        expect(tekunRules(first).from <= first).toBe(true);
        expect(() => tekunRules(before)).toThrow();
      } else {
        expect(() => incomeRules(before)).toThrow();
      }
    }
  });

  it('takes money as a number or decimal text, exactly, and names the field of a refused amount (issue 10, point 9)', () => {
    const household = { hukou: 'rural', members: [{ birthDate: '1970-01-01' }], incomes: [{ kind: 'wage', annual: '4769.88' }], deductions: [{ kind: 'work', annual: ' 12.5 ' }], assets: { financial: '0' } };
    const r = parseSituation({ ...base, household, temporary: { type: 'emergency', need: '300.10' } });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.situation.household.incomes[0].annual).toBe(4769.88);
    expect(r.situation.household.deductions[0].annual).toBe(12.5);
    expect(r.situation.household.assets).toEqual({ financial: 0, vehicles: 0 });
    expect(r.situation.temporary?.need).toBe(300.1);
    const bad = parseSituation({ ...base, household: { ...household, incomes: [{ kind: 'wage', annual: '4769.881' }, { kind: 'wage', annual: '4.7e3' }, { kind: 'wage', annual: 'abc' }, { kind: 'wage', annual: true }], assets: { financial: -1 } } });
    expect(bad.ok ? [] : bad.issues.map((i) => [i.path, i.message.split(':')[0]])).toEqual([
      ['household.incomes.0.annual', 'AMOUNT_DECIMALS'],
      ['household.incomes.1.annual', 'AMOUNT_EXPONENT'],
      ['household.incomes.2.annual', 'AMOUNT_NOT_A_NUMBER'],
      ['household.incomes.3.annual', 'AMOUNT_NOT_A_NUMBER'],
      ['household.assets.financial', 'AMOUNT_NEGATIVE'],
    ]);
    expect(bad.ok ? '' : bad.issues[0].message).toMatch(/at most two decimals.*最多两位小数/);
    const zero = parseSituation({ ...base, program: 'temporary', temporary: { type: 'emergency', need: '0.00' } });
    expect(zero.ok ? [] : zero.issues.map((i) => i.path)).toEqual(['temporary.need']);
  });

  it('temporary aid: the category gives the type; a category of the other type, or neither, is refused (ADR 0038)', () => {
    const household = { hukou: 'rural', members: [{ birthDate: '1970-01-01' }] };
    const r = parseSituation({ ...base, program: 'temporary', household, temporary: { category: 'traffic_accident', need: 800 } });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.situation.temporary).toEqual({ type: 'emergency', category: 'traffic_accident', need: 800 });
    const other = parseSituation({ ...base, program: 'temporary', household, temporary: { type: 'emergency', category: 'medical', need: 800 } });
    expect(other.ok ? [] : other.issues.map((i) => i.path)).toEqual(['temporary.category']);
    const neither = parseSituation({ ...base, program: 'temporary', household, temporary: { need: 800 } });
    expect(neither.ok ? [] : neither.issues.map((i) => i.path)).toEqual(['temporary.type']);
  });

  it('refuses unknown fields (a typo is not silently ignored)', () => {
    const r = parseSituation({ ...base, hukou: 'rural' });
    expect(r.ok ? [] : r.issues.map((i) => i.message).join()).toMatch(/hukou/);
  });

  it('refuses an applicant or an income owner who is not a member', () => {
    const r = parseSituation({ ...base, unit: 'individual', applicant: 3, household: { ...base.household, incomes: [{ kind: 'wage', annual: 1, member: 2 }] } });
    expect(r.ok ? [] : r.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['applicant', 'household.incomes.0.member']));
  });
});
