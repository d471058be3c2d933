import type { MessageShape } from '../../../lib/i18n.ts';
import type zhCN from './zh-cn.ts';

/** English messages of the worklist; typed against the Chinese ones so a missing or extra key fails the type check. */
const en: MessageShape<typeof zhCN> = {
  worklist: {
    title: 'Worklist',
    subtitle: 'Cases in your area waiting for your role, soonest due first',
    overdueOnly: 'Overdue only',
    areaPlaceholder: 'All of my area',
    loadMore: 'Load more',
    shown: '{{shown, number}} of {{total, number}} shown',
    shownCapped: '{{shown, number}} of {{total, number}}+ shown',
    today: 'Today: {{date}}',
    empty: 'Nothing waiting for you',
    col: { due: 'Due', applicant: 'Applicant', area: 'Village', kind: 'Program', state: 'State', steps: 'Steps', actions: 'Actions' },
    availableFrom: 'from {{date}}',
    open: 'Open',
  },
};

export default en;
