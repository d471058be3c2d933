import type { AreaFigures } from '#contracts/dual-inclusion.ts';

/** A rate (0…1) as people read it: 33.3%; none without registered-poor households. */
export function rateText(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)}%`;
}

/** The chart's bars: one per sub-area, the rate in percent (one decimal), null (no bar) where there is no rate. */
export function chartSeries(children: readonly AreaFigures[]): { names: string[]; codes: string[]; values: (number | null)[] } {
  return {
    names: children.map((c) => c.areaName),
    codes: children.map((c) => c.areaCode),
    values: children.map((c) => (c.rate === null ? null : Math.round(c.rate * 1000) / 10)),
  };
}

/** Whether a sub-area can be opened: a village is the last level. */
export const canDrill = (code: string): boolean => !/^\d{9}[1-9]\d{2}$|^\d{9}\d[1-9]\d$|^\d{9}\d{2}[1-9]$/.test(code);
