import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { DeterminationView } from '../../contracts/policy.ts';
import { loadDefaultPolicy } from '../../policy/loader.ts';
import { CITE, DEMO_NOTICE, presentCitation } from '../common/citations.ts';
import { REASONS } from '../common/reasons.ts';
import type { Determination } from '../common/result.ts';
import { determine } from '../engine.ts';
import { gradualExit } from '../exit/gradual-exit.ts';
import { reviewFrequency } from '../review/review-frequency.ts';
import { parseSituation, type Situation } from '../situation.ts';
import { DETAIL_KEYS, explainDetermination, explainReason, explainReasonLine, explainStep } from './explain.ts';
import { resolveStep, STEPS } from './steps.ts';

const ps = loadDefaultPolicy();
const RULES = fileURLToPath(new URL('../', import.meta.url));
const SCENARIOS = fileURLToPath(new URL('../../../tests/scenarios/', import.meta.url));
const CJK = /[\u4e00-\u9fff]/;

function files(dir: string, ext: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name), ext) : e.name.endsWith(ext) ? [join(dir, e.name)] : []));
}

/** The rules' own source (not tests, not this presenter): where every step key is written. */
const sources = files(RULES, '.ts')
  .filter((f) => !f.endsWith('.test.ts') && !relative(RULES, f).startsWith('explain/'))
  .map((f) => ({ file: relative(RULES, f), text: readFileSync(f, 'utf8') }));

/** A literal or template key with `${…}` read as a member number 0 (`uplift.member.${i}` → uplift.member.0). */
const literal = (q: string, body: string) => (q === '`' ? body.replace(/\$\{[^}]*\}/g, '0') : body);
/** A key that is all substitution (`${prefix}${s.step}`, the tracer renaming included steps) names no step of its own. */
const named = (q: string, body: string) => !(q === '`' && body.startsWith('${'));

