/** Chinese messages of the grant confirmation page (ADR 0013). Composed with the others in app/messages.ts. */
const zhCN = {
  users: {
    nav: '授权确认',
    navGroup: '系统管理',
    grantsTitle: '待确认的角色授权',
    grantsSubtitle: '审核、审批、管理用户的角色须由另一名管理员确认后才生效；不能确认自己发起的授权或自己所建账号的授权',
    grantsEmpty: '没有待确认的授权',
    col: { user: '用户', role: '角色', area: '区划', kind: '类型', requestedBy: '发起人 · 时间', actions: '操作' },
    kind: { create: '新建账号', change: '变更角色' },
    confirm: '确认授权',
    refuse: '驳回',
    withdraw: '撤回',
    refuseAsk: '驳回此授权？新建的账号将被停用。',
    withdrawAsk: '撤回您发起的此授权？',
    cannotConfirm: '须由另一名管理员确认（不能是发起人、账号创建人或由发起人创建的账号）',
  },
};

export default zhCN;
