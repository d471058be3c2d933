import type {
  DeterminationView,
  ExplainedDetailView,
  ExplainedParamView,
  ExplainedReasonView,
  ExplainedStepView,
  Program,
} from '../../contracts/policy.ts';
import { formatYuan } from '../../kernel/money.ts';
import type { ParameterSet } from '../../policy/parameter-set.ts';
import { presentCitation } from '../common/citations.ts';
import { REASONS } from '../common/reasons.ts';
import { resolveStep } from './steps.ts';
import { type B, CARE_TIERS, counted, fenAsYuan, HEATING_MODES, paramShown, same, TEMPORARY_BASES, TEMPORARY_CATEGORY_WORDS, TEMPORARY_TIERS, TEMPORARY_TYPES, word, yesNo } from './words.ts';

/**
 * 说明 The one presenter of the policy engine's explanations: a determination (fresh from the engine, or frozen as
 * JSON into a decision or an enrollment term years ago) → what people read. Every step and reason by name in Chinese
 * and English, values to the fen (the exact value is kept beside, never rounded in the data), booleans as 是/否 or
 * 符合/不符合, parameters by their description with the unit, citations naming real documents (references to the
 * internal specification mapped at presentation, src/rules/common/citations.ts) and demo defaults said to be ones.
 * Used by the calculator (API and `doudi calc`), enrollment terms, decision cards and review decisions.
 */

/** What the presenter needs of the parameters: descriptions and units, and the names of areas. */
export type Glossary = Pick<ParameterSet, 'has' | 'definition' | 'jurisdiction'>;

const PROGRAMS: readonly Program[] = ['dibao', 'tekun', 'heating', 'temporary'];
const PERS = ['month', 'season', 'case'] as const;
const LEVELS = ['township', 'county', 'collective'] as const;

