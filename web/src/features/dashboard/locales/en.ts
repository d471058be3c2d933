import type zhCN from './zh-cn.ts';
import type { MessageShape } from '../../../lib/i18n.ts';

/** English messages of the dashboard (same keys as zh-cn.ts). */
const en: MessageShape<typeof zhCN> = {
  dashboard: {
    navGroup: 'Analysis',
    nav: 'Dashboard',
    title: 'Dashboard',
    subtitle: '{{month}}: coverage, spending, overdue work and findings; overdue work as of {{today}}. Click a number for its list, a division to drill down',
    month: 'Month',
    computedAt: 'Counted at {{time}} (every minute)',
    persons: '{{count}} persons',
    yuanSuffix: 'yuan',
    paid: 'paid {{yuan}} yuan',
    notApplicable: '—',
    notApplicableHint: 'Rolls are made per county: not counted below a county',
    share: 'Coverage',
    shareHint: 'Persons on dibao or tekun as a share of the area’s registered persons',
    groups: {
      coverage: 'Coverage',
      spending: 'Spending (this month’s rolls)',
      overdue: 'Overdue work',
      findings: 'Findings',
    },
    figure: {
      dibaoHouseholds: 'Dibao households',
      dibaoPersons: 'Dibao persons',
      tekunPersons: 'Tekun persons',
      registeredPoorPersons: 'of whom registered poor',
      registeredPersons: 'Registered persons',
      spendDibao: 'Dibao',
      spendTekun: 'Tekun',
      spendTemporary: 'Temporary aid',
      spendHeating: 'Heating aid',
      overdueCases: 'Overdue cases',
      overdueReviews: 'Overdue reviews',
      overduePaperwork: 'Overdue paperwork',
      rollsAwaitingApproval: 'Rolls awaiting approval',
      spotCheckProblems: 'Spot-check problems',
      screeningOpen: 'Screening rows open',
      anomalies: 'Anomalies',
    },
    rows: {
      noPermission: 'Your role cannot open the dashboard',
      unknown: 'The dashboard has no such figure',
      subtitle: '{{area}} · {{month}} (overdue work as of {{today}}): the records this figure counts',
      count: '{{rows}} records',
      workList: 'Open the working list',
      personName: 'Name',
      roll: 'Roll',
      date: { rectifyDue: 'Rectification due', paidOn: 'Paid on', paperworkDue: 'Paperwork due', month: 'Month' },
    },
    table: {
      title: 'Child divisions',
      division: 'Division',
      empty: 'No child divisions',
    },
    chart: {
      title: 'Persons covered per child division',
      dibao: 'Dibao',
      tekun: 'Tekun',
      axis: 'persons',
    },
    level: {
      city: 'City',
      county: 'County',
      township: 'Township',
      village: 'Village',
    },
  },
};
export default en;
