import type { MessageShape } from '../../../lib/i18n.ts';
import type zhCN from './zh-cn.ts';

/** English messages of the grant confirmation page (ADR 0013); typed against the Chinese ones so a missing or extra key fails the type check. */
const en: MessageShape<typeof zhCN> = {
  users: {
    nav: 'Role grants',
    navGroup: 'Administration',
    grantsTitle: 'Role grants awaiting confirmation',
    grantsSubtitle: 'Roles that review, approve or manage users take effect once a second administrator confirms them; nobody confirms their own request or an account they created',
    grantsEmpty: 'No grant awaits confirmation',
    col: { user: 'User', role: 'Role', area: 'Area', kind: 'Kind', requestedBy: 'Requested by · at', actions: 'Actions' },
    kind: { create: 'New account', change: 'Role change' },
    confirm: 'Confirm',
    refuse: 'Refuse',
    withdraw: 'Withdraw',
    refuseAsk: 'Refuse this grant? A new account is deactivated.',
    withdrawAsk: 'Withdraw your request?',
    cannotConfirm: 'Another administrator must confirm (not the requester, the account’s creator or an account the requester created)',
  },
};

export default en;
