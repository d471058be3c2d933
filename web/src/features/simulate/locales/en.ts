import type { MessageShape } from '../../../lib/i18n.ts';
import type zhCN from './zh-cn.ts';

/** English messages of the what-if simulation screen (政策测算); typed against the Chinese ones so a missing or extra key fails the type check. */
const en: MessageShape<typeof zhCN> = {
  simulate: {
    nav: 'What-if simulation',
    title: 'What-if simulation',
    subtitle: 'Change policy parameters and see, from the registered households, how dibao and tekun households, persons and monthly cost change per county (read-only: nothing is changed)',
    from: 'Month',
    fromHint: 'The changes apply from this month; this month is simulated',
    county: 'Scope',
    allCounties: 'Whole city (every county)',
    changes: 'Changes',
    parameter: 'Parameter',
    pickParameter: 'Choose a parameter to change',
    current: 'Current',
    currentVaries: 'Differs by county: {{values}}',
    noCurrent: 'No value in force that month',
    newValue: 'New value',
    newValuePlaceholder: 'Enter the new value',
    listPlaceholder: 'Type a code and press Enter',
    addChange: 'Add a change',
    remove: 'Remove',
    run: 'Run simulation',
    running: 'Simulating; with a large registry this takes from seconds to tens of seconds…',
    elapsed: '{{seconds}} s so far',
    incomplete: 'Choose a parameter and enter a new value for every change',
    busy: 'Another simulation is running',
    failed: 'The simulation failed',
    empty: 'Choose parameters, enter their new values and run the simulation',
    resultTitle: 'Results for {{from}}',
    resultMeta: '{{households}} households, {{persons}} persons assessed in {{seconds}} s',
    warnings: 'Notes',
    col: {
      county: 'County',
      households: 'Dibao households',
      persons: 'Dibao persons',
      monthly: 'Dibao monthly cost (yuan)',
      tekunPersons: 'Tekun persons',
      tekunMonthly: 'Tekun monthly cost (yuan)',
      changed: 'Gained / lost',
      baseline: 'Current',
      scenario: 'Changed',
      delta: 'Change',
      total: 'Total',
    },
    chart: {
      title: 'Change in monthly cost per county (yuan)',
      dibao: 'Dibao',
      tekun: 'Tekun',
    },
  },
};

export default en;
