import type { ParameterSummary } from '#contracts/policy.ts';
import type { SimulationRequest } from '#contracts/simulate.ts';
import { formatYuanGrouped } from '#kernel/money.ts';
import { paramValueText } from '../../../lib/format.ts';

/** One row of the form: a parameter and the value typed for it (text for numbers, codes for lists). */
export interface ChangeRow {
  key: number;
  name: string | null;
  value: string | string[];
}

export interface SimulationForm {
  from: string;
  /** 6-digit county code; undefined for the user's whole area. */
  county?: string;
  changes: ChangeRow[];
}

/**
 * The request, or null while a row lacks a parameter or a value. Numbers go as the text typed so that the server,
 * not a float, decides how many decimals the parameter's unit allows.
 */
export function toRequest(form: SimulationForm): SimulationRequest | null {
  if (!/^\d{4}-\d{2}$/.test(form.from) || form.changes.length === 0) return null;
  const changes: SimulationRequest['changes'] = [];
  for (const c of form.changes) {
    const value = Array.isArray(c.value) ? c.value.map((v) => v.trim()).filter(Boolean) : c.value.trim();
    if (!c.name || value.length === 0) return null;
    changes.push({ name: c.name, value });
  }
  return { from: form.from, changes, ...(form.county ? { county: form.county } : {}) };
}

/**
 * The current value of a parameter for the scope simulated: the chosen county's, or the one value every county
 * shares; where counties differ, each distinct value with the counties holding it (`varies`).
 */
export function currentValue(p: ParameterSummary, counties: readonly { code: string; name: string }[], county: string | undefined): { single: string | null } | { varies: string } {
  const at = (i: number) => p.values[i] ?? null;
  if (county) {
    const i = counties.findIndex((c) => c.code === county);
    const v = i >= 0 ? at(i) : null;
    return { single: v ? paramValueText(v.value) : null };
  }
  const groups = new Map<string, string[]>();
  counties.forEach((c, i) => {
    const v = at(i);
    const key = v ? paramValueText(v.value) : '—';
    groups.set(key, [...(groups.get(key) ?? []), c.name]);
  });
  if (groups.size <= 1) {
    const [only] = groups.keys();
    return { single: only === undefined || only === '—' ? null : only };
  }
  return { varies: [...groups].map(([v, names]) => `${v}（${names.join('、')}）`).join('；') };
}

/** "+1,234.50", "-3.05", "0.00": a change in yuan from fen, with its sign. */
export function signedYuan(fen: number): string {
  return fen > 0 ? `+${formatYuanGrouped(fen)}` : formatYuanGrouped(fen);
}

/** "+1,234", "-3", "0": a change in a count. */
export function signedCount(n: number): string {
  const s = Math.abs(n).toLocaleString('en-US');
  return n > 0 ? `+${s}` : n < 0 ? `-${s}` : '0';
}