interface FrozenParam {
  name: string;
  value: number | string[];
  effectiveFrom: string;
  citation: string;
  area: string;
  source?: string;
  illustrative?: boolean;
}
interface FrozenStep {
  step: string;
  value: string;
  formula?: string;
  params: FrozenParam[];
}
interface FrozenReason {
  code: string;
  message?: B;
  citation?: string;
}
interface Frozen {
  program: Program;
  month: string;
  county: string;
  eligible: boolean;
  amount: { fen: number; yuan?: string; per: (typeof PERS)[number] };
  approvalLevel?: (typeof LEVELS)[number];
  reasons: FrozenReason[];
  trace: FrozenStep[];
  details?: Record<string, unknown>;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isString = (x: unknown): x is string => typeof x === 'string';

function isFrozen(x: unknown): x is Frozen {
  if (!isObject(x)) return false;
  const a = x.amount;
  return (
    PROGRAMS.includes(x.program as Program) &&
    isString(x.month) &&
    isString(x.county) &&
    typeof x.eligible === 'boolean' &&
    isObject(a) &&
    Number.isSafeInteger(a.fen) &&
    Array.isArray(x.reasons) &&
    x.reasons.every((r) => isObject(r) && isString(r.code)) &&
    Array.isArray(x.trace) &&
    x.trace.every((s) => isObject(s) && isString(s.step) && Array.isArray(s.params) && s.params.every((p) => isObject(p) && isString(p.name)))
  );
}

/**
 * A determination (the engine's `Determination`, or its JSON as stored) explained; null when the value is not one
 * (a term written without the engine, a row from before the trace was kept).
 */
export function explainDetermination(raw: unknown, g: Glossary): DeterminationView | null {
  if (!isFrozen(raw)) return null;
  const d = raw;
  const per = PERS.includes(d.amount.per) ? d.amount.per : 'month';
  return {
    program: d.program,
    month: d.month,
    county: { code: d.county, name: areaName(g, d.county) },
    eligible: d.eligible,
    amount: { fen: d.amount.fen, yuan: formatYuan(d.amount.fen), per },
    ...(d.approvalLevel && LEVELS.includes(d.approvalLevel) ? { approvalLevel: d.approvalLevel } : {}),
    reasons: d.reasons.map((r) => explainReason(r)),
    trace: d.trace.map((s) => explainStep(s, g)),
    details: isObject(d.details) ? Object.entries(d.details).map(([k, v]) => explainDetail(k, v)) : [],
  };
}

/** One recorded step: its name, the value exact and as shown, how it was computed, the parameters it read. */
export function explainStep(s: FrozenStep, g: Glossary): ExplainedStepView {
  const value = String(s.value);
  const r = resolveStep(s.step);
  const params = (s.params ?? []).map((p) => explainParam(p, g));
  if (!r) return { step: s.step, label: same(s.step), value, shown: same(value), rounded: false, params };
  const input = { step: r.key, value, formula: s.formula, params: s.params ?? [] };
  const { shown, rounded } = r.spec.show(input);
  const note = r.spec.note?.(input);
  return { step: s.step, label: r.label, value, shown, rounded, ...(note ? { note } : {}), params };
}

export function explainParam(p: FrozenParam, g: Glossary): ExplainedParamView {
  const def = g.has(p.name) ? g.definition(p.name) : undefined;
  const value = Array.isArray(p.value) ? p.value.map(String) : typeof p.value === 'number' ? p.value : Number(p.value);
  const illustrative = p.illustrative === true;
  return {
    name: p.name,
    label: def ? { ...def.description } : same(p.name),
    value,
    shown: paramShown(value, def?.unit),
    effectiveFrom: String(p.effectiveFrom),
    area: String(p.area),
    areaName: areaName(g, String(p.area)),
    source: p.source === 'override' ? 'override' : 'file',
    illustrative,
    citation: presentCitation(String(p.citation ?? ''), { illustrative }),
  };
}

/** An engine reason: its message as the rules now word it (the stored one when the code is gone), the clause it rests on. */
export function explainReason(r: FrozenReason): ExplainedReasonView {
  const known = (REASONS as Record<string, { message: B; citation: string } | undefined>)[r.code];
  const message = known?.message ?? (isObject(r.message) && isString(r.message.zh) && isString(r.message.en) ? r.message : same(r.code));
  const citation = isString(r.citation) && r.citation ? r.citation : known?.citation;
  return { code: r.code, message: { ...message }, citation: citation ? presentCitation(citation) : null };
}

const CODE_LINE = /^([A-Z][A-Z0-9_]+)[:：]\s*([\s\S]*)$/;
const RECALCULATED = /^重算 recalculated (\d{4}-\d{2}): (\S+) → (\S+) 元\/月$/;
const PARAMETER_CHANGED = /^([a-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)+): (.+?) → (.+?)（(\d{4}-\d{2}-\d{2}) 起 from; ([\s\S]*)）$/;

/**
 * One reason line as a term or a decision stores it — `CODE: 中文（citation）` from the engine, a recalculation's
 * note, a parameter that changed, or a person's written reason — as people read it. Written reasons are shown as
 * written (code null, no citation).
 */
export function explainReasonLine(line: string, g: Glossary): ExplainedReasonView {
  const text = line.trim();
  const code = CODE_LINE.exec(text);
  const known = code ? (REASONS as Record<string, { message: B; citation: string } | undefined>)[code[1]] : undefined;
  if (code && known) {
    const rest = code[2].trim();
    // What follows the message in （…） is the clause it was cited with then.
    const after = rest.startsWith(known.message.zh) ? rest.slice(known.message.zh.length).trim() : '';
    const cited = /^（([\s\S]+)）$/.exec(after)?.[1];
    return { code: code[1], message: { ...known.message }, citation: presentCitation(cited ?? known.citation) };
  }
  const recalculated = RECALCULATED.exec(text);
  if (recalculated) {
    const [, month, before, after] = recalculated;
    return {
      code: null,
      message: { zh: `${month} 起按新参数重算：${before} → ${after} 元/月`, en: `recalculated from ${month} on the new parameters: ${before} → ${after} yuan a month` },
      citation: null,
    };
  }
  const changed = PARAMETER_CHANGED.exec(text);
  if (changed) {
    const [, name, before, after, from, cite] = changed;
    const def = g.has(name) ? g.definition(name) : undefined;
    const label = def ? def.description : same(name);
    const shown = (json: string): B => {
      if (json === '—') return same('—');
      try {
        const v = JSON.parse(json) as unknown;
        if (typeof v === 'number' || (Array.isArray(v) && v.every(isString))) return paramShown(v, def?.unit);
      } catch {
        // not JSON: shown as stored
      }
      return same(json);
    };
    const b = shown(before);
    const a = shown(after);
    return {
      code: null,
      message: { zh: `${label.zh}：${b.zh} → ${a.zh}（${from} 起）`, en: `${label.en}: ${b.en} → ${a.en} (from ${from})` },
      citation: presentCitation(cite),
    };
  }
  return { code: null, message: same(text), citation: null };
}

const DETAILS: Record<string, { label: B; shown: (v: unknown) => B }> = {
  careTier: { label: { zh: '生活自理能力', en: 'self-care ability' }, shown: (v) => word(CARE_TIERS, String(v)) },
  careAssessed: { label: { zh: '六项指标评估等级（已人工调整）', en: 'level the six items give (set by hand)' }, shown: (v) => word(CARE_TIERS, String(v)) },
  applicant: {
    label: { zh: '评估对象', en: 'person assessed' },
    shown: (v) => (typeof v === 'number' ? { zh: `成员 ${v + 1}`, en: `member ${v + 1}` } : same(String(v))),
  },
  mode: { label: { zh: '取暖方式', en: 'heating' }, shown: (v) => word(HEATING_MODES, String(v)) },
  type: { label: { zh: '临时救助类型', en: 'kind of temporary aid' }, shown: (v) => word(TEMPORARY_TYPES, String(v)) },
  paperworkWorkingDays: { label: { zh: '补办手续期限', en: 'paperwork deadline' }, shown: (v) => counted(String(v), '个工作日', 'working day').shown },
  category: { label: { zh: '临时救助类别', en: 'category' }, shown: (v) => word(TEMPORARY_CATEGORY_WORDS, String(v)) },
  needFen: { label: { zh: '救助需求', en: 'need' }, shown: (v) => fenAsYuan(String(v)).shown },
  basis: { label: { zh: '救助标准方式', en: 'how the standard is set' }, shown: (v) => word(TEMPORARY_BASES, String(v)) },
  tier: { label: { zh: '需求档次', en: 'need band' }, shown: (v) => word(TEMPORARY_TIERS, String(v)) },
  standardFen: { label: { zh: '该类别救助标准', en: 'standard of the category' }, shown: (v) => fenAsYuan(String(v)).shown },
  maximumFen: { label: { zh: '一般最高救助额', en: 'normal maximum' }, shown: (v) => fenAsYuan(String(v)).shown },
  townshipCeilingFen: { label: { zh: '乡镇（街道）审批额度', en: 'township approval ceiling' }, shown: (v) => fenAsYuan(String(v)).shown },
  exceedsMaximum: { label: { zh: '需求超过一般最高救助额', en: 'need above the normal maximum' }, shown: (v) => yesNo(String(v)).shown },
};

/** The keys of `Determination.details` the presenter names (tests hold the engine to them). */
export const DETAIL_KEYS = Object.keys(DETAILS);

function explainDetail(key: string, v: unknown): ExplainedDetailView {
  const d = DETAILS[key];
  return d ? { key, label: d.label, shown: d.shown(v) } : { key, label: same(key), shown: same(String(v)) };
}

function areaName(g: Glossary, code: string): B {
  if (code === g.jurisdiction.city) return { ...g.jurisdiction.name };
  const c = g.jurisdiction.counties.find((x) => x.code === code);
  return c ? { ...c.name } : same(code);
}
