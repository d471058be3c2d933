import { describe, expect, it } from 'vitest';
import { plainDate } from '../kernel/plain-date.ts';
import { loadDefaultPolicy } from './loader.ts';
import { checkpoints, neededOn, timelinePeriods, timelineProblems } from './timeline.ts';
import type { ParamOverride } from './types.ts';

const ps = loadDefaultPolicy();
const o = (name: string, area: string, effectiveFrom: string, value: number | null): ParamOverride => ({ name, area, effectiveFrom, value, citation: 'test', author: 't' });
const brief = (set = ps) =>
  timelinePeriods(set).map((p) => [p.problem.kind === 'gap' ? `gap ${p.problem.name} ${p.problem.county}` : `floor ${p.problem.finding.check} ${p.problem.finding.area}`, p.from, p.until]);

describe('timelineProblems: coverage and floors over the whole timeline (ADR 0017; issue 11 point 3)', () => {
  it('finds nothing wrong with the shipped files on any day', () => {
    expect(timelineProblems(ps)).toEqual([]);
    // A parameter is needed while its file gives a value: the tekun ages from 2016, the standards from 2019, the 2016
    // minor age until the 2021 rules end it.
    const needed = neededOn(ps.filesOnly());
    expect([needed('tekun.age.elderly', plainDate('2016-10-10')), needed('dibao.standard.rural', plainDate('2018-12-31')), needed('dibao.standard.rural', plainDate('2019-01-01'))]).toEqual([true, false, true]);
    expect([needed('plan.tekun.minRatio', plainDate('2019-06-30')), needed('tekun.age.minor', plainDate('2021-06-30')), needed('tekun.age.minor', plainDate('2021-07-01'))]).toEqual([false, true, false]);
    expect(timelineProblems(ps.withOverrides([o('tekun.age.minor', '211200', '2022-01-01', 16), o('tekun.age.minor', '211200', '2023-01-01', null)]))).toEqual([]);
  });

  it('finds a county whose own rural standard ends where no city value exists, from that day, until a value comes back', () => {
    expect(brief(ps.withOverrides([o('dibao.standard.rural', '211224', '2020-01-01', null)]))).toEqual([
      ['gap dibao.standard.rural 211224', '2020-01-01', null],
      // The city average of the six counties left still meets the plan; the tekun floor has no standard to compare with.
      ['floor TEKUN_FLOOR 211224', '2020-01-01', null],
      ['floor CITY_AVERAGE_FLOOR 211200', '2020-01-01', null],
    ]);
    const back = ps.withOverrides([o('dibao.standard.rural', '211224', '2020-01-01', null), o('dibao.standard.rural', '211224', '2020-03-01', 4800)]);
    expect(brief(back)[0]).toEqual(['gap dibao.standard.rural 211224', '2020-01-01', '2020-03-01']);
  });

  it('finds every county without a city-wide parameter the city ended, and the plan’s own figures too', () => {
    expect(brief(ps.withOverrides([o('heating.season.months', '211200', '2021-01-01', null)]))).toEqual(
      ps.counties().map((c) => [`gap heating.season.months ${c.code}`, '2021-01-01', null]),
    );
    expect(brief(ps.withOverrides([o('plan.dibao.cityAverage.rural', '211200', '2021-01-01', null)]))).toHaveLength(7);
  });

  it('does not count a day before a parameter’s file begins, even when an override for one county is dated earlier', () => {
    expect(timelineProblems(ps.withOverrides([o('dibao.standard.rural', '211221', '2015-01-01', 4000)]))).toEqual([]);
  });

  it('finds a floor from the day the floor takes effect, and a falling city average', () => {
    expect(brief(ps.withOverrides([o('tekun.basic.ratio', '211223', '2019-01-01', 1.2)]))).toEqual([['floor TEKUN_FLOOR 211223', '2019-07-01', null]]);
    expect(brief(ps.withOverrides([o('dibao.standard.rural', '211221', '2030-01-01', 4000)]))).toEqual([['floor CITY_AVERAGE_FLOOR 211200', '2030-01-01', null]]);
  });

  it('looks at every day a value begins or ends, from a day on', () => {
    const set = ps.withOverrides([o('heating.dispersed.annual', '211221', '2031-11-01', 260)]);
    expect(checkpoints([set], plainDate('2021-01-01'))).toEqual(['2021-01-01', '2021-07-01', '2031-11-01']);
    expect(timelineProblems(ps.withOverrides([o('dibao.standard.rural', '211224', '2020-01-01', null)]), { from: plainDate('2025-05-05') })[0]).toMatchObject({ kind: 'gap', day: '2025-05-05' });
  });
});
