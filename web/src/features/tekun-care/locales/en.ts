import type { MessageShape } from '../../../lib/i18n.ts';
import type zhCN from './zh-cn.ts';

/** Placement and care level of tekun support (issue 11 point 7). */
const en: MessageShape<typeof zhCN> = {
  tekunCare: {
    title: 'Placement and care level',
    notRecorded: 'Placement and care level not recorded yet',
    record: 'Record placement and care level',
    change: 'Change placement or care level',
    placement: 'Placement',
    placements: { home: 'At home (dispersed support)', institution: 'In an institution (institutional support)' },
    placementShort: { home: 'At home', institution: 'Institution' },
    institution: 'Institution',
    institutionHint: "One of the county's institutions",
    selfCareFailed: 'Self-care items failed',
    selfCareHint: 'Of eating, dressing, getting in/out of bed, toileting, walking indoors and bathing: those the person cannot do alone',
    noneFailed: 'All six items done alone',
    failedCount: '{{count}} items failed',
    assessedOn: 'Assessed on',
    assessedLevel: 'Level the six items give',
    level: 'Care level',
    levels: { selfCare: 'Fully self-caring', partial: 'Partly unable', full: 'Unable to care for self' },
    overridden: 'Set by hand',
    override: 'Set the care level',
    overrideNone: 'As assessed',
    overrideReason: 'Reason for the level',
    overrideReasonRequired: 'Give the reason for setting the level by hand',
    reasons: 'Written reasons',
    reasonsRequired: 'Give the written reasons',
    fromMonth: 'From month',
    fromMonthHint: 'Next month by default; it may go back to the month after the last decided term, and payroll pays or recovers the difference',
    required: 'Required',
    submit: 'Save',
    history: 'History',
    since: 'from {{month}}',
    by: 'Recorded by',
    allPlacements: 'All placements',
    thisMonth: 'This month',
    chooseCounty: 'Choose a county above first',
    person: 'Person',
    roster: 'Tekun roster',
    withoutRecord: '{{count}} more tekun persons have no placement and care level recorded in {{month}}',
    stale: 'Someone else changed this record: reload and try again',
  },
};

export default en;
