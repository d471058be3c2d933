import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { PlainDate, PlainMonth } from '../src/kernel/plain-date.ts';
import { loadDefaultPolicy } from '../src/policy/loader.ts';
import { REASONS } from '../src/rules/common/reasons.ts';
import type { Determination } from '../src/rules/common/result.ts';
import { determine } from '../src/rules/engine.ts';
import { gradualExit } from '../src/rules/exit/gradual-exit.ts';
import { DELIBERATION_STAGES, meetingOf, meetingRules, RESOLUTION_MEETINGS, tally } from '../src/workflow/four-deliberations.ts';
import { reviewFrequency } from '../src/rules/review/review-frequency.ts';
import { parseSituation, type Situation } from '../src/rules/situation.ts';

/**
 * Policy scenarios as data (STYLE.md, OpenFisca): tests/scenarios/<program>/*.yaml, each a `base` situation
 * and `cases` deep-merged over it (objects merge, lists replace). One vitest test per case.
 */
const dir = fileURLToPath(new URL('./scenarios/', import.meta.url));
const ps = loadDefaultPolicy();
const codes = Object.keys(REASONS);
const Code = z.string().refine((c) => codes.includes(c), { error: (i) => `unknown reason code ${String(i.input)}` });

const Expected = z.strictObject({
  eligible: z.boolean().optional(),
  fen: z.number().int().optional(),
  yuan: z.string().optional(),
  per: z.enum(['month', 'season', 'case']).optional(),
  approvalLevel: z.enum(['township', 'county', 'collective']).nullable().optional(),
  reasons: z.array(Code).optional(),
  notReasons: z.array(Code).optional(),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  /** step → value; a value ending in "…" matches as a prefix. */
  trace: z.record(z.string(), z.string()).optional(),
  maxMonths: z.number().int().optional(),
  months: z.number().int().optional(),
  lastMonth: z.string().nullable().optional(),
  type: z.enum(['fixed', 'stable', 'irregular']).optional(),
  invalid: z.array(z.string()).optional(),
  /** `rule: meeting` (四议两公开): the share rules in force and what the attendance and votes give. */
  quorumRule: z.string().optional(),
  passRule: z.string().nullable().optional(),
  quorumMet: z.boolean().optional(),
  passed: z.boolean().nullable().optional(),
  citation: z.string().optional(),
});
const Meeting = z.strictObject({
  county: z.string(),
  day: z.string(),
  stage: z.enum(DELIBERATION_STAGES),
  meeting: z.enum(RESOLUTION_MEETINGS).nullable().default(null),
  present: z.number().int(),
  entitled: z.number().int(),
  inFavour: z.number().int().nullable().default(null),
});
const Case = z.strictObject({
  name: z.string().min(1),
  source: z.string().optional(),
  rule: z.enum(['determine', 'gradualExit', 'reviewFrequency', 'validate', 'meeting']).default('determine'),
  situation: z.record(z.string(), z.unknown()).optional(),
  input: z.strictObject({ county: z.string(), month: z.string(), registeredPoor: z.boolean(), requestedMonths: z.number().int().optional() }).optional(),
  meeting: Meeting.optional(),
  expected: Expected,
});
const ScenarioFile = z.strictObject({ base: z.record(z.string(), z.unknown()).optional(), cases: z.array(Case).min(1) });
type Case = z.infer<typeof Case>;

function files(d: string): string[] {
  return readdirSync(d, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(join(d, e.name)) : e.name.endsWith('.yaml') ? [join(d, e.name)] : []))
    .sort();
}

function merge(base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (isObject(base) && isObject(over)) {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(over)) out[k] = merge(base[k], v);
    return out;
  }
  return over;
}
const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function situationOf(base: unknown, c: Case): Situation {
  const parsed = parseSituation(merge(base, c.situation));
  if (!parsed.ok) throw new Error(`invalid situation: ${JSON.stringify(parsed.issues)}`);
  return parsed.situation;
}

const seen = new Set<string>();
const loaded = files(dir).map((f) => ({ file: relative(dir, f), data: ScenarioFile.parse(parse(readFileSync(f, 'utf8'))) }));
const total = loaded.reduce((n, f) => n + f.data.cases.length, 0);

for (const { file, data } of loaded) {
  describe(file, () => {
    for (const c of data.cases) {
      it(c.name, () => {
        if (c.rule === 'validate') return checkInvalid(data.base, c);
        if (c.rule === 'gradualExit') return checkExit(c);
        if (c.rule === 'meeting') return checkMeeting(c);
        const s = situationOf(data.base, c);
        if (c.rule === 'reviewFrequency') return checkReview(s, c);
        checkDetermination(s, c);
      });
    }
  });
}

