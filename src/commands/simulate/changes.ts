import { unitLabel } from '../../rules/explain/words.ts';
import { AppError } from '../../kernel/errors.ts';
import type { ParameterSet } from '../../policy/parameter-set.ts';
import { valueProblem } from '../../policy/value-check.ts';

/** One what-if change: a parameter and the value it takes everywhere from the simulated month on. */
export interface ParameterChange {
  name: string;
  value: number | string[];
}

/** Units counted in whole numbers: a fractional value would be meaningless (months, years, grades…). */
const WHOLE_UNITS = new Set(['count', 'grade', 'months', 'month-of-year', 'working-days', 'years']);
/** Money and areas are at most two decimals (fen, 0.01 m²); ratios at most six (what the engine represents). */
const maxDecimals = (unit: string) => (WHOLE_UNITS.has(unit) ? 0 : unit.startsWith('CNY') || unit === 'm2' ? 2 : 6);

/** `name=value` as typed after `--set`. */
export function parseSetOption(text: string): { name: string; value: string } {
  const i = text.indexOf('=');
  const name = i > 0 ? text.slice(0, i).trim() : '';
  if (!name) {
    throw new AppError(
      'SIMULATE_SET_FORMAT',
      { zh: `--set 应写作 参数名=值，例如 dibao.standard.rural=6000：${text}`, en: `--set takes name=value, e.g. dibao.standard.rural=6000: ${text}` },
      { field: 'changes' },
    );
  }
  return { name, value: text.slice(i + 1).trim() };
}

/**
 * Checks each change against the parameter definitions: the name exists, the value has the parameter's kind
 * (a number ≥ 0 with the decimals its unit allows, or a comma-separated list of codes), and no name is given
 * twice. Values may come as text (the command line) or as numbers and arrays (the API).
 */
export function validateChanges(ps: ParameterSet, raw: readonly { name: string; value: unknown }[]): ParameterChange[] {
  if (raw.length === 0) {
    throw new AppError('SIMULATE_NO_CHANGES', { zh: '请至少给出一项参数调整（--set 参数名=值）', en: 'Give at least one change (--set name=value)' }, { field: 'changes' });
  }
  const seen = new Set<string>();
  return raw.map((c, i) => {
    const field = `changes.${i}`;
    if (!ps.has(c.name)) {
      throw new AppError('SIMULATE_PARAM_UNKNOWN', { zh: `没有名为 ${c.name} 的参数`, en: `There is no parameter named ${c.name}` }, { field: `${field}.name` });
    }
    if (seen.has(c.name)) {
      throw new AppError('SIMULATE_PARAM_TWICE', { zh: `参数「${ps.definition(c.name).description.zh}」调整了两次`, en: `Parameter ${c.name} is changed twice` }, { field: `${field}.name` });
    }
    seen.add(c.name);
    const def = ps.definition(c.name);
    if (def.kind === 'list') {
      const list = Array.isArray(c.value) ? c.value : typeof c.value === 'string' ? c.value.split(',').map((s) => s.trim()).filter(Boolean) : null;
      if (!list?.every((x) => typeof x === 'string' && /^[a-z][a-z0-9_]*$/.test(x))) {
        throw valueError(c.name, field, '应为以逗号分隔的代码列表', 'takes a comma-separated list of codes', def.description);
      }
      const codes = [...new Set(list as string[])];
      const bad = valueProblem(def, codes);
      if (bad) throw valueError(c.name, field, bad.message.zh, bad.message.en, def.description);
      return { name: c.name, value: codes };
    }
    const decimals = maxDecimals(def.unit);
    const text = typeof c.value === 'number' ? String(c.value) : typeof c.value === 'string' ? c.value : '';
    const m = /^(\d{1,12})(?:\.(\d+))?$/.exec(text);
    if (!m || (m[2]?.length ?? 0) > decimals) {
      const zh = decimals === 0 ? '应为不小于 0 的整数' : `应为不小于 0 的数，最多 ${decimals} 位小数`;
      const en = decimals === 0 ? 'takes a whole number ≥ 0' : `takes a number ≥ 0 with at most ${decimals} decimals`;
      throw valueError(c.name, field, `${zh}（${unitLabel(def.unit).zh}）：${String(c.value)}`, `${en} (${def.unit}): ${String(c.value)}`, def.description);
    }
    // The parameter's declared range (ADR 0017): a what-if of 1e308 yuan is refused here, not met as a 500 later.
    const bad = valueProblem(def, Number(text));
    if (bad) throw valueError(c.name, field, bad.message.zh, bad.message.en, def.description);
    return { name: c.name, value: Number(text) };
  });
}

/** A refused value, the parameter named by its description in Chinese (users read it there) and by its name in English (as scripts and the CLI call it). */
export function valueError(name: string, field: string, zh: string, en: string, label?: { zh: string }): AppError {
  return new AppError('SIMULATE_VALUE_INVALID', { zh: `参数「${label?.zh ?? name}」的值无效：${zh}`, en: `Invalid value for ${name}: ${en}` }, { field: `${field}.value` });
}
