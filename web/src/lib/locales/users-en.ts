import type usersZhCN from './users-zh-cn.ts';

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

/** English messages of the grant confirmation page (same keys as users-zh-cn.ts). */
const usersEn: Shape<typeof usersZhCN> = {
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

export default usersEn;
