import { AppError, type BilingualMessage } from './errors.ts';
import { daysInMonth, fromYmd, type PlainDate } from './plain-date.ts';

/**
 * 公民身份号码 resident ID numbers (GB 11643-1999): 6-digit region code, 8-digit birth date, 3-digit sequence
 * (odd = male), 1 check digit (ISO 7064 MOD 11-2, "X" for 10). Legacy 15-digit numbers (GB 11643-1989) have a
 * 2-digit year (always 19xx) and no check digit; they are converted to 18 digits before use.
 */
export type Sex = 'M' | 'F';

export type IdNumberErrorCode =
  | 'ID_EMPTY'
  | 'ID_LENGTH'
  | 'ID_CHARACTERS'
  | 'ID_REGION'
  | 'ID_BIRTH_DATE_INVALID'
  | 'ID_BIRTH_DATE_FUTURE'
  | 'ID_BIRTH_DATE_TOO_OLD'
  | 'ID_CHECK_DIGIT';

export interface IdNumberError {
  code: IdNumberErrorCode;
  message: BilingualMessage;
}

export interface IdNumberInfo {
  /** The 18-digit form, check digit "X" upper-case. */
  id18: string;
  birthDate: PlainDate;
  sex: Sex;
  /** The 6-digit region code (the registration place at issue, not necessarily today's county). */
  regionCode: string;
  /** True when the input was a legacy 15-digit number. */
  converted15: boolean;
}

export type IdNumberResult = { ok: true; value: IdNumberInfo } | { ok: false; error: IdNumberError };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** Province-level codes in use (GB/T 2260): a number outside them cannot have been issued. */
export const PROVINCE_CODES: ReadonlySet<string> = new Set([
  ...['11', '12', '13', '14', '15', '21', '22', '23'],
  ...['31', '32', '33', '34', '35', '36', '37'],
  ...['41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54'],
  ...['61', '62', '63', '64', '65', '71', '81', '82'],
]);

/** Earliest birth year accepted: older numbers are typing errors, not people. */
export const EARLIEST_BIRTH_YEAR = 1880;

/** The check digit ("0"–"9" or "X") of the first 17 digits. */
export function checkDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError(`checkDigit needs 17 digits, got "${first17}"`);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/** 15 → 18 digits: the century "19" goes before the 2-digit year, then the check digit is appended. */
export function convert15to18(id15: string): string {
  const t = id15.trim();
  if (!/^\d{15}$/.test(t)) {
    throw new AppError(
      'ID_LENGTH',
      {
        zh: '15 位身份号码应为 15 位数字',
        en: 'a 15-digit ID number must be 15 digits',
      },
      { field: 'idNumber' },
    );
  }
  const first17 = `${t.slice(0, 6)}19${t.slice(6)}`;
  return first17 + checkDigit(first17);
}

function fail(code: IdNumberErrorCode, zh: string, en: string): IdNumberResult {
  return { ok: false, error: { code, message: { zh, en } } };
}

/**
 * Validates an ID number typed or imported by a person and tells precisely what is wrong with it.
 * `today` (a parameter, never the clock) enables the birth-date-in-the-future check.
 */
export function parseIdNumber(text: string, opts: { today?: PlainDate } = {}): IdNumberResult {
  const t = (text ?? '').trim().toUpperCase();
  if (t === '') return fail('ID_EMPTY', '身份证号码为空', 'the ID number is empty');
  if (t.length !== 15 && t.length !== 18) {
    return fail(
      'ID_LENGTH',
      `身份证号码应为 18 位（或旧式 15 位），实为 ${t.length} 位`,
      `an ID number has 18 characters (or 15 for the old form), this one has ${t.length}`,
    );
  }
  const pattern = t.length === 18 ? /^\d{17}[\dX]$/ : /^\d{15}$/;
  if (!pattern.test(t)) {
    return fail(
      'ID_CHARACTERS',
      '身份证号码只能含数字，仅 18 位号码的最后一位可为 X',
      'an ID number has digits only; only the last character of an 18-digit number may be X',
    );
  }
  const converted15 = t.length === 15;
  const first17 = converted15 ? `${t.slice(0, 6)}19${t.slice(6)}` : t.slice(0, 17);
  const regionCode = first17.slice(0, 6);
  if (!PROVINCE_CODES.has(regionCode.slice(0, 2))) {
    return fail(
      'ID_REGION',
      `地区码 ${regionCode} 不是有效的行政区划代码（省级代码 ${regionCode.slice(0, 2)} 不存在）`,
      `region code ${regionCode} is not a valid division code (no province ${regionCode.slice(0, 2)})`,
    );
  }
  const y = Number(first17.slice(6, 10));
  const m = Number(first17.slice(10, 12));
  const d = Number(first17.slice(12, 14));
  const shown = `${first17.slice(6, 10)}-${first17.slice(10, 12)}-${first17.slice(12, 14)}`;
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) {
    return fail('ID_BIRTH_DATE_INVALID', `出生日期 ${shown} 不是真实的日期`, `birth date ${shown} is not a real date`);
  }
  if (y < EARLIEST_BIRTH_YEAR) {
    return fail(
      'ID_BIRTH_DATE_TOO_OLD',
      `出生日期 ${shown} 早于 ${EARLIEST_BIRTH_YEAR} 年`,
      `birth date ${shown} is before ${EARLIEST_BIRTH_YEAR}`,
    );
  }
  const birthDate = fromYmd(y, m, d);
  if (opts.today !== undefined && birthDate > opts.today) {
    return fail(
      'ID_BIRTH_DATE_FUTURE',
      `出生日期 ${shown} 晚于今天 ${opts.today}`,
      `birth date ${shown} is after today (${opts.today})`,
    );
  }
  const expected = checkDigit(first17);
  if (!converted15 && t[17] !== expected) {
    return fail(
      'ID_CHECK_DIGIT',
      `校验码错误：应为 ${expected}，实为 ${t[17]}`,
      `wrong check digit: expected ${expected}, found ${t[17]}`,
    );
  }
  return {
    ok: true,
    value: {
      id18: first17 + expected,
      birthDate,
      sex: Number(first17[16]) % 2 === 1 ? 'M' : 'F',
      regionCode,
      converted15,
    },
  };
}

/** Like parseIdNumber, for callers that expect a valid number: throws the same error as an AppError. */
export function requireIdNumber(text: string, opts: { today?: PlainDate; field?: string } = {}): IdNumberInfo {
  const r = parseIdNumber(text, opts);
  if (!r.ok) throw new AppError(r.error.code, r.error.message, { field: opts.field ?? 'idNumber' });
  return r.value;
}

export function sexFromId(id: string): Sex {
  return requireIdNumber(id).sex;
}

export function birthDateFromId(id: string): PlainDate {
  return requireIdNumber(id).birthDate;
}

/**
 * For public notices (公示): region code and last four visible, the birth date hidden — "211221********0017".
 * Anything too short to mask safely is hidden entirely.
 */
export function maskIdNumber(id: string): string {
  const t = id.trim();
  if (t.length <= 10) return '*'.repeat(t.length);
  return `${t.slice(0, 6)}${'*'.repeat(t.length - 10)}${t.slice(-4)}`;
}
