import type { BilingualMessage } from '../kernel/errors.ts';
import type { ParamDefinition, ParamValue } from './types.ts';

/**
 * Is `value` a value this parameter may take? Its kind (number or list), its unit's precision (whole months, yuan to
 * the fen, ratios to four places) and the range its file declares (`bounds:`), or for a list the codes it allows. One
 * check for the shipped files (the loader), administrators' overrides, situation parameters and simulated changes, so
 * that no value the engine cannot compute with (`1e308` yuan a year) ever reaches it. A situation's what-if `parameters:`
 * skip the precision (`precision: false`): the exact path computes with any decimals; only values that are stored or paid
 * keep their unit's precision.
 */
export interface ValueProblem {
  code: 'PARAM_VALUE_KIND' | 'PARAM_VALUE_BOUNDS' | 'PARAM_VALUE_PRECISION' | 'PARAM_VALUE_CODES';
  message: BilingualMessage;
}

export function valueProblem(def: ParamDefinition, value: ParamValue | null, opts: { precision?: boolean } = {}): ValueProblem | null {
  if (value === null) return null;
  if (def.kind === 'list') {
    if (!Array.isArray(value) || !value.every((x) => typeof x === 'string')) return kind(def);
    const codes = value as readonly string[];
    const unknown = def.allowed ? codes.filter((c) => !def.allowed?.includes(c)) : [];
    if (unknown.length > 0) {
      return {
        code: 'PARAM_VALUE_CODES',
        message: { zh: `参数 ${def.name} 不接受代码：${unknown.join('、')}（可选：${def.allowed?.join('、')}）`, en: `${def.name} does not take the codes ${unknown.join(', ')} (allowed: ${def.allowed?.join(', ')})` },
      };
    }
    if (new Set(codes).size !== codes.length || codes.length > 100) {
      return { code: 'PARAM_VALUE_CODES', message: { zh: `参数 ${def.name} 的代码不能重复（最多 100 个）`, en: `${def.name} takes each code once (at most 100)` } };
    }
    return null;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return kind(def);
  const precision = opts.precision ?? true;
  if (precision && def.integer && !Number.isInteger(value)) {
    return { code: 'PARAM_VALUE_PRECISION', message: { zh: `参数 ${def.name} 的值须为整数（单位 ${def.unit}）`, en: `${def.name} takes a whole number (unit ${def.unit})` } };
  }
  if (precision && !def.integer && def.decimals !== undefined && Number(value.toFixed(def.decimals)) !== value) {
    return {
      code: 'PARAM_VALUE_PRECISION',
      message: { zh: `参数 ${def.name} 的值最多 ${def.decimals} 位小数（单位 ${def.unit}）`, en: `${def.name} takes at most ${def.decimals} decimals (unit ${def.unit})` },
    };
  }
  const b = def.bounds;
  if (b && (value < b.min || value > b.max)) {
    return {
      code: 'PARAM_VALUE_BOUNDS',
      message: { zh: `参数 ${def.name} 的值须在 ${b.min} 至 ${b.max} 之间（单位 ${def.unit}），${value} 超出范围`, en: `${def.name} takes a value from ${b.min} to ${b.max} (unit ${def.unit}); ${value} is out of range` },
    };
  }
  return null;
}

function kind(def: ParamDefinition): ValueProblem {
  return {
    code: 'PARAM_VALUE_KIND',
    message: def.kind === 'list'
      ? { zh: `参数 ${def.name} 的值须为代码列表`, en: `${def.name} takes a list of codes` }
      : { zh: `参数 ${def.name} 的值须为数值`, en: `${def.name} takes a number` },
  };
}
