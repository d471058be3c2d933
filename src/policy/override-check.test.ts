import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonths, firstDayOf, plainDate, plainMonth, type PlainDate } from '../kernel/plain-date.ts';
import { checkCompliance } from './compliance.ts';
import { loadDefaultPolicy } from './loader.ts';
import { changeProblem } from './override-check.ts';
import type { ParameterSet } from './parameter-set.ts';
import type { ParamOverride } from './types.ts';

const ps = loadDefaultPolicy();
const o = (name: string, area: string, effectiveFrom: string, value: number | null): ParamOverride => ({ name, area, effectiveFrom, value, citation: 'test', author: 't' });
const set = (x: ParamOverride, kind: 'set' | 'withdraw' = 'set') => ({ kind, name: x.name, area: x.area, from: plainDate(x.effectiveFrom) });
/** The last override proposed over the others in force. */
const problem = (...overrides: ParamOverride[]) => {
  const last = overrides.at(-1)!;
  const before = ps.withOverrides(overrides.slice(0, -1));
  return changeProblem(before, before.withOverrides([last]), set(last));
};

describe('changeProblem (ADR 0017; issue 11 point 3)', () => {
  it('accepts a raise, and a cut the other counties make up for', () => {
    expect(problem(o('dibao.standard.rural', '211221', '2020-01-01', 5000))).toBeNull();
    expect(problem(o('dibao.standard.rural', '211204', '2020-01-01', 4840), o('dibao.standard.rural', '211202', '2020-01-01', 4700))).toBeNull();
  });

  it('refuses ending a county’s own standard where no city value exists, naming county, parameter, month and day', () => {
    const e = problem(o('dibao.standard.rural', '211224', '2020-01-01', null));
    expect(e).toMatchObject({ code: 'PARAM_LEAVES_NO_VALUE', field: 'value', status: 422, details: { county: '211224', name: 'dibao.standard.rural', month: '2020-01', day: '2020-01-01' } });
    expect(e?.messages.zh).toBe(
      '此调整（昌图县“农村最低生活保障标准（年）”，2020-01-01 起）将使昌图县自 2020年1月（2020-01-01）起没有有效的“农村最低生活保障标准（年）”（dibao.standard.rural），该县区的测算、审批和花名册将无法进行',
    );
    expect(e?.messages.en).toMatch(/would leave Changtu County without a value of “Rural dibao standard, per person per year” \(dibao\.standard\.rural\) from 2020-01 \(2020-01-01\)/);
  });

  it('refuses a city value ended under every county, and an end that only starts a gap later (a county value ends before the city’s does)', () => {
    expect(problem(o('heating.season.months', '211200', '2024-03-01', null))).toMatchObject({ code: 'PARAM_LEAVES_NO_VALUE', details: { county: '211202', day: '2024-03-01' } });
    // The county's own value ends in 2026 and falls back to the city's value … which a second change ends in 2027.
    const county = o('heating.dispersed.annual', '211223', '2025-01-01', 260);
    const back = o('heating.dispersed.annual', '211223', '2026-01-01', null);
    expect(problem(county, back)).toBeNull();
    expect(problem(county, back, o('heating.dispersed.annual', '211200', '2027-01-01', null))).toMatchObject({ details: { county: '211202', month: '2027-01' } });
  });

  it('refuses a county standard that pulls the city average below the plan, naming the county changed, the floor and the plan by title, number and clause', () => {
    const e = problem(o('dibao.standard.rural', '211221', '2020-01-01', 4000));
    expect(e).toMatchObject({ code: 'PARAM_BELOW_PLAN_FLOOR', field: 'value', details: { check: 'CITY_AVERAGE_FLOOR', area: '211200', month: '2020-01', day: '2020-01-01' } });
    expect(e?.messages.zh).toMatch(/^此调整（铁岭县“农村最低生活保障标准（年）”，2020-01-01 起）将使铁岭市自 2020年1月（2020-01-01）起低于实施方案的下限/);
    expect(e?.messages.zh).toMatch(/方案规定标准 4770）。依据：《铁岭市民政局关于在脱贫攻坚三年行动中切实做好社会救助兜底保障工作的实施方案》（铁市民发〔2019〕45号）二\(一\)$/);
    expect(e?.messages.en).toMatch(/This change \(“Rural dibao standard, per person per year” in Tieling County from 2020-01-01\) would put Tieling City below a floor of the plan from 2020-01/);
  });

  it('refuses a tekun ratio below 1.3 from the day the floor starts, not before', () => {
    const tekun = problem(o('tekun.basic.ratio', '211224', '2019-01-01', 1.2));
    expect(tekun).toMatchObject({ code: 'PARAM_BELOW_PLAN_FLOOR', details: { check: 'TEKUN_FLOOR', area: '211224', day: '2019-07-01' } });
    expect(tekun?.messages.zh).toMatch(/将使昌图县自 2019年7月（2019-07-01）起低于实施方案的下限：.*倍数 1\.2，规定倍数 1\.3/);
    expect(problem(o('heating.dispersed.annual', '211221', '2020-01-01', 150))?.messages.zh).toMatch(/救助额 150，规定下限 200/);
  });

  it('refuses a temporary-aid band above the normal maximum, as out of line with the plan (ADR 0038)', () => {
    const e = problem(o('temporary.standard.fire.severe.multiple', '211221', '2020-01-01', 7));
    expect(e).toMatchObject({ code: 'PARAM_BELOW_PLAN_FLOOR', details: { check: 'TEMPORARY_STANDARDS', area: '211221', day: '2020-01-01' } });
    expect(e?.messages.zh).toMatch(/将使铁岭县自 2020年1月（2020-01-01）起不符合实施方案的要求：临时救助标准有误：「火灾」重度档倍数 7 超过一般最高救助额的倍数 6（最高额倍数 6，最高档倍数 7，一般最高救助额 2385，最高定额 1000）/);
    expect(problem(o('temporary.standard.fire.severe.multiple', '211221', '2020-01-01', 6))).toBeNull();
  });

  it('does not blame a change for a floor that failed already, unless it pushes it further below', () => {
    const broken = ps.withOverrides([o('heating.dispersed.annual', '211221', '2020-01-01', 150)]);
    const raise = o('dibao.standard.rural', '211221', '2020-01-01', 5000);
    expect(changeProblem(broken, broken.withOverrides([raise]), set(raise))).toBeNull();
    // The city average already below the plan (entered before the check): a further cut is refused, a raise is not.
    const below = ps.withOverrides([o('dibao.standard.rural', '211221', '2030-01-01', 4000)]);
    const cut = o('dibao.standard.rural', '211204', '2030-01-01', 4500);
    expect(changeProblem(below, below.withOverrides([cut]), set(cut))).toMatchObject({ code: 'PARAM_BELOW_PLAN_FLOOR', details: { check: 'CITY_AVERAGE_FLOOR', further: true } });
    expect(changeProblem(below, below.withOverrides([cut]), set(cut))?.messages.zh).toMatch(/起进一步低于实施方案的下限/);
    const up = o('dibao.standard.rural', '211204', '2030-01-01', 5000);
    expect(changeProblem(below, below.withOverrides([up]), set(up))).toBeNull();
  });

  it('does not blame a change for a gap that was there already, and lets the fix in', () => {
    const gap = ps.withOverrides([o('dibao.standard.rural', '211224', '2030-01-01', null)]);
    const other = o('heating.central.rate', '211221', '2031-01-01', 26);
    expect(changeProblem(gap, gap.withOverrides([other]), set(other))).toBeNull();
    const fix = o('dibao.standard.rural', '211224', '2030-01-01', 4800);
    expect(changeProblem(gap, gap.withOverrides([fix]), set(fix))).toBeNull();
    // Moving the gap earlier is a new gap.
    const earlier = o('dibao.standard.rural', '211224', '2029-01-01', null);
    expect(changeProblem(gap, gap.withOverrides([earlier]), set(earlier))).toMatchObject({ details: { county: '211224', day: '2029-01-01' } });
  });

  it('says when withdrawing is what would break it', () => {
    const raise = o('dibao.standard.rural', '211204', '2031-01-01', 4840);
    const before = ps.withOverrides([raise, o('dibao.standard.rural', '211202', '2031-01-01', 4700)]);
    const without = ps.withOverrides([o('dibao.standard.rural', '211202', '2031-01-01', 4700)]);
    expect(changeProblem(before, without, set(raise, 'withdraw'))?.messages.zh).toMatch(/^撤回该调整（清河区“农村最低生活保障标准（年）”，2031-01-01 起）将使铁岭市自 2031年1月/);
  });
});

