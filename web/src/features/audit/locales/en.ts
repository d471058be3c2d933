import type { MessageShape } from '../../../lib/i18n.ts';
import type zhCN from './zh-cn.ts';

/** English messages of the audit browser; typed against the Chinese ones. */
const en: MessageShape<typeof zhCN> = {
  audit: {
    navGroup: 'Audit',
    nav: 'Audit trail',
    title: 'Audit trail',
    subtitle: 'Search the trail by user, person or household, action and time; follow a case’s chain of responsibility; see who looked at a person',
    tabs: { search: 'Search', responsibility: 'Chain of responsibility', access: 'Who looked at a person' },
    filter: {
      user: 'User login',
      idNumber: 'ID number (person)',
      county: 'County code',
      householdId: 'Household id',
      action: 'Action code (or its beginning, e.g. case.)',
      range: 'Time range',
      search: 'Search',
      reset: 'Clear',
    },
    col: { at: 'Time', user: 'User', role: 'Role', action: 'Action', entity: 'Record', chain: 'Chain/seq' },
    empty: 'No event matches',
    more: 'Load more',
    shown: '{{count, number}} shown',
    household: 'The person’s household: {{county}}/{{id}}',
    verify: {
      title: 'Chain verification',
      never: 'Not verified from this page yet',
      ok: 'Verified',
      broken: 'Problem found',
      last: 'Last verified {{at}} by {{by}}; {{chains, number}} chains, {{events, number}} events',
      problem: 'First problem: chain {{chain}} seq {{seq}} ({{problem}})',
      run: 'Verify now',
    },
    chain: {
      caseRef: 'Case (county/case id)',
      county: 'County code',
      caseId: 'Case id',
      show: 'Show the chain',
      title: 'Chain of responsibility',
      kind: 'Kind',
      state: 'State',
      empty: 'Nothing recorded',
      col: { at: 'Time', stage: 'Stage', step: 'Step', actor: 'By', role: 'Role', detail: 'Detail', event: 'Audit event' },
      stage: {
        applied: 'Applied',
        accepted: 'Accepted',
        investigated: 'Investigated',
        deliberated: 'Deliberated',
        reviewed: 'Township review',
        approved: 'County decision',
        enrolled: 'Enrolled',
        roll_built: 'Roll built',
        roll_approved: 'Roll approved',
        bank_file: 'Bank file',
        paid: 'Bank result',
        other: 'Other',
      },
      bank: { paid: 'Paid', failed: 'Failed' },
      month: '{{month}}',
      amount: '{{amount}} yuan',
    },
    access: {
      idNumber: 'ID number',
      search: 'Search',
      members: 'Members: {{names}}',
      searched: 'Searched for: {{text}}',
      truncated: 'Too many events; the most recent are shown',
    },
  },
};

export default en;
