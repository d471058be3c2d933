/** Chinese messages of the working-day calendar page. Composed with the others in app/messages.ts. */
const zhCN = {
  calendar: {
    nav: '工作日历',
    title: '工作日历',
    subtitle: '办理时限按工作日计算：法定节假日不计，调休上班日计入。点击某一天可修改。',
    year: '{{year}} 年',
    prevYear: '上一年',
    nextYear: '下一年',
    month: '{{month}} 月',
    workingDays: '{{count}} 个工作日',
    weekdays: '一,二,三,四,五,六,日',
    covered: '本年度已录入完整',
    notCovered: '{{year}} 年的节假日安排尚未标记为录入完整：时限计算只按周末推算。',
    mark: '标记本年度完整',
    markAsk: '确认 {{year}} 年的节假日和调休已全部录入？',
    marked: '{{year}} 年已标记为录入完整',
    kind: { workday: '工作日', weekend: '周末', holiday: '节假日', makeup: '调休上班' },
    edit: { holiday: '节假日（休息）', workday: '调休上班日', normal: '恢复常规（工作日或周末）' },
    editTitle: '修改 {{date}}',
    editKind: '设为',
    now: '当前',
    reason: '名称或原因',
    reasonHint: '如“国庆节”“国庆节调休”，最多 30 字；记入审计日志',
    reasonRequired: '请填写名称或原因',
    saved: '已保存',
  },
};

export default zhCN;
