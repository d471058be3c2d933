/** Months a roll can be built for, newest first: from the plan's year (2019) to next month on the browser's calendar. */
export function buildableMonths(today = new Date()): string[] {
  const out: string[] = [];
  let y = today.getFullYear();
  let m = today.getMonth() + 2;
  if (m > 12) {
    m = 1;
    y++;
  }
  while (y > 2019 || (y === 2019 && m >= 1)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    if (--m === 0) {
      m = 12;
      y--;
    }
  }
  return out;
}
