import type { SeasonParamView, SeasonTownshipFigures } from '#contracts/heating.ts';
import type { RollView } from '#contracts/payroll.ts';

/** '2019-2020': a season in the form the API takes (the second year the next). */
export function isSeasonText(s: string): boolean {
  const m = /^(\d{4})-(\d{4})$/.exec(s.trim());
  return m !== null && Number(m[2]) === Number(m[1]) + 1;
}

/** The season a heating roll belongs to, from its benefit month (the season's first month, in the season's first year). */
export function seasonOfMonth(month: string): string {
  const year = Number(month.slice(0, 4));
  return `${year}-${year + 1}`;
}

/** A season roll's name: the season roll (round 0) or supplementary roll N; the key and values for i18n. */
export function rollNameKey(r: Pick<RollView, 'round'>): { key: string; values: { round: number } } {
  return r.round === 0 ? { key: 'heatingSeason.rollName.season', values: { round: 0 } } : { key: 'heatingSeason.rollName.supplementary', values: { round: r.round } };
}

/** What the buttons offer: the season roll until it is built; a supplementary roll once it is approved (or settled). */
export function buildActions(rolls: readonly Pick<RollView, 'round' | 'status'>[]): { build: boolean; supplementary: boolean } {
  const first = rolls.find((r) => r.round === 0);
  const approved = first !== undefined && (first.status === 'approved' || first.status === 'closed');
  return { build: first === undefined || first.status === 'building', supplementary: approved };
}

/** The chart's bars: one per township, in yuan, largest first. */
export function chartBars(townships: readonly SeasonTownshipFigures[]): { names: string[]; codes: string[]; yuan: number[] } {
  const sorted = [...townships].sort((a, b) => b.fen - a.fen || a.township.localeCompare(b.township));
  return { names: sorted.map((t) => t.townshipName), codes: sorted.map((t) => t.township), yuan: sorted.map((t) => t.fen / 100) };
}

/** A parameter's value in words: the i18n key and values (units and enumerations), or null to show it as it is. */
export function paramValueKey(p: Pick<SeasonParamView, 'name' | 'value'>): { key: string; values: Record<string, string> } | null {
  const v = { v: p.value };
  switch (p.name) {
    case 'heating.season.startMonth':
      return { key: 'heatingSeason.params.value.startMonth', values: v };
    case 'heating.season.months':
      return { key: 'heatingSeason.params.value.months', values: v };
    case 'heating.season.referenceDay':
      return Number(p.value) === 0 ? { key: 'heatingSeason.params.value.referenceDay0', values: v } : { key: 'heatingSeason.params.value.referenceDay', values: v };
    case 'heating.dispersed.annual':
      return { key: 'heatingSeason.params.value.annual', values: v };
    case 'heating.central.rate':
      return { key: 'heatingSeason.params.value.rate', values: v };
    case 'heating.central.maxArea':
      return { key: 'heatingSeason.params.value.maxArea', values: v };
    case 'heating.supplementary.amount':
      return p.value === 'full' || p.value === 'prorated' ? { key: `heatingSeason.supplementary.${p.value}`, values: {} } : null;
    case 'heating.tekun.concentrated':
      return p.value === 'institution' || p.value === 'person' ? { key: `heatingSeason.concentrated.${p.value}`, values: {} } : null;
    default:
      return null;
  }
}

/** The exceptions' area filter from the cascader's 12-digit code: a township as its 9 digits, a village as is, the county as none. */
export function areaParam(code: string | undefined): string | undefined {
  if (!code || code.endsWith('000000')) return undefined;
  return code.endsWith('000') ? code.slice(0, 9) : code;
}
