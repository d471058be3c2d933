import { AppError } from '../kernel/errors.ts';
import { countyOf } from '../kernel/division-code.ts';
import { parsePlainDate, type PlainDate } from '../kernel/plain-date.ts';
import type {
  County,
  Jurisdiction,
  LookupResult,
  ParamDefinition,
  ParamEntry,
  ParamOverride,
  ParamValue,
} from './types.ts';
import { valueProblem } from './value-check.ts';

export const SITUATION_CITATION = '情景参数覆盖 situation parameter override (parameters:)';

interface Pinned {
  value: ParamValue;
  citation: string;
}

/**
 * Every policy parameter with its dated, cited values per area, plus database overrides and situation
 * parameters layered on top. Immutable: `withOverrides` and `withSituationParameters` return a new set.
 */
export class ParameterSet {
  readonly jurisdiction: Jurisdiction;
  readonly #defs: ReadonlyMap<string, ParamDefinition>;
  /** name → area → entries sorted by effective date (an override after a file value of the same date). */
  readonly #byArea: Map<string, Map<string, ParamEntry[]>>;
  readonly #all: ReadonlyMap<string, readonly ParamEntry[]>;
  readonly #pinned: ReadonlyMap<string, Pinned>;

  constructor(
    jurisdiction: Jurisdiction,
    defs: ReadonlyMap<string, ParamDefinition>,
    entries: ReadonlyMap<string, readonly ParamEntry[]>,
    pinned: ReadonlyMap<string, Pinned> = new Map(),
  ) {
    this.jurisdiction = jurisdiction;
    this.#defs = defs;
    this.#all = entries;
    this.#pinned = pinned;
    this.#byArea = new Map();
    for (const [name, list] of entries) {
      const areas = new Map<string, ParamEntry[]>();
      for (const e of list) {
        let l = areas.get(e.area);
        if (!l) areas.set(e.area, (l = []));
        l.push(e);
      }
      for (const l of areas.values()) {
        // Stable sort keeps file values before overrides of the same date, so the override wins.
        l.sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : 0));
      }
      this.#byArea.set(name, areas);
    }
  }

  /** The value in force on `day` for `area` (county, 12-digit code inside one, or the city); throws if none. */
  lookup(name: string, area: string, day: PlainDate): LookupResult {
    const r = this.find(name, area, day);
    if (r) return r;
    throw new AppError(
      'PARAM_NO_VALUE',
      {
        // Named by its description (users know 农村低保标准, not dibao.standard.rural); the key stays in `field`.
        zh: `“${this.#defs.get(name)?.description.zh ?? name}”在 ${day} 对区划 ${area} 没有有效值，请管理员设置该县区的参数`,
        en: `“${this.#defs.get(name)?.description.en ?? name}” (${name}) has no value for area ${area} on ${day}: an administrator must set the county's parameter`,
      },
      { field: name, status: 422 },
    );
  }

  find(name: string, area: string, day: PlainDate): LookupResult | undefined {
    const def = this.definition(name);
    const county = areaCode(area);
    const pinned = this.#pinned.get(name);
    if (pinned) {
      return { name, value: pinned.value, unit: def.unit, effectiveFrom: day, citation: pinned.citation, area: county, source: 'override' };
    }
    const areas = this.#byArea.get(name);
    if (!areas) return undefined;
    for (const a of areaChain(county)) {
      const list = areas.get(a);
      if (!list) continue;
      let hit: ParamEntry | undefined;
      for (let i = list.length - 1; i >= 0; i--) {
        if (list[i].effectiveFrom <= day) {
          hit = list[i];
          break;
        }
      }
      if (!hit) continue;
      // `null` ends the area's own value: the parent area's value applies again.
      if (hit.value === null) continue;
      return {
        name,
        value: hit.value,
        unit: def.unit,
        effectiveFrom: hit.effectiveFrom,
        citation: hit.citation,
        area: a,
        source: hit.source,
        ...(hit.note !== undefined ? { note: hit.note } : {}),
        ...(hit.illustrative ? { illustrative: true } : {}),
        ...(hit.author !== undefined ? { author: hit.author } : {}),
      };
    }
    return undefined;
  }

  number(name: string, area: string, day: PlainDate): LookupResult & { value: number } {
    const r = this.lookup(name, area, day);
    if (typeof r.value !== 'number') throw kindError(name, 'number');
    return r as LookupResult & { value: number };
  }

  list(name: string, area: string, day: PlainDate): LookupResult & { value: readonly string[] } {
    const r = this.lookup(name, area, day);
    if (typeof r.value === 'number') throw kindError(name, 'list');
    return r as LookupResult & { value: readonly string[] };
  }

  /** What the parameter is, in words (for messages: users know the description, not the key). */
  describe(name: string): ParamDefinition['description'] | undefined {
    return this.#defs.get(name)?.description;
  }

  has(name: string): boolean {
    return this.#defs.has(name);
  }

  definition(name: string): ParamDefinition {
    const def = this.#defs.get(name);
    if (!def) {
      throw new AppError('PARAM_UNKNOWN', { zh: `没有名为 ${name} 的参数`, en: `no parameter named ${name}` }, { field: name });
    }
    return def;
  }

  definitions(): ParamDefinition[] {
    return [...this.#defs.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  /** Every dated value of a parameter (all areas, files and overrides), oldest first. */
  history(name: string): ParamEntry[] {
    this.definition(name);
    return [...(this.#all.get(name) ?? [])].sort((a, b) =>
      a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : a.area < b.area ? -1 : 1,
    );
  }

  counties(): readonly County[] {
    return this.jurisdiction.counties;
  }

  hasCounty(code: string): boolean {
    return this.jurisdiction.counties.some((c) => c.code === code);
  }

  /** Layers dated database overrides over the file values; each is validated like a file value. */
  withOverrides(overrides: readonly ParamOverride[]): ParameterSet {
    const merged = new Map<string, ParamEntry[]>();
    for (const [k, v] of this.#all) merged.set(k, [...v]);
    overrides.forEach((o, i) => {
      const checked = this.#checkOverride(o, `overrides[${i}]`);
      if (checked instanceof AppError) throw checked;
      const list = merged.get(o.name);
      if (list) list.push(checked);
      else merged.set(o.name, [checked]);
    });
    return new ParameterSet(this.jurisdiction, this.#defs, merged, this.#pinned);
  }

  /** The shipped files' values alone: what the city's parameters are without any database override. */
  filesOnly(): ParameterSet {
    const files = new Map<string, ParamEntry[]>();
    for (const [k, v] of this.#all) files.set(k, v.filter((e) => e.source === 'file'));
    return new ParameterSet(this.jurisdiction, this.#defs, files);
  }

  /** Why an override cannot be layered over these values (name, area, date, citation, author, kind, range), or null. */
  overrideProblem(o: ParamOverride): AppError | null {
    const r = this.#checkOverride(o, 'override');
    return r instanceof AppError ? r : null;
  }

  #checkOverride(o: ParamOverride, where: string): ParamEntry | AppError {
    const def = this.#defs.get(o.name);
    if (!def) return overrideError(where, 'name', `没有名为 ${o.name} 的参数`, `no parameter named ${o.name}`);
    if (!/^\d{6}$/.test(o.area) || !(o.area === this.jurisdiction.city || this.hasCounty(o.area))) {
      return overrideError(where, 'area', `区划 ${o.area} 不是本市或所辖县区`, `area ${o.area} is not the city or one of its counties`);
    }
    const from = parsePlainDate(o.effectiveFrom);
    if (!from) return overrideError(where, 'effectiveFrom', '生效日期应为 YYYY-MM-DD', 'effectiveFrom must be a date YYYY-MM-DD');
    if (!o.citation?.trim()) return overrideError(where, 'citation', '必须注明依据', 'a citation is required');
    if (!o.author?.trim()) return overrideError(where, 'author', '必须注明录入人', 'an author is required');
    const value = coerceValue(o.value, def.kind);
    if (value === undefined) {
      return overrideError(where, 'value', `参数 ${o.name} 的值应为${def.kind === 'list' ? '列表' : '数值'}`, `${o.name} takes a ${def.kind}`);
    }
    const problem = valueProblem(def, value);
    if (problem) return overrideError(where, 'value', problem.message.zh, problem.message.en);
    return { area: o.area, effectiveFrom: from, value, citation: o.citation, source: 'override', author: o.author };
  }

  /** A situation's `parameters:` replace a value everywhere and on every day (what-if calculations). */
  withSituationParameters(params: Readonly<Record<string, unknown>>): ParameterSet {
    const pinned = new Map(this.#pinned);
    for (const [name, raw] of Object.entries(params)) {
      const def = this.#defs.get(name);
      if (!def) {
        throw new AppError('PARAM_UNKNOWN', { zh: `没有名为 ${name} 的参数`, en: `no parameter named ${name}` }, { field: `parameters.${name}` });
      }
      const value = coerceValue(raw, def.kind);
      if (value === undefined || value === null) {
        throw new AppError(
          'PARAM_VALUE_KIND',
          { zh: `“${def.description.zh}”的值应为${def.kind === 'list' ? '列表' : '数值'}`, en: `parameter “${def.description.en}” (${name}) takes a ${def.kind}` },
          { field: `parameters.${name}` },
        );
      }
      // A what-if value obeys the parameter's range too: the engine never sees 1e308 yuan (any decimals: the exact path).
      const problem = valueProblem(def, value, { precision: false });
      if (problem) throw new AppError(problem.code, problem.message, { field: `parameters.${name}` });
      pinned.set(name, { value, citation: SITUATION_CITATION });
    }
    return new ParameterSet(this.jurisdiction, this.#defs, this.#all, pinned);
  }
}

/** County (or city) code of a 6- or 12-digit area code. */
function areaCode(area: string): string {
  if (/^\d{6}$/.test(area)) return area;
  return countyOf(area);
}

/** County → city → province: the areas whose values apply, most specific first. */
function areaChain(code: string): string[] {
  const chain = [code];
  const city = `${code.slice(0, 4)}00`;
  const province = `${code.slice(0, 2)}0000`;
  if (!chain.includes(city)) chain.push(city);
  if (!chain.includes(province)) chain.push(province);
  return chain;
}

/** Numbers may come from a database as decimal strings. */
function coerceValue(raw: unknown, kind: 'number' | 'list'): ParamValue | null | undefined {
  if (raw === null) return null;
  if (kind === 'list') {
    return Array.isArray(raw) && raw.every((x) => typeof x === 'string') ? Object.freeze([...raw]) : undefined;
  }
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw === 'string' && /^-?\d+(\.\d+)?$/.test(raw.trim())) return Number(raw.trim());
  return undefined;
}

function kindError(name: string, kind: string): AppError {
  return new AppError('PARAM_VALUE_KIND', { zh: `参数 ${name} 不是${kind === 'list' ? '列表' : '数值'}`, en: `parameter ${name} is not a ${kind}` }, { field: name });
}

function overrideError(where: string, field: string, zh: string, en: string): AppError {
  return new AppError('PARAM_OVERRIDE_INVALID', { zh: `参数覆盖无效（${field}）：${zh}`, en: `invalid parameter override (${field}): ${en}` }, { field: `${where}.${field}` });
}