function checkDetermination(s: Situation, c: Case): void {
  const traced = determine(s, ps, { trace: true });
  const quick = determine(s, ps);
  // The untraced path (the dibao integer fast path) must agree with the exact traced one.
  expect(summary(quick)).toEqual(summary(traced));
  expect(quick.trace).toEqual([]);
  expect(traced.trace.length).toBeGreaterThan(0);
  for (const r of traced.reasons) {
    seen.add(r.code);
    expect(r.citation, r.code).not.toBe('');
  }
  for (const step of traced.trace) for (const p of step.params) expect(p.citation, p.name).not.toBe('');
  const e = c.expected;
  if (e.eligible !== undefined) expect(traced.eligible).toBe(e.eligible);
  if (e.fen !== undefined) expect(traced.amount.fen).toBe(e.fen);
  if (e.yuan !== undefined) expect(traced.amount.yuan).toBe(e.yuan);
  if (e.per !== undefined) expect(traced.amount.per).toBe(e.per);
  if (e.approvalLevel !== undefined) expect(traced.approvalLevel ?? null).toBe(e.approvalLevel);
  const got = traced.reasons.map((r) => r.code);
  for (const code of e.reasons ?? []) expect(got, `reason ${code}`).toContain(code);
  for (const code of e.notReasons ?? []) expect(got, `no reason ${code}`).not.toContain(code);
  for (const [k, v] of Object.entries(e.details ?? {})) expect(traced.details?.[k], `details.${k}`).toBe(v);
  for (const [step, value] of Object.entries(e.trace ?? {})) {
    const found = traced.trace.find((t) => t.step === step);
    expect(found, `trace step ${step}`).toBeDefined();
    if (value.endsWith('…')) expect(found?.value.startsWith(value.slice(0, -1)), `${step} = ${found?.value}`).toBe(true);
    else expect(found?.value, `trace step ${step}`).toBe(value);
  }
  if (traced.eligible) expect(traced.amount.fen).toBeGreaterThan(0);
  else expect(traced.amount.fen).toBe(0);
}

function summary(d: Determination) {
  return { eligible: d.eligible, amount: d.amount, approvalLevel: d.approvalLevel, reasons: d.reasons.map((r) => r.code), details: d.details };
}

function checkInvalid(base: unknown, c: Case): void {
  const parsed = parseSituation(merge(base, c.situation));
  expect(parsed.ok).toBe(false);
  const paths = parsed.ok ? [] : parsed.issues.map((i) => i.path);
  for (const p of c.expected.invalid ?? []) expect(paths).toContain(p);
}

function checkExit(c: Case): void {
  if (!c.input) throw new Error('gradualExit needs input');
  const r = gradualExit({ ...c.input, month: c.input.month as PlainMonth }, ps, true);
  for (const x of r.reasons) seen.add(x.code);
  const e = c.expected;
  if (e.maxMonths !== undefined) expect(r.maxMonths).toBe(e.maxMonths);
  if (e.months !== undefined) expect(r.months).toBe(e.months);
  if (e.lastMonth !== undefined) expect(r.lastMonth).toBe(e.lastMonth);
  for (const code of e.reasons ?? []) expect(r.reasons.map((x) => x.code)).toContain(code);
}

function checkMeeting(c: Case): void {
  if (!c.meeting) throw new Error('meeting needs meeting');
  const m = c.meeting;
  const rules = meetingRules(ps, m.county, m.day as PlainDate, meetingOf(m.stage, m.meeting));
  const t = tally(rules, m);
  const e = c.expected;
  if (e.quorumRule !== undefined) expect(rules.quorum.rule).toBe(e.quorumRule);
  if (e.passRule !== undefined) expect(rules.pass ? `${rules.pass.rule}/of_${rules.pass.of}` : null).toBe(e.passRule);
  if (e.quorumMet !== undefined) expect(t.quorumMet).toBe(e.quorumMet);
  if (e.passed !== undefined) expect(t.passed).toBe(e.passed);
  if (e.citation !== undefined) expect(rules.quorum.citation).toContain(e.citation);
}

function checkReview(s: Situation, c: Case): void {
  const r = reviewFrequency(s, ps, true);
  for (const x of r.reasons) seen.add(x.code);
  const e = c.expected;
  if (e.type !== undefined) expect(r.type).toBe(e.type);
  if (e.months !== undefined) expect(r.months).toBe(e.months);
  for (const code of e.reasons ?? []) expect(r.reasons.map((x) => x.code)).toContain(code);
}

describe('the scenario suite', () => {
  it('has at least 60 cases across every program and rule', () => {
    expect(total).toBeGreaterThanOrEqual(60);
    const dirs = new Set(loaded.map((f) => f.file.split('/')[0]));
    for (const d of ['dibao', 'tekun', 'heating', 'temporary', 'exit', 'review']) expect(dirs).toContain(d);
  });
  afterAll(() => {
    // Runs after every case above: each reason the engine can give is produced by some scenario.
    const missing = codes.filter((c) => !seen.has(c));
    expect(missing, `reasons no scenario produces: ${missing.join(', ')}`).toEqual([]);
  });
});