/** Every step key the engine can record, read out of the rules: `t.step('key', …)` and precomputed `{ step: 'key' }`. */
const stepKeys = new Set<string>();
/** Prefixes under which one determination includes another's steps (`t.include('dibao.', …)`). */
const prefixes = new Set<string>(['']);
for (const { text } of sources) {
  for (const m of text.matchAll(/\.step\(\s*(['"`])(.*?)\1/g)) if (named(m[1], m[2])) stepKeys.add(literal(m[1], m[2]));
  for (const m of text.matchAll(/\bstep:\s*(['"`])(.*?)\1/g)) if (named(m[1], m[2])) stepKeys.add(literal(m[1], m[2]));
  for (const m of text.matchAll(/\.include\(\s*(['"`])(.*?)\1/g)) prefixes.add(literal(m[1], m[2]));
}

/** A label in both languages: Chinese words (not the key), and English words (not the Chinese again). */
const isLabel = (b: { zh: string; en: string }, key: string) => CJK.test(b.zh) && b.zh !== key && /[a-z]{2}/i.test(b.en) && b.en !== b.zh;

describe('every step the rules can record has a label in Chinese and English', () => {
  it('reads the step keys out of the rules (every `.step(` call names its key literally)', () => {
    const calls = sources.reduce((n, s) => n + [...s.text.matchAll(/\.step\(/g)].length, 0);
    const literalCalls = sources.reduce((n, s) => n + [...s.text.matchAll(/\.step\(\s*['"`]/g)].length, 0);
    // tracer.ts declares `step(step: string…)`, which the first pattern does not see (no dot before it).
    expect(literalCalls).toBe(calls);
    expect(stepKeys.size).toBeGreaterThan(45);
    for (const k of ['standard.annual', 'income.perCapitaMonthly', 'test.income', 'amount.fen', 'uplift.member.0', 'enrolment.tekun.0', 'review.months']) expect(stepKeys).toContain(k);
    expect(prefixes).toEqual(new Set(['', 'dibao.', 'tekun.0.']));
  });

  it.each([...stepKeys].sort())('%s', (key) => {
    for (const prefix of prefixes) {
      const r = resolveStep(`${prefix}${key}`);
      expect(r, `${prefix}${key} has no label in src/rules/explain/steps.ts`).toBeDefined();
      expect(isLabel(r?.label ?? { zh: '', en: '' }, key)).toBe(true);
    }
  });

  it('labels no step the rules no longer record', () => {
    const recorded = new Set([...stepKeys].map((k) => resolveStep(k)?.key));
    expect(Object.keys(STEPS).filter((k) => !recorded.has(k))).toEqual([]);
  });
});

describe('every reason code has a message in Chinese and English and a citation of a real document', () => {
  it.each(Object.keys(REASONS))('%s', (code) => {
    const r = explainReason({ code });
    expect(isLabel(r.message, code)).toBe(true);
    expect(r.citation?.zh).toMatch(/〔\d{4}〕\d+号|令第\d+号|本系统计算规则/);
    expect(JSON.stringify(r)).not.toMatch(/POLICY\.md/);
    // As a term stores it: "CODE: 中文", with or without the clause.
    const line = explainReasonLine(`${code}: ${r.message.zh}`, ps);
    expect(line).toEqual(r);
    expect(explainReasonLine(`${code}: ${r.message.zh}（${(REASONS as Record<string, { citation: string }>)[code].citation}）`, ps)).toEqual(r);
  });
});

interface Scenario {
  base?: Record<string, unknown>;
  cases: { name: string; rule?: string; situation?: Record<string, unknown>; input?: { county: string; month: string; registeredPoor: boolean; requestedMonths?: number } }[];
}
const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
function merge(base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (isObject(base) && isObject(over)) {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(over)) out[k] = merge(base[k], v);
    return out;
  }
  return over;
}

/** Every policy scenario (tests/scenarios) determined with its trace: the engine's outputs, as many as the scenarios reach. */
const runs: { name: string; d: Determination }[] = [];
const sideTraces: { name: string; trace: Determination['trace']; reasons: Determination['reasons'] }[] = [];
for (const f of files(SCENARIOS, '.yaml')) {
  const data = parse(readFileSync(f, 'utf8')) as Scenario;
  for (const c of data.cases) {
    const name = `${relative(SCENARIOS, f)}: ${c.name}`;
    if (c.rule === 'gradualExit' && c.input) {
      const g = gradualExit({ ...c.input, month: c.input.month as Situation['month'] }, ps, true);
      sideTraces.push({ name, trace: g.trace, reasons: g.reasons });
      continue;
    }
    if (c.rule && c.rule !== 'determine' && c.rule !== 'reviewFrequency') continue;
    const parsed = parseSituation(merge(data.base, c.situation));
    if (!parsed.ok) continue;
    if (c.rule === 'reviewFrequency') {
      const s = parsed.situation;
      const r = reviewFrequency({ county: s.county, month: s.month, household: s.household }, ps, true);
      sideTraces.push({ name, trace: r.trace, reasons: r.reasons });
      continue;
    }
    try {
      runs.push({ name, d: determine(parsed.situation, ps, { trace: true }) });
    } catch {
      // a scenario that expects a refusal (a month without parameters…)
    }
  }
}

describe('what the engine emits in the policy scenarios, explained', () => {
  it('covers every program and most steps', () => {
    expect(new Set(runs.map((r) => r.d.program))).toEqual(new Set(['dibao', 'tekun', 'heating', 'temporary']));
    const seen = new Set([...runs.flatMap((r) => r.d.trace), ...sideTraces.flatMap((r) => r.trace)].map((s) => resolveStep(s.step)?.key));
    expect(seen.size).toBeGreaterThan(Object.keys(STEPS).length - 5);
  });

  it('every step, reason and detail is named; no raw key, no English note, no long decimal, no POLICY.md is shown', () => {
    const problems: string[] = [];
    for (const { name, d } of runs) {
      const e = explainDetermination(d, ps) as DeterminationView;
      for (const s of e.trace) {
        if (!resolveStep(s.step)) problems.push(`${name}: step ${s.step} has no label`);
        for (const text of [s.shown.zh, s.shown.en]) if (/\d\.\d{3,}/.test(text) && !s.step.endsWith('rule')) problems.push(`${name}: ${s.step} shows ${text}`);
        if (s.note && !CJK.test(s.note.zh)) problems.push(`${name}: ${s.step} note ${s.note.zh}`);
        if (/^(true|false)$/.test(s.shown.zh)) problems.push(`${name}: ${s.step} shows ${s.shown.zh}`);
      }
      for (const r of e.reasons) if (!(r.code && r.code in REASONS)) problems.push(`${name}: reason ${r.code}`);
      for (const k of Object.keys(d.details ?? {})) if (!DETAIL_KEYS.includes(k)) problems.push(`${name}: detail ${k} has no label`);
      const all = JSON.stringify({ ...e, trace: e.trace.map(({ value: _, params, ...s }) => ({ ...s, params: params.map(({ value: __, name: ___, ...p }) => p) })) });
      if (/POLICY\.md|illustrative demo default/.test(all)) problems.push(`${name}: ${all.match(/.{40}(POLICY\.md|illustrative demo default).{20}/)?.[0]}`);
    }
    for (const { name, trace, reasons } of sideTraces) {
      for (const s of trace) if (!resolveStep(s.step)) problems.push(`${name}: step ${s.step} has no label`);
      for (const r of reasons) if (!(r.code in REASONS)) problems.push(`${name}: reason ${r.code}`);
    }
    expect(problems).toEqual([]);
  });

  it('a determination reads the same fresh from the engine and frozen as JSON', () => {
    for (const { d } of runs.slice(0, 40)) expect(explainDetermination(JSON.parse(JSON.stringify(d)), ps)).toEqual(explainDetermination(d, ps));
  });
});

const workedExample = (month: string): Situation => {
  const parsed = parseSituation({
    program: 'dibao',
    month,
    county: '211221',
    household: {
      hukou: 'rural',
      members: [
        { birthDate: '1970-03-01', relation: 'head', laborCapacity: 'full' },
        { birthDate: '1972-05-01', relation: 'spouse', laborCapacity: 'full' },
        { birthDate: '2008-09-01', relation: 'child', laborCapacity: 'none' },
      ],
      incomes: [{ kind: 'wage', annual: 6000 }],
    },
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.situation;
};

describe('the worked example explained (POLICY.md §3: 692.50 yuan a month)', () => {
  const d = determine(workedExample('2019-08'), ps, { trace: true });
  const e = explainDetermination(d, ps) as DeterminationView;
  const step = (k: string) => e.trace.find((s) => s.step === k);

  it('shows values to the fen and keeps the exact value beside', () => {
    expect(step('income.perCapitaMonthly')).toMatchObject({ shown: { zh: '166.67 元', en: '166.67 yuan' }, rounded: true, label: { zh: '家庭人均月收入' } });
    expect(step('income.perCapitaMonthly')?.value).toMatch(/^166\.6666666/);
    expect(step('standard.annual')?.shown.zh).toBe('4,770.00 元/人');
    expect(step('standard.monthly')).toMatchObject({ shown: { zh: '397.50 元/人' }, rounded: false, note: { zh: '年低保标准 ÷ 12' } });
    expect(step('gap.perPerson')?.shown.zh).toBe('230.83 元');
    expect(step('amount.exact')?.shown.zh).toBe('692.50 元');
    expect(step('amount.fen')).toMatchObject({ value: '69250', shown: { zh: '692.50 元', en: '692.50 yuan' } });
    expect(step('unit.members')?.shown).toEqual({ zh: '3 人', en: '3 persons' });
  });

  it('shows tests as 符合/不符合 and statements as 是/否, rule versions as documents', () => {
    expect(step('test.income')?.shown).toEqual({ zh: '符合', en: 'met' });
    expect(step('test.assets')?.shown).toEqual({ zh: '符合', en: 'met' });
    expect(step('income.rule')?.shown.zh).toBe(CITE.nat2012);
    expect(step('uplift.fractions')?.shown.zh).toBe('老年人 0%，未成年人 0%，重度残疾人 0%，重病患者 0%');
    const tekun = explainDetermination(
      determine({ ...workedExample('2019-08'), program: 'tekun', applicant: 2, household: { ...workedExample('2019-08').household, members: workedExample('2019-08').household.members.map((m) => ({ ...m, supporter: 'none', selfCareFailed: 0 })) } }, ps, { trace: true }),
      ps,
    ) as DeterminationView;
    expect(tekun.trace.find((s) => s.step === 'category.minor')?.shown).toEqual({ zh: '是', en: 'yes' });
    expect(tekun.trace.find((s) => s.step === 'rule')?.shown.zh).toBe(CITE.nat2016);
  });

  it('names parameters by their description, with units, and cites the plan, not the specification', () => {
    const rural = e.trace.flatMap((s) => s.params).find((p) => p.name === 'dibao.standard.rural');
    expect(rural).toMatchObject({ label: { zh: '农村最低生活保障标准（年）' }, value: 4770, shown: { zh: '4,770.00 元/人/年' }, areaName: { zh: '铁岭县' }, illustrative: false });
    expect(rural?.citation.zh).toMatch(/^铁市民发〔2019〕45号 二\(一\)：/);
    const multiple = e.trace.flatMap((s) => s.params).find((p) => p.name === 'dibao.assets.financialMultiple');
    expect(multiple).toMatchObject({ shown: { zh: '2 倍年低保标准' }, illustrative: true });
    expect(multiple?.citation.zh.startsWith(DEMO_NOTICE.zh)).toBe(true);
    expect(multiple?.citation.en.startsWith(DEMO_NOTICE.en)).toBe(true);
    expect(JSON.stringify(e)).not.toMatch(/POLICY\.md/);
  });

  it('gives reasons as words with the clause, not codes', () => {
    expect(e.reasons.find((r) => r.code === 'INCOME_BELOW_STANDARD')).toEqual({
      code: 'INCOME_BELOW_STANDARD',
      message: { zh: '家庭人均月收入低于当地低保标准', en: 'household income per person per month is below the local dibao standard' },
      citation: { zh: `${CITE.reg} 第九条；${CITE.plan1}`, en: `${CITE.reg} 第九条；${CITE.plan1}` },
    });
  });
});

describe('rows stored before citations named real documents read right (mapped at presentation, no migration)', () => {
  it('maps the specification’s sections to the documents, drops them beside a real one, and says a demo value is one', () => {
    expect(presentCitation('POLICY.md §8').zh).toBe(CITE.plan4);
    expect(presentCitation('辽宁省采暖期为当年11月至次年3月；POLICY.md §8').zh).toBe(`辽宁省采暖期为当年11月至次年3月；${CITE.plan4}`);
    expect(presentCitation('民发〔2016〕178号《特困人员认定办法》：60周岁以上的老年人；POLICY.md §4').zh).toBe('民发〔2016〕178号《特困人员认定办法》：60周岁以上的老年人');
    expect(presentCitation('《社会救助暂行办法》（国务院令第649号） 第十二条；POLICY.md §2：四舍五入到分，每个报告数字只舍入一次')).toEqual({
      zh: `${CITE.reg} 第十二条；${CITE.rounding}`,
      en: `${CITE.reg} 第十二条; how this system computes: amounts are rounded half-up to the fen, once per figure`,
    });
    expect(presentCitation('示例值 illustrative demo default (POLICY.md §3)：分类施保比例由县区规定，默认 0')).toEqual({
      zh: `${DEMO_NOTICE.zh}；分类施保比例由县区规定，默认 0`,
      en: `${DEMO_NOTICE.en}; 分类施保比例由县区规定，默认 0`,
    });
    expect(presentCitation('示例值 illustrative demo default (POLICY.md §7, §11)：分级审批额度由县区制定（铁市民发〔2019〕45号 二(三)）').zh).toBe(
      `${DEMO_NOTICE.zh}；分级审批额度由县区制定（铁市民发〔2019〕45号 二(三)）`,
    );
    // An administrator's own citation is shown as written.
    expect(presentCitation('铁岭县人民政府常务会议纪要〔2020〕3号')).toEqual({ zh: '铁岭县人民政府常务会议纪要〔2020〕3号', en: '铁岭县人民政府常务会议纪要〔2020〕3号' });
  });

  it('no citation of any shipped parameter value is shown with POLICY.md', () => {
    const shown = ps.definitions().flatMap((def) => ps.history(def.name).map((h) => ({ name: def.name, c: presentCitation(h.citation, { illustrative: h.illustrative }) })));
    expect(shown.length).toBeGreaterThan(60);
    expect(shown.filter((s) => /POLICY\.md|illustrative demo default/.test(s.c.zh + s.c.en)).map((s) => `${s.name}: ${s.c.zh}`)).toEqual([]);
    expect(shown.filter((s) => s.c.zh.startsWith(DEMO_NOTICE.zh)).length).toBeGreaterThan(15);
  });

  it('an old frozen determination (reasons citing POLICY.md, old step wording) reads in words with real documents', () => {
    const old = {
      program: 'heating',
      month: '2019-06',
      county: '211221',
      eligible: false,
      amount: { fen: 0, yuan: '0.00', per: 'season' },
      reasons: [{ code: 'HEATING_OUT_OF_SEASON', message: { zh: '所填月份不在采暖期内', en: 'the month is outside the heating season' }, citation: 'POLICY.md §8' }],
      trace: [
        {
          step: 'season.inSeason',
          value: 'false',
          formula: 'month 06 within 5 months from 11',
          params: [
            { name: 'heating.season.startMonth', value: 11, effectiveFrom: '2019-01-01', citation: '辽宁省采暖期为当年11月至次年3月；POLICY.md §8', area: '211200', source: 'file' },
            { name: 'heating.season.months', value: 5, effectiveFrom: '2019-01-01', citation: '辽宁省采暖期为当年11月至次年3月；POLICY.md §8', area: '211200', source: 'file' },
          ],
        },
      ],
    };
    const e = explainDetermination(old, ps) as DeterminationView;
    expect(e.reasons[0].citation?.zh).toBe(CITE.plan4);
    expect(e.trace[0]).toMatchObject({ label: { zh: '在采暖期内' }, shown: { zh: '否', en: 'no' }, note: { zh: '采暖期自 11 月起共 5 个月' } });
    expect(e.trace[0].params[0]).toMatchObject({ label: { zh: '采暖期起始月份' }, shown: { zh: '11月' }, areaName: { zh: '铁岭市' } });
    expect(e.trace[0].params[0].citation.zh).toBe(`辽宁省采暖期为当年11月至次年3月；${CITE.plan4}`);
    expect(explainDetermination({ month: '2019-06' }, ps)).toBeNull();
    expect(explainDetermination(null, ps)).toBeNull();
  });

  it('a step unknown to this build shows its key rather than failing', () => {
    expect(explainStep({ step: 'some.future.step', value: '1.23456', params: [] }, ps)).toMatchObject({ label: { zh: 'some.future.step' }, shown: { zh: '1.23456' } });
  });
});

describe('reason lines of terms and decisions', () => {
  it('recalculation notes and changed parameters in words, written reasons as written', () => {
    expect(explainReasonLine('重算 recalculated 2019-07: 587.50 → 692.50 元/月', ps)).toEqual({
      code: null,
      message: { zh: '2019-07 起按新参数重算：587.50 → 692.50 元/月', en: 'recalculated from 2019-07 on the new parameters: 587.50 → 692.50 yuan a month' },
      citation: null,
    });
    const changed = explainReasonLine('dibao.standard.rural: 4350 → 4770（2019-07-01 起 from; 铁市民发〔2019〕45号 二(一)：从2019年7月1日起…）', ps);
    expect(changed.message.zh).toBe('农村最低生活保障标准（年）：4,350.00 元/人/年 → 4,770.00 元/人/年（2019-07-01 起）');
    expect(changed.citation?.zh).toBe('铁市民发〔2019〕45号 二(一)：从2019年7月1日起…');
    expect(explainReasonLine('家庭人均收入已超过低保标准', ps)).toEqual({ code: null, message: { zh: '家庭人均收入已超过低保标准', en: '家庭人均收入已超过低保标准' }, citation: null });
    const gradual = explainReasonLine(`GRADUAL_EXIT_REGISTERED_POOR: ${REASONS.GRADUAL_EXIT_REGISTERED_POOR.message.zh}（${CITE.plan2}）`, ps);
    expect(gradual).toMatchObject({ code: 'GRADUAL_EXIT_REGISTERED_POOR', citation: { zh: CITE.plan2 } });
  });
});