/** The parameters, areas, dates and values a random administrator picks from (each value inside its range). */
const CITY = ps.jurisdiction.city;
const COUNTIES = ps.counties().map((c) => c.code);
const VALUES: Record<string, readonly (number | null)[]> = {
  'dibao.standard.rural': [null, 4000, 4500, 4770, 4900, 5600],
  'tekun.basic.ratio': [null, 1.2, 1.3, 1.5],
  'heating.dispersed.annual': [null, 150, 200, 260],
  'plan.dibao.cityAverage.rural': [null, 4770, 5000],
};
const DATES = ['2019-01-01', '2019-05-01', '2019-07-01', '2020-01-01', '2020-06-15', '2021-07-01', '2025-01-01'];

type Step = { kind: 'propose'; o: ParamOverride } | { kind: 'withdraw'; pick: number };
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .record({ name: fc.constantFrom(...Object.keys(VALUES)), area: fc.constantFrom(CITY, ...COUNTIES), date: fc.constantFrom(...DATES), pick: fc.nat() })
      .map(({ name, area, date, pick }) => ({ kind: 'propose' as const, o: o(name, area, date, VALUES[name][pick % VALUES[name].length]) })),
  },
  { weight: 1, arbitrary: fc.nat().map((pick) => ({ kind: 'withdraw' as const, pick })) },
);

