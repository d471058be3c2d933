import type { SimulationCounty, SimulationFigures } from '../../contracts/simulate.ts';
import type { BilingualMessage } from '../../kernel/errors.ts';

/** Running sums for one county: what was assessed, and the figures under each parameter set. */
export interface CountyTally {
  households: number;
  persons: number;
  baseline: SimulationFigures;
  scenario: SimulationFigures;
  gained: number;
  lost: number;
}

export const emptyFigures = (): SimulationFigures => ({ households: 0, persons: 0, monthlyFen: 0, tekun: { persons: 0, monthlyFen: 0 } });

export const emptyTally = (): CountyTally => ({ households: 0, persons: 0, baseline: emptyFigures(), scenario: emptyFigures(), gained: 0, lost: 0 });

export function deltaOf(a: SimulationFigures, b: SimulationFigures): SimulationFigures {
  return {
    households: b.households - a.households,
    persons: b.persons - a.persons,
    monthlyFen: b.monthlyFen - a.monthlyFen,
    tekun: { persons: b.tekun.persons - a.tekun.persons, monthlyFen: b.tekun.monthlyFen - a.tekun.monthlyFen },
  };
}

function addInto(to: SimulationFigures, x: SimulationFigures): void {
  to.households += x.households;
  to.persons += x.persons;
  to.monthlyFen += x.monthlyFen;
  to.tekun.persons += x.tekun.persons;
  to.tekun.monthlyFen += x.tekun.monthlyFen;
}

export function countyView(county: string, name: BilingualMessage, t: CountyTally): SimulationCounty {
  return {
    county,
    name: { zh: name.zh, en: name.en },
    assessed: { households: t.households, persons: t.persons },
    baseline: t.baseline,
    scenario: t.scenario,
    delta: deltaOf(t.baseline, t.scenario),
    dibaoChanged: { gained: t.gained, lost: t.lost },
  };
}

/** The city (or scope) total: the sum of the counties. */
export function totalOf(counties: readonly SimulationCounty[]): Omit<SimulationCounty, 'county' | 'name'> {
  const all = emptyTally();
  for (const c of counties) {
    all.households += c.assessed.households;
    all.persons += c.assessed.persons;
    addInto(all.baseline, c.baseline);
    addInto(all.scenario, c.scenario);
    all.gained += c.dibaoChanged.gained;
    all.lost += c.dibaoChanged.lost;
  }
  const { county: _c, name: _n, ...rest } = countyView('', { zh: '', en: '' }, all);
  return rest;
}
