import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseSituation } from './situation.ts';
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

  it('refuses unknown fields (a typo is not silently ignored)', () => {
    const r = parseSituation({ ...base, hukou: 'rural' });
    expect(r.ok ? [] : r.issues.map((i) => i.message).join()).toMatch(/hukou/);
  });

  it('refuses an applicant or an income owner who is not a member', () => {
    const r = parseSituation({ ...base, unit: 'individual', applicant: 3, household: { ...base.household, incomes: [{ kind: 'wage', annual: 1, member: 2 }] } });
    expect(r.ok ? [] : r.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['applicant', 'household.incomes.0.member']));
  });
});
