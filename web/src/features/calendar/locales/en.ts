import type { MessageShape } from '../../../lib/i18n.ts';
import type zhCN from './zh-cn.ts';

/** English messages of the working-day calendar page; typed against the Chinese ones. */
const en: MessageShape<typeof zhCN> = {
  calendar: {
    nav: 'Working days',
    title: 'Working-day calendar',
    subtitle: 'Time limits count working days: public holidays do not count, make-up working days do. Click a day to change it.',
    year: '{{year}}',
    prevYear: 'Previous year',
    nextYear: 'Next year',
    month: 'Month {{month}}',
    workingDays: '{{count}} working days',
    weekdays: 'Mo,Tu,We,Th,Fr,Sa,Su',
    covered: 'Year fully entered',
    notCovered: 'The holidays of {{year}} are not marked as fully entered: time limits count weekends only.',
    mark: 'Mark year complete',
    markAsk: 'Are all holidays and make-up working days of {{year}} entered?',
    marked: '{{year}} marked as fully entered',
    kind: { workday: 'Working day', weekend: 'Weekend', holiday: 'Holiday', makeup: 'Make-up working day' },
    edit: { holiday: 'Holiday (day off)', workday: 'Make-up working day', normal: 'Back to the ordinary rule' },
    editTitle: 'Change {{date}}',
    editKind: 'Set as',
    now: 'Now',
    reason: 'Name or reason',
    reasonHint: 'E.g. “National Day”, “National Day make-up”; at most 30 characters; recorded in the audit trail',
    reasonRequired: 'Enter a name or reason',
    saved: 'Saved',
    training: {
      title: 'Training clock (demo mode only)',
      today: 'System day: {{day}}',
      ahead: '(the real day is {{real}}; {{count}} days ahead)',
      hint: 'For demonstrations and staff training: move the system day forward to walk through notice and review periods in one sitting. A real deployment has no such clock.',
      days: 'days',
      advance: 'Move forward',
      moved: 'The system day is now {{day}}',
      reset: 'Back to the real day',
      resetAsk: 'Back to the real day? What the class recorded keeps the dates it was recorded on.',
    },
  },
};

export default en;
