import { AppError } from './errors.ts';

/**
 * 统计用区划代码 12-digit statistical division codes (NBS): PP CC DD TTT VVV = province, city, county,
 * township (乡镇/街道), village (村/社区). A level's code is its prefix padded with zeros, so the level and every
 * ancestor can be read from the code itself. The 6-digit county code (the first six digits) is the one that
 * case rows carry as `county_code`.
 */
export type DivisionLevel = 'province' | 'city' | 'county' | 'township' | 'village';

/** Significant prefix length of each level. */
const PREFIX_LENGTH: Record<DivisionLevel, number> = { province: 2, city: 4, county: 6, township: 9, village: 12 };
const LEVELS: readonly DivisionLevel[] = ['province', 'city', 'county', 'township', 'village'];

function formatError(text: string): AppError {
  return new AppError(
    'DIVISION_CODE_FORMAT',
    {
      zh: `区划代码应为 12 位（或 6 位县级）数字，且前两位为省级代码：${JSON.stringify(text)}`,
      en: `a division code is 12 digits (or a 6-digit county code) starting with a province code: ${JSON.stringify(text)}`,
    },
    { field: 'divisionCode' },
  );
}

/** True for a well-formed 12-digit code (structure only, not whether the division exists). */
export function isDivisionCode(text: string): boolean {
  return /^\d{12}$/.test(text) && !text.startsWith('00');
}

/**
 * Accepts a 12-digit code or a 6-digit county-level code (GB/T 2260, as on ID numbers and in most forms)
 * and returns the 12-digit form; throws DIVISION_CODE_FORMAT otherwise.
 */
export function normaliseDivisionCode(text: string): string {
  const t = String(text ?? '').trim();
  const code = /^\d{6}$/.test(t) ? `${t}000000` : t;
  if (!isDivisionCode(code)) throw formatError(String(text));
  return code;
}

export function divisionLevel(code: string): DivisionLevel {
  const c = normaliseDivisionCode(code);
  if (/^\d{2}0{10}$/.test(c)) return 'province';
  if (/^\d{4}0{8}$/.test(c)) return 'city';
  if (/^\d{6}0{6}$/.test(c)) return 'county';
  if (/^\d{9}0{3}$/.test(c)) return 'township';
  return 'village';
}

/** The significant prefix: 2, 4, 6, 9 or 12 digits by level ("2112", "211221", "211221101"). */
export function scopePrefix(code: string): string {
  return normaliseDivisionCode(code).slice(0, PREFIX_LENGTH[divisionLevel(code)]);
}

/** The enclosing division's 12-digit code, or null for a province. */
export function parentCode(code: string): string | null {
  const level = divisionLevel(code);
  const i = LEVELS.indexOf(level);
  if (i === 0) return null;
  return normaliseDivisionCode(code)
    .slice(0, PREFIX_LENGTH[LEVELS[i - 1]])
    .padEnd(12, '0');
}

/**
 * The 6-digit county code of a county, township or village. A province or city is not inside one county,
 * so asking is a caller's error (DIVISION_ABOVE_COUNTY), not a silent "211200".
 */
export function countyOf(code: string): string {
  const level = divisionLevel(code);
  if (level === 'province' || level === 'city') {
    throw new AppError(
      'DIVISION_ABOVE_COUNTY',
      {
        zh: `区划 ${normaliseDivisionCode(code)} 是${level === 'province' ? '省' : '市'}级，不属于某一个县区`,
        en: `division ${normaliseDivisionCode(code)} is a ${level}, not inside a single county`,
      },
      { field: 'divisionCode' },
    );
  }
  return normaliseDivisionCode(code).slice(0, 6);
}

/** Is `code` inside the area `areaCode` (an area contains itself)? Used to scope users to their area. */
export function isWithin(code: string, areaCode: string): boolean {
  return normaliseDivisionCode(code).startsWith(scopePrefix(areaCode));
}
