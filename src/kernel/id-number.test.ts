import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAppError } from './errors.ts';
import {
  birthDateFromId,
  checkDigit,
  convert15to18,
  maskIdNumber,
  PROVINCE_CODES,
  parseIdNumber,
  requireIdNumber,
  sexFromId,
} from './id-number.ts';
import { addDays, fromEpochDay, plainDate, toEpochDay } from './plain-date.ts';

const today = plainDate('2019-09-01');

function errorCode(text: string, opts = {}): string | undefined {
  const r = parseIdNumber(text, opts);
  return r.ok ? undefined : r.error.code;
}

/** Valid first 17 digits: a real province, a birth date 1880…2019-09-01, any sequence. */
const first17Arb = fc
  .record({
    province: fc.constantFrom(...PROVINCE_CODES),
    rest: fc.stringMatching(/^\d{4}$/),
    day: fc.integer({ min: toEpochDay(plainDate('1880-01-01')), max: toEpochDay(today) }),
    seq: fc.stringMatching(/^\d{3}$/),
  })
  .map(({ province, rest, day, seq }) => `${province}${rest}${fromEpochDay(day).replaceAll('-', '')}${seq}`);

describe('parseIdNumber', () => {
  it('accepts the known-good example and reads birth date, sex and region', () => {
    const r = parseIdNumber('211221196001010017');
    expect(r).toEqual({
      ok: true,
      value: {
        id18: '211221196001010017',
        birthDate: '1960-01-01',
        sex: 'M',
        regionCode: '211221',
        converted15: false,
      },
    });
  });

  it('rejects a wrong check digit and says which digit was expected', () => {
    const r = parseIdNumber('211221196001010018');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('ID_CHECK_DIGIT');
    expect(r.error.message.zh).toContain('应为 7');
    expect(r.error.message.en).toContain('expected 7');
  });

  it('gives a precise code for each kind of fault', () => {
    expect(errorCode('')).toBe('ID_EMPTY');
    expect(errorCode('   ')).toBe('ID_EMPTY');
    expect(errorCode('2112211960010100')).toBe('ID_LENGTH');
    expect(errorCode('2112211960010100171')).toBe('ID_LENGTH');
    expect(errorCode('21122119600101001A')).toBe('ID_CHARACTERS');
    expect(errorCode('2112211960X1010017')).toBe('ID_CHARACTERS');
    expect(errorCode('21122160010100X')).toBe('ID_CHARACTERS');
    expect(errorCode('991221196001010017')).toBe('ID_REGION');
    expect(errorCode('001221196001010017')).toBe('ID_REGION');
    expect(errorCode(`21122119990230001${checkDigit('21122119990230001')}`)).toBe('ID_BIRTH_DATE_INVALID');
    expect(errorCode(`21122119991301001${checkDigit('21122119991301001')}`)).toBe('ID_BIRTH_DATE_INVALID');
    expect(errorCode(`21122118790101001${checkDigit('21122118790101001')}`)).toBe('ID_BIRTH_DATE_TOO_OLD');
    expect(errorCode(`21122120190902001${checkDigit('21122120190902001')}`, { today })).toBe('ID_BIRTH_DATE_FUTURE');
  });

  it('accepts a birth on today and leaves the future check off without today', () => {
    const born = `21122120190901002${checkDigit('21122120190901002')}`;
    expect(parseIdNumber(born, { today }).ok).toBe(true);
    const later = `21122120300101002${checkDigit('21122120300101002')}`;
    expect(parseIdNumber(later).ok).toBe(true);
    expect(errorCode(later, { today })).toBe('ID_BIRTH_DATE_FUTURE');
  });

  it('accepts 29 February only in leap years', () => {
    expect(parseIdNumber(`21122120000229002${checkDigit('21122120000229002')}`).ok).toBe(true);
    expect(errorCode(`21122119000229002${checkDigit('21122119000229002')}`)).toBe('ID_BIRTH_DATE_INVALID');
  });

  it('normalises a lowercase x check digit and surrounding spaces', () => {
    const first17 = fc.sample(
      first17Arb.filter((s) => checkDigit(s) === 'X'),
      { numRuns: 1, seed: 7 },
    )[0];
    const r = parseIdNumber(` ${first17}x `);
    expect(r.ok && r.value.id18).toBe(`${first17}X`);
  });

  it('converts a legacy 15-digit number', () => {
    const r = parseIdNumber('211221600101001');
    expect(r).toEqual({
      ok: true,
      value: { id18: '211221196001010017', birthDate: '1960-01-01', sex: 'M', regionCode: '211221', converted15: true },
    });
  });

  it('property: any valid 17 digits plus their check digit parse', () => {
    fc.assert(
      fc.property(first17Arb, (first17) => {
        const r = parseIdNumber(first17 + checkDigit(first17), { today });
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(r.value.birthDate.replaceAll('-', '')).toBe(first17.slice(6, 14));
        expect(r.value.sex).toBe(Number(first17[16]) % 2 ? 'M' : 'F');
      }),
    );
  });

  it('property: changing any single character of a valid number is detected', () => {
    fc.assert(
      fc.property(
        first17Arb,
        fc.integer({ min: 0, max: 17 }),
        fc.integer({ min: 1, max: 10 }),
        (first17, pos, shift) => {
          const id = first17 + checkDigit(first17);
          const alphabet = '0123456789X';
          const old = alphabet.indexOf(id[pos]);
          // Only the last position may hold X; elsewhere stay within the digits.
          const size = pos === 17 ? 11 : 10;
          const replacement = alphabet[(old + (shift % size || 1)) % size];
          const changed = id.slice(0, pos) + replacement + id.slice(pos + 1);
          expect(changed).not.toBe(id);
          expect(parseIdNumber(changed).ok).toBe(false);
        },
      ),
    );
  });

  it('property: 15 → 18 conversion keeps birth date and sex', () => {
    const id15Arb = first17Arb.filter((s) => s.slice(6, 8) === '19').map((s) => s.slice(0, 6) + s.slice(8, 17));
    const id15Any = fc
      .record({
        province: fc.constantFrom(...PROVINCE_CODES),
        rest: fc.stringMatching(/^\d{4}$/),
        day: fc.integer({ min: toEpochDay(plainDate('1900-01-01')), max: toEpochDay(plainDate('1999-12-31')) }),
        seq: fc.stringMatching(/^\d{3}$/),
      })
      .map(
        ({ province, rest, day, seq }) => `${province}${rest}${fromEpochDay(day).slice(2).replaceAll('-', '')}${seq}`,
      );
    fc.assert(
      fc.property(fc.oneof(id15Arb, id15Any), (id15) => {
        const r15 = parseIdNumber(id15);
        const id18 = convert15to18(id15);
        const r18 = parseIdNumber(id18);
        expect(r15.ok && r18.ok).toBe(true);
        if (!r15.ok || !r18.ok) return;
        expect(r18.value.birthDate).toBe(r15.value.birthDate);
        expect(r18.value.sex).toBe(r15.value.sex);
        expect(r18.value.birthDate.slice(2).replaceAll('-', '')).toBe(id15.slice(6, 12));
        expect(r15.value.id18).toBe(id18);
        expect(r18.value.converted15).toBe(false);
      }),
    );
  });
});

