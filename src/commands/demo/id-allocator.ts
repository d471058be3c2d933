import { AppError } from '../../kernel/errors.ts';
import { checkDigit } from '../../kernel/id-number.ts';
import { fromEpochDay, type PlainDate, toEpochDay } from '../../kernel/plain-date.ts';

/**
 * Hands out valid 18-digit ID numbers for synthetic persons without ever repeating one. A number is
 * region (the county) + birth date + a 3-digit sequence whose parity is the sex + check digit, so each
 * (county, birth date, sex) cell holds 500 (male: odd 001–999) or 499 (female: even 002–998) numbers. A counter
 * per cell (a fixed-size array: memory does not grow with the population) gives out the next free sequence;
 * numbers already in the database are marked first, so later runs — with any seed — continue above them. A full
 * cell moves the birth date to the nearest day that has room.
 */
export interface IdAllocator {
  /** Marks a number already in use (from `person_index`): the counters move past it. */
  markUsed(idNumber: string): void;
  /** The next free number in the county near the wanted birth day (epoch day), and the birth day it encodes. */
  allocate(countyIndex: number, birthEpochDay: number, sex: 'M' | 'F'): { idNumber: string; birthDate: PlainDate; birthEpochDay: number };
  readonly minEpochDay: number;
  readonly maxEpochDay: number;
}

const CAPACITY = { M: 500, F: 499 } as const;
/** Birth dates are kept within this many years before the reference day (the oldest synthetic person is ~100). */
const SPAN_YEARS = 112;

export function createIdAllocator(counties: readonly string[], asOf: PlainDate): IdAllocator {
  const maxEpochDay = toEpochDay(asOf);
  const minEpochDay = maxEpochDay - Math.ceil(SPAN_YEARS * 365.25);
  const days = maxEpochDay - minEpochDay + 1;
  const counters = new Uint16Array(counties.length * days * 2);
  const countyIndex = new Map(counties.map((c, i) => [c, i]));
  // Filled on first use: a small population touches few of the ~41,000 days.
  const isoDates: (PlainDate | undefined)[] = new Array(days);
  const isoDate = (day: number): PlainDate => (isoDates[day - minEpochDay] ??= fromEpochDay(day));
  const cell = (county: number, day: number, sex: 'M' | 'F') => (county * days + (day - minEpochDay)) * 2 + (sex === 'M' ? 1 : 0);

  return {
    minEpochDay,
    maxEpochDay,
    markUsed(idNumber) {
      const county = countyIndex.get(idNumber.slice(0, 6));
      if (county === undefined || !/^\d{17}/.test(idNumber)) return;
      const day = Math.floor(Date.UTC(+idNumber.slice(6, 10), +idNumber.slice(10, 12) - 1, +idNumber.slice(12, 14)) / 86_400_000);
      if (!(day >= minEpochDay && day <= maxEpochDay)) return;
      const seq = Number(idNumber.slice(14, 17));
      const sex = seq % 2 === 1 ? 'M' : 'F';
      const k = sex === 'M' ? (seq - 1) / 2 : (seq - 2) / 2;
      if (k < 0) return;
      const c = cell(county, day, sex);
      if (counters[c] < k + 1) counters[c] = k + 1;
    },
    allocate(county, wanted, sex) {
      const start = Math.min(maxEpochDay, Math.max(minEpochDay, wanted));
      // Nearest day with room: start, +1, −1, +2, −2 … within the range.
      for (let i = 0; i < days * 2; i++) {
        const day = start + (i % 2 === 0 ? i / 2 : -(i + 1) / 2);
        if (day < minEpochDay || day > maxEpochDay) continue;
        const c = cell(county, day, sex);
        const k = counters[c];
        if (k >= CAPACITY[sex]) continue;
        counters[c] = k + 1;
        const seq = sex === 'M' ? 2 * k + 1 : 2 * k + 2;
        const birthDate = isoDate(day);
        const first17 = `${counties[county]}${birthDate.slice(0, 4)}${birthDate.slice(5, 7)}${birthDate.slice(8, 10)}${String(seq).padStart(3, '0')}`;
        return { idNumber: first17 + checkDigit(first17), birthDate, birthEpochDay: day };
      }
      throw new AppError('DEMO_ID_SPACE_FULL', {
        zh: `县区 ${counties[county]} 的合成身份证号码已用尽`,
        en: `No synthetic ID numbers left for county ${counties[county]}`,
      });
    },
  };
}
