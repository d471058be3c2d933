import type zhCN from './zh-cn.ts';
import type { MessageShape } from '../../../lib/i18n.ts';

/** The township reserve (issue 13 point 2, ADR 0039). */
const en: MessageShape<typeof zhCN> = {
  temporaryReserve: {
    navGroup: 'Temporary aid',
    nav: 'Township reserves',
    title: 'Township temporary-aid reserves',
    subtitle: 'Assist-first payments come from the township’s reserve, which the county tops up; it never goes below zero',
    total: 'Total balance',
    empty: 'No township in your area',
    notOpened: 'Not funded yet',
    ledgerLink: 'Ledger',
    back: 'Back to the reserves',
    balance: 'Balance',
    updatedAt: 'Last movement',
    noEntries: 'No movements yet',
    more: 'Load older entries',
    col: {
      township: 'Township',
      balance: 'Balance (yuan)',
      updatedAt: 'Last movement',
      actions: 'Actions',
      seq: 'No.',
      at: 'Time',
      kind: 'Kind',
      amount: 'Amount (yuan)',
      balanceAfter: 'Balance after (yuan)',
      payee: 'Payee',
      note: 'Note',
      actor: 'By',
    },
    kind: { top_up: 'County top-up', payment: 'Assist-first payment', refund: 'Refund (recovery)', adjustment: 'Adjustment' },
    topUp: {
      button: 'Top up',
      title: 'Top up: {{township}}',
      amount: 'Amount (yuan)',
      amountHelp: 'More than zero, at most two decimals; at most 1,000,000 yuan at a time',
      note: 'Note (transfer reference, source of funds)',
      submit: 'Top up',
      done: 'Topped up {{amount}} yuan; the balance is now {{balance}} yuan',
    },
  },
};
export default en;