describe('checkDigit', () => {
  it('computes ISO 7064 MOD 11-2 including X for 10', () => {
    expect(checkDigit('21122119600101001')).toBe('7');
    // Weighted sum ≡ 2 (mod 11) maps to X.
    const withX = fc.sample(
      first17Arb.filter((s) => checkDigit(s) === 'X'),
      { numRuns: 1, seed: 3 },
    )[0];
    const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const sum = [...withX].reduce((acc, c, i) => acc + Number(c) * weights[i], 0);
    expect(sum % 11).toBe(2);
  });

  it('rejects anything but 17 digits', () => {
    expect(() => checkDigit('2112211960010100')).toThrow(RangeError);
    expect(() => checkDigit('2112211960010100a')).toThrow(RangeError);
  });
});

describe('convert15to18', () => {
  it('inserts the century and appends the check digit', () => {
    expect(convert15to18('211221600101001')).toBe('211221196001010017');
  });

  it('rejects input that is not 15 digits', () => {
    expect(() => convert15to18('21122160010100')).toThrow(/15/);
  });

  it('property: the 18-digit form parses as valid, keeps region, birth date and sequence, and its check digit is right', () => {
    const id15 = fc
      .record({
        province: fc.constantFrom(...PROVINCE_CODES),
        rest: fc.stringMatching(/^\d{4}$/),
        day: fc.integer({ min: toEpochDay(plainDate('1900-01-01')), max: toEpochDay(plainDate('1999-12-31')) }),
        seq: fc.stringMatching(/^\d{3}$/),
      })
      .map(({ province, rest, day, seq }) => `${province}${rest}${fromEpochDay(day).slice(2).replaceAll('-', '')}${seq}`);
    const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    fc.assert(
      fc.property(id15, (n15) => {
        const n18 = convert15to18(n15);
        expect(n18).toHaveLength(18);
        const r = parseIdNumber(n18);
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(n18.slice(0, 6)).toBe(n15.slice(0, 6));
        expect(r.value.regionCode).toBe(n15.slice(0, 6));
        expect(n18.slice(6, 14)).toBe(`19${n15.slice(6, 12)}`);
        expect(n18.slice(14, 17)).toBe(n15.slice(12, 15));
        // ISO 7064 MOD 11-2: the weighted sum of all 18 characters (X = 10, weight 1) is 1 modulo 11.
        const last = n18[17] === 'X' ? 10 : Number(n18[17]);
        const sum = [...n18.slice(0, 17)].reduce((acc, c, i) => acc + Number(c) * weights[i], 0) + last;
        expect(sum % 11).toBe(1);
        expect(convert15to18(n15)).toBe(n18);
      }),
    );
  });
});

