import { AppError, isAppError } from '../../kernel/errors.ts';
import type { PlainDate, PlainMonth } from '../../kernel/plain-date.ts';
import type { ParameterSet } from '../../policy/parameter-set.ts';
import { determine } from '../../rules/engine.ts';
import { INCOME_KINDS, type Member, type Situation } from '../../rules/situation.ts';
import { type ParameterChange, valueError } from './changes.ts';

/**
 * Before reading the registry, each county's parameters are exercised once under both sets on a made-up household
 * that reaches every dibao and tekun parameter (each uplift group, each care tier, each qualifying disability kind,
 * a minor, both hukou kinds, every income kind). This turns a value the engine cannot use (a missing value for the
 * month, an unknown income kind) into a clear input error before any work is done, and tells which changed
 * parameters no determination reads at all. The probe is traced; registry households never are.
 */
export interface ProbeOutcome {
  /** Names of the changed parameters that no dibao or tekun determination of the month reads. */
  unused: string[];
}

function probeMembers(month: PlainMonth): Member[] {
  const year = Number(month.slice(0, 4));
  const born = (age: number) => `${year - age}-01-01` as PlainDate;
  const base = { relation: 'other', seriousIllness: false, laborCapacity: 'none', supporter: 'none', status: 'resident' } as const;
  const elderly = [6, 2, 0].map((failed): Member => ({ ...base, birthDate: born(80), selfCareFailed: failed }));
  const disabled = (['physical', 'visual', 'intellectual', 'mental'] as const).map((kind): Member => ({ ...base, birthDate: born(40), disability: { kind, grade: 1 }, selfCareFailed: 0 }));
  const minor: Member = { ...base, birthDate: born(5), selfCareFailed: 0 };
  const ill: Member = { ...base, birthDate: born(40), seriousIllness: true, selfCareFailed: 0 };
  return [...elderly, ...disabled, minor, ill];
}

function probeSituations(county: string, month: PlainMonth): Situation[] {
  const members = probeMembers(month);
  const incomes = INCOME_KINDS.map((kind) => ({ kind, annual: 1 }));
  const out: Situation[] = [];
  for (const hukou of ['rural', 'urban'] as const) {
    const household = { hukou, registeredPoor: false, members, incomes, deductions: [], assets: { financial: 0, vehicles: 0 } };
    out.push({ program: 'dibao', month, county, unit: 'household', household });
    for (let applicant = 0; applicant < members.length; applicant++) out.push({ program: 'tekun', month, county, unit: 'household', applicant, household });
  }
  return out;
}

export function probeParameters(sets: { baseline: ParameterSet; scenario: ParameterSet }, counties: readonly string[], month: PlainMonth, changes: readonly ParameterChange[]): ProbeOutcome {
  const read = new Set<string>();
  for (const county of counties) {
    for (const s of probeSituations(county, month)) {
      try {
        determine(s, sets.baseline);
      } catch (e) {
        if (!isAppError(e)) throw e;
        throw new AppError(
          'SIMULATE_MONTH_NO_VALUES',
          { zh: `${month} 的现行参数不完整，无法测算：${e.messages.zh}`, en: `The parameters in force in ${month} are incomplete: ${e.messages.en}` },
          { field: 'from', details: { cause: e.code } },
        );
      }
      try {
        for (const step of determine(s, sets.scenario, { trace: true }).trace) for (const p of step.params) read.add(p.name);
      } catch (e) {
        if (!isAppError(e)) throw e;
        const i = changes.findIndex((c) => e.field === c.name || e.field === `parameters.${c.name}`);
        const name = i >= 0 ? changes[i].name : (e.field ?? '?');
        throw valueError(name, `changes.${Math.max(i, 0)}`, e.messages.zh, e.messages.en, sets.scenario.has(name) ? sets.scenario.definition(name).description : undefined);
      }
    }
  }
  return { unused: changes.filter((c) => !read.has(c.name)).map((c) => c.name) };
}