/**
 * An independent look at a set: on every chosen date (values change only on them and on the files' dates, which are
 * among them) and the first day of every quarter, every county has each parameter, and every floor holds.
 */
const DAYS: PlainDate[] = [...new Set([...Array.from({ length: 4 * 9 }, (_, i) => firstDayOf(addMonths(plainMonth('2019-01'), 3 * i))), ...DATES.map(plainDate)])].sort();
function holes(s: ParameterSet): string[] {
  const out: string[] = [];
  for (const day of DAYS) {
    // Each of these parameters is shipped from 2019-01-01 on, for every county.
    for (const name of Object.keys(VALUES)) for (const c of COUNTIES) if (!s.find(name, c, day)) out.push(`${name} ${c} ${day}`);
    const r = checkCompliance(s, day);
    if (!r.ok) out.push(`floor ${day}`);
  }
  return out;
}

describe('changeProblem: no sequence of accepted changes leaves a gap or breaks a floor (property)', () => {
  it('random proposals and withdrawals, each accepted only when changeProblem finds nothing, keep every county covered and every floor met', () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 8 }), (steps) => {
        let inForce: ParamOverride[] = [];
        for (const s of steps) {
          const before = ps.withOverrides(inForce);
          let next: ParamOverride[];
          let change: Parameters<typeof changeProblem>[2];
          if (s.kind === 'propose') {
            next = [...inForce, s.o];
            change = set(s.o);
          } else {
            if (inForce.length === 0) continue;
            const gone = inForce[s.pick % inForce.length];
            next = inForce.filter((x) => x !== gone);
            change = set(gone, 'withdraw');
          }
          const after = ps.withOverrides(next);
          if (changeProblem(before, after, change) === null) {
            inForce = next;
            accepted++;
            expect(holes(after)).toEqual([]);
          } else refused++;
        }
      }),
      { numRuns: 150 },
    );
    // Not vacuous: both outcomes happen.
    expect(accepted).toBeGreaterThan(50);
    expect(refused).toBeGreaterThan(50);
  });
});