describe('sexFromId / birthDateFromId / requireIdNumber', () => {
  it('read a valid number and throw an AppError with the precise code otherwise', () => {
    expect(sexFromId('211221196001010017')).toBe('M');
    expect(birthDateFromId('211221196001010017')).toBe('1960-01-01');
    const female = `21122119600101002${checkDigit('21122119600101002')}`;
    expect(sexFromId(female)).toBe('F');
    try {
      requireIdNumber('211221196001010018', { field: 'members[0].idNumber' });
      expect.unreachable();
    } catch (e) {
      expect(isAppError(e) && e.code).toBe('ID_CHECK_DIGIT');
      expect(isAppError(e) && e.field).toBe('members[0].idNumber');
    }
  });
});

describe('maskIdNumber', () => {
  it('shows region code and last four only', () => {
    expect(maskIdNumber('211221196001010017')).toBe('211221********0017');
    expect(maskIdNumber('211221600101001')).toBe('211221*****1001');
    expect(maskIdNumber('12345')).toBe('*****');
  });

  it('property: never shows the birth date digits', () => {
    fc.assert(
      fc.property(first17Arb, (first17) => {
        const masked = maskIdNumber(first17 + checkDigit(first17));
        expect(masked).toHaveLength(18);
        expect(masked.slice(6, 14)).toBe('********');
      }),
    );
  });
});

describe('today boundary', () => {
  it('a birth one day after today is in the future', () => {
    const tomorrow = addDays(today, 1).replaceAll('-', '');
    const first17 = `211221${tomorrow}003`;
    expect(errorCode(first17 + checkDigit(first17), { today })).toBe('ID_BIRTH_DATE_FUTURE');
  });
});
