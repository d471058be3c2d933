import type { MessageShape } from '../../../lib/i18n.ts';
import type zhCN from './zh-cn.ts';

/** English messages of the outreach list (应保尽保); typed against the Chinese ones. */
const en: MessageShape<typeof zhCN> = {
  outreach: {
    nav: 'Outreach list',
    fromList: 'Opened from the outreach list after a visit: found eligible in {{month}}, {{amount}} yuan a month',
    fromListNoAmount: 'Opened from the outreach list after a visit: found eligible in {{month}}',
    fromListLink: 'Open the outreach list',
    title: 'Outreach list (应保尽保)',
    subtitle: 'Registry households the engine finds eligible for dibao, single-person dibao or tekun that are not enrolled and have no open application. Visit them, explain the policy and invite an application.',
    month: 'Month assessed: {{month}}',
    scanned: '{{count, number}} households assessed',
    computedAt: 'computed at {{time}}',
    township: 'Township',
    townshipPlaceholder: 'My whole area',
    empty: 'No eligible household is left out in this area',
    failed: 'The list could not be loaded',
    summary: '{{name}}: {{count, number}} households, {{amount}} yuan a month in total',
    col: { head: 'Head', village: 'Village', members: 'Members', poor: 'Registered poor', findings: 'Engine finds', actions: 'Actions' },
    yes: 'Yes',
    kind: { dibao_household: 'Dibao (household)', dibao_individual: 'Single-person dibao', tekun: 'Tekun' },
    perMonth: '{{amount}} yuan/month',
    explain: 'Explanation',
    hideExplain: 'Hide explanation',
    explainFailed: 'The explanation could not be loaded',
    reasons: 'Reasons',
    trace: 'Calculation',
    openCase: 'Open a case',
    openTitle: 'Open a case from the outreach list: {{head}}',
    openIntro: 'Open the case after the home visit, once the household agrees to apply. It then follows the application procedure, filed on the household’s behalf.',
    openKind: 'Programme',
    openPerson: 'Member',
    declaration: 'Income and asset declaration signed',
    authorisation: 'Data-check authorisation signed',
    staffRelative: 'The applicant is a close relative of staff or village cadres (recorded)',
    submit: 'Open the case',
    cancel: 'Cancel',
    opened: 'Case opened; opening it',
    card: {
      title: 'Outreach (应保尽保)',
      count: '{{count, number}} households in this area are found eligible but not enrolled',
      none: 'No eligible household is left out in this area',
      open: 'See the list',
    },
  },
};

export default en;
