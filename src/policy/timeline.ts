import type { PlainDate } from '../kernel/plain-date.ts';
import { checkCompliance, type ComplianceFinding } from './compliance.ts';
import type { ParameterSet } from './parameter-set.ts';

/**
 * What is wrong with a set of parameters (files + confirmed overrides, or those plus a proposal) over its whole timeline
 * (ADR 0017, issue 11 point 3). Two kinds of problem:
 * - a **gap**: on some day a county has no value in force of a parameter that the shipped files give a value on that day
 *   (`neededOn`): the calculator, the county approval and the roll would fail there with "没有有效值". Every parameter
 *   counts — the engine's, and the plan's own figures the floors read;
 * - a **floor**: a compliance finding of the plan (src/policy/compliance.ts) fails on some day.
 * Values change only on effective dates, so looking at every date on which any value begins or ends (and `from`)
 * looks at every day. Pure: no clock, no database.
 */
export type TimelineProblem =
  | { kind: 'gap'; day: PlainDate; name: string; county: string }
  | { kind: 'floor'; day: PlainDate; finding: ComplianceFinding };

/** The problems on each checkpoint day from `from` (default: the beginning of the timeline), in day order, gaps before floors. */
export function timelineProblems(
  ps: ParameterSet,
  opts: { from?: PlainDate; days?: readonly PlainDate[]; needed?: (name: string, day: PlainDate) => boolean } = {},
): TimelineProblem[] {
  const days = opts.days ?? checkpoints([ps], opts.from);
  const needed = opts.needed ?? neededOn(ps.filesOnly());
  const out: TimelineProblem[] = [];
  for (const day of days) out.push(...problemsOn(ps, day, needed));
  return out;
}

/** Every date from `from` on (and `from` itself) on which a value of any parameter of any of the sets begins or ends. */
export function checkpoints(sets: readonly ParameterSet[], from?: PlainDate): PlainDate[] {
  const days = new Set<PlainDate>(from ? [from] : []);
  for (const ps of sets) {
    for (const d of ps.definitions()) for (const e of ps.history(d.name)) if (!from || e.effectiveFrom > from) days.add(e.effectiveFrom);
  }
  return [...days].sort();
}

/**
 * Is a parameter needed on a day? When the shipped files give some county a value of it then: its timeline runs from
 * its file's first date until the files end it everywhere (tekun.age.minor ends on 2021-07-01 with the 2016 rules).
 * Overrides do not move it: an override dated before the file neither creates a duty for the counties it does not name
 * nor is their gap, and one that ends a value the files still give leaves a gap.
 */
export function neededOn(files: ParameterSet): (name: string, day: PlainDate) => boolean {
  const memo = new Map<string, boolean>();
  return (name, day) => {
    const k = `${name}|${day}`;
    let v = memo.get(k);
    if (v === undefined) memo.set(k, (v = files.counties().some((c) => files.find(name, c.code, day) !== undefined)));
    return v;
  };
}

function problemsOn(ps: ParameterSet, day: PlainDate, needed: (name: string, day: PlainDate) => boolean): TimelineProblem[] {
  const out: TimelineProblem[] = [];
  for (const d of ps.definitions()) {
    if (!needed(d.name, day)) continue;
    for (const c of ps.counties()) if (!ps.find(d.name, c.code, day)) out.push({ kind: 'gap', day, name: d.name, county: c.code });
  }
  const report = checkCompliance(ps, day);
  for (const f of [...report.counties.flatMap((c) => c.findings), ...report.city]) if (!f.ok) out.push({ kind: 'floor', day, finding: f });
  return out;
}

/** A problem's identity, without its day: the same gap or the same floor on another day. */
export function problemKey(p: TimelineProblem): string {
  return p.kind === 'gap' ? `gap|${p.name}|${p.county}` : `floor|${p.finding.check}|${p.finding.area}`;
}

/** A run of checkpoint days with the same problem: from its first day until the first day it no longer holds (null: to the end). */
export interface ProblemPeriod {
  problem: TimelineProblem;
  from: PlainDate;
  until: PlainDate | null;
}

/** The problems of a set over its whole timeline (or from `from`), each as the periods it lasts: what `doudi policy check` reports. */
export function timelinePeriods(ps: ParameterSet, from?: PlainDate): ProblemPeriod[] {
  const days = checkpoints([ps], from);
  return problemPeriods(timelineProblems(ps, { days }), days);
}

/** Joins a problem's consecutive checkpoint days into periods (the problem carried is the one of the period's first day). */
export function problemPeriods(problems: readonly TimelineProblem[], days: readonly PlainDate[]): ProblemPeriod[] {
  const byDay = new Map<PlainDate, Set<string>>();
  for (const p of problems) {
    let s = byDay.get(p.day);
    if (!s) byDay.set(p.day, (s = new Set()));
    s.add(problemKey(p));
  }
  const open = new Map<string, ProblemPeriod>();
  const out: ProblemPeriod[] = [];
  for (const day of days) {
    const here = byDay.get(day) ?? new Set<string>();
    for (const [k, period] of open) {
      if (!here.has(k)) {
        period.until = day;
        open.delete(k);
      }
    }
    for (const p of problems) {
      if (p.day !== day) continue;
      const k = problemKey(p);
      if (open.has(k)) continue;
      const period: ProblemPeriod = { problem: p, from: day, until: null };
      open.set(k, period);
      out.push(period);
    }
  }
  return out;
}
