import { describe, expect, it } from 'vitest';
import { plainDate } from '../kernel/plain-date.ts';
import { loadDefaultPolicy } from './loader.ts';
import { changeProblem } from './override-check.ts';
import type { ParamOverride } from './types.ts';

const ps = loadDefaultPolicy();
const o = (name: string, area: string, effectiveFrom: string, value: number | null): ParamOverride => ({ name, area, effectiveFrom, value, citation: 'test', author: 't' });
const problem = (...overrides: ParamOverride[]) => {
  const last = overrides.at(-1)!;
  const before = ps.withOverrides(overrides.slice(0, -1));
  return changeProblem(before, before.withOverrides([last]), { name: last.name, from: plainDate(last.effectiveFrom) });
};

describe('changeProblem (ADR 0017; issue 11 point 3)', () => {
  it('accepts a raise, and a cut the other counties make up for', () => {
    expect(problem(o('dibao.standard.rural', '211221', '2020-01-01', 5000))).toBeNull();
    expect(problem(o('dibao.standard.rural', '211204', '2020-01-01', 4840), o('dibao.standard.rural', '211202', '2020-01-01', 4700))).toBeNull();
  });

  it('refuses ending a county’s own standard where no city value exists, naming county and day', () => {
    const e = problem(o('dibao.standard.rural', '211224', '2020-01-01', null));
    expect(e).toMatchObject({ code: 'PARAM_LEAVES_NO_VALUE', details: { county: '211224', day: '2020-01-01' } });
    expect(e?.messages.zh).toMatch(/^此调整将使昌图县自 2020-01-01 起没有有效的/);
  });

  it('refuses a county standard that pulls the city average below the plan, and a tekun ratio below 1.3, from the day they would start', () => {
    expect(problem(o('dibao.standard.rural', '211221', '2020-01-01', 4000))).toMatchObject({ code: 'PARAM_BELOW_PLAN_FLOOR', details: { check: 'CITY_AVERAGE_FLOOR', area: '211200' } });
    const tekun = problem(o('tekun.basic.ratio', '211224', '2019-01-01', 1.2));
    // The floor takes effect on 2019-07-01: the ratio is refused from then, not before.
    expect(tekun).toMatchObject({ code: 'PARAM_BELOW_PLAN_FLOOR', details: { check: 'TEKUN_FLOOR', area: '211224', day: '2019-07-01' } });
    expect(tekun?.messages.zh).toMatch(/倍数 1\.2，规定倍数 1\.3/);
  });

  it('does not blame a change for a floor that failed already', () => {
    const broken = ps.withOverrides([o('heating.dispersed.annual', '211221', '2020-01-01', 150)]);
    const after = broken.withOverrides([o('dibao.standard.rural', '211221', '2020-01-01', 5000)]);
    expect(changeProblem(broken, after, { name: 'dibao.standard.rural', from: plainDate('2020-01-01') })).toBeNull();
  });
});
