/** Chinese messages of the worklist. Composed with the others in app/messages.ts. */
const zhCN = {
  worklist: {
    title: '待办事项',
    subtitle: '本辖区内等待您的角色办理的案件，按办理时限先后排列',
    overdueOnly: '只看逾期',
    areaPlaceholder: '本辖区全部',
    loadMore: '加载更多',
    shown: '已显示 {{shown, number}} / {{total, number}} 件',
    shownCapped: '已显示 {{shown, number}} / {{total, number}}+ 件',
    today: '今天：{{date}}',
    empty: '没有待办案件',
    col: { due: '办理时限', applicant: '申请人', area: '村（社区）', kind: '类别', state: '状态', steps: '待办环节', actions: '操作' },
    availableFrom: '{{date}} 后可办理',
    open: '办理',
  },
};

export default zhCN;
