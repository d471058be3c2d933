import type { AreaView, HistoryEntry, ParameterDetail, ParameterList, ParameterSummary, ValueInForce } from '../../contracts/policy.ts';
import { AppError } from '../../kernel/errors.ts';
import { addDays, chinaDateOf, parsePlainDate, type PlainDate } from '../../kernel/plain-date.ts';
import type { ParameterSet } from '../../policy/parameter-set.ts';
import type { ParamEntry, ParamValue } from '../../policy/types.ts';
import { presentCitation } from '../../rules/common/citations.ts';
import { listCodeWord, paramShown, unitLabel } from '../../rules/explain/words.ts';

/**
 * Presenters of the parameter browser (API, CLI and web): the value in force per county on a day, and the
 * full dated history per area. Pure over a ParameterSet, so the CLI and the API show the same thing.
 */
export function presentParameterList(ps: ParameterSet, at: PlainDate): ParameterList {
  const counties = ps.counties();
  const parameters: ParameterSummary[] = ps.definitions().map((def) => ({
    name: def.name,
    group: groupOf(def.name),
    description: def.description,
    unit: def.unit,
    unitLabel: unitLabel(def.unit),
    kind: def.kind,
    ...(def.bounds ? { bounds: { ...def.bounds } } : {}),
    ...(def.allowed ? { allowed: [...def.allowed], allowedLabels: def.allowed.map((c) => listCodeWord(c)) } : {}),
    values: counties.map((c): ValueInForce | null => {
      const r = ps.find(def.name, c.code, at);
      if (!r) return null;
      return {
        county: c.code,
        value: plainValue(r.value),
        valueText: paramShown(plainValue(r.value), def.unit),
        effectiveFrom: r.effectiveFrom,
        citation: r.citation,
        citationText: presentCitation(r.citation, { illustrative: r.illustrative === true }),
        area: r.area,
        source: r.source,
        illustrative: r.illustrative === true,
        ...(r.author !== undefined ? { author: r.author } : {}),
        ...(r.note !== undefined ? { note: r.note } : {}),
      };
    }),
  }));
  return { at, city: cityOf(ps), counties: counties.map((c) => ({ code: c.code, name: c.name })), parameters };
}

export function presentParameterDetail(ps: ParameterSet, name: string): ParameterDetail {
  if (!ps.has(name)) {
    throw new AppError('PARAM_UNKNOWN', { zh: `没有名为 ${name} 的参数`, en: `No parameter named ${name}` }, { field: 'name', status: 404 });
  }
  const def = ps.definition(name);
  const byArea = new Map<string, ParamEntry[]>();
  for (const e of ps.history(name)) {
    const list = byArea.get(e.area);
    if (list) list.push(e);
    else byArea.set(e.area, [e]);
  }
  const order = [ps.jurisdiction.city, ...ps.counties().map((c) => c.code)];
  const areas = [...byArea.keys()].sort((a, b) => rank(order, a) - rank(order, b) || (a < b ? -1 : 1));
  return {
    name,
    group: groupOf(name),
    description: def.description,
    unit: def.unit,
    unitLabel: unitLabel(def.unit),
    kind: def.kind,
    ...(def.file !== undefined ? { file: def.file } : {}),
    areas: areas.map((code) => ({ area: areaView(ps, code), entries: historyOf(byArea.get(code) ?? [], def.unit) })),
  };
}

/** Entries of one area, oldest first, each with the last day it was in force. */
function historyOf(list: readonly ParamEntry[], unit: string): HistoryEntry[] {
  return list.map((e, i) => {
    const next = list[i + 1];
    const superseded = next !== undefined && next.effectiveFrom === e.effectiveFrom;
    return {
      effectiveFrom: e.effectiveFrom,
      until: next && !superseded ? addDays(next.effectiveFrom, -1) : null,
      superseded,
      value: e.value === null ? null : plainValue(e.value),
      valueText: e.value === null ? null : paramShown(plainValue(e.value), unit),
      citation: e.citation,
      citationText: presentCitation(e.citation, { illustrative: e.illustrative === true }),
      ...(e.note !== undefined ? { note: e.note } : {}),
      illustrative: e.illustrative === true,
      source: e.source,
      ...(e.origin ? { file: e.origin.file, line: e.origin.line } : {}),
      ...(e.author !== undefined ? { author: e.author } : {}),
    };
  });
}

export function areaView(ps: ParameterSet, code: string): AreaView {
  if (code === ps.jurisdiction.city) return cityOf(ps);
  const c = ps.counties().find((x) => x.code === code);
  return { code, name: c?.name ?? { zh: code, en: code } };
}

function cityOf(ps: ParameterSet): AreaView {
  return { code: ps.jurisdiction.city, name: ps.jurisdiction.name };
}

function rank(order: readonly string[], code: string): number {
  const i = order.indexOf(code);
  return i < 0 ? order.length : i;
}

/** `dibao.standard.rural` → `dibao`: the program (or `plan`, `person`, `exit`) a parameter belongs to. */
export function groupOf(name: string): string {
  return name.split('.')[0] ?? name;
}

function plainValue(v: ParamValue): number | string[] {
  return typeof v === 'number' ? v : [...v];
}

/** A day given as text (`?at=`, `--at`), or today in China when absent. */
export function dayOrToday(text: string | undefined, now: Date, field = 'at'): PlainDate {
  if (text === undefined || text === '') return chinaDateOf(now);
  const day = parsePlainDate(text.trim());
  if (!day) throw new AppError('DATE_INVALID', { zh: `日期无效：${text}（应为 YYYY-MM-DD）`, en: `Invalid date: ${text} (YYYY-MM-DD)` }, { field });
  return day;
}
