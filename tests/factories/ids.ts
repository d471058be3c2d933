import { checkDigit } from '../../src/kernel/id-number.ts';

/** A valid 18-digit ID number for a region, birth date (YYYYMMDD) and sequence (odd = male). */
export function validId(region: string, birth: string, seq: number): string {
  const first17 = `${region}${birth}${String(seq).padStart(3, '0')}`;
  return first17 + checkDigit(first17);
}

let counter = 0;
/** A fresh valid ID number each call (unique within a test process). */
export function nextId(birth = '19700501', region = '211221'): string {
  counter++;
  const seq = (counter % 999) + 1;
  const day = String(1 + Math.floor(counter / 999) % 28).padStart(2, '0');
  return validId(region, `${birth.slice(0, 6)}${day}`, seq);
}
