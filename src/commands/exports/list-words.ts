import type { CaseSummary } from '../../contracts/cases.ts';
import type { OverdueReview, ReviewSummary } from '../../contracts/enrollments.ts';
import type { LineView, RollView } from '../../contracts/payroll.ts';
import type { HouseholdSummary } from '../../contracts/registry.ts';

/**
 * The words an exported workbook shows for codes, as the list pages show them (the web app's zh-CN locales of the
 * registry, cases, review desk and payroll): a workbook is read by people, never a code in it.
 */
export const PROGRAM_WORDS: Record<'dibao' | 'tekun' | 'temporary' | 'heating', string> = { dibao: '低保', tekun: '特困', temporary: '临时救助', heating: '取暖救助' };
export const HUKOU_WORDS: Record<HouseholdSummary['hukouType'], string> = { rural: '农村户籍', urban: '城镇户籍' };
export const CASE_KIND_WORDS: Record<CaseSummary['kind'], string> = {
  dibao_household: '低保（家庭）',
  dibao_individual: '低保（单人保）',
  tekun: '特困供养',
  temporary_emergency: '临时救助（急难型）',
  temporary_expenditure: '临时救助（支出型）',
};
export const TRIGGER_WORDS: Record<ReviewSummary['trigger'], string> = { scheduled: '定期复核', reported_change: '家庭变化申报' };
export const REVIEW_CLASS_WORDS: Record<OverdueReview['reviewClass'], string> = {
  fixed: '收入固定（每年）',
  stable: '收入稳定（每半年）',
  irregular: '收入不固定（每季度）',
};
export const ROLL_STATUS_WORDS: Record<RollView['status'], string> = { building: '生成中', built: '待审批', approved: '已审批', closed: '已关闭' };
export const LINE_KIND_WORDS: Record<LineView['kind'], string> = { regular: '正常发放', backpay: '补发', recovery: '追缴', reissue: '重发', stage: '临时救助分次发放' };
export const BANK_STATUS_WORDS: Record<'paid' | 'failed' | 'none', string> = { paid: '成功', failed: '失败', none: '未回盘' };
export const HOLD_WORDS: Record<NonNullable<LineView['holdReason']>, string> = { no_account: '暂缓发放：缺少银行账号' };

/** 办理时限 as the lists show it: the day, and 已逾期 once past. */
export function dueWords(due: string | null, overdue: boolean): string {
  if (!due) return '';
  return overdue ? `${due}（已逾期）` : due;
}

/** 逾期 of the review desk: days past the due day, due today, or due in some days. */
export function overdueWords(daysOverdue: number): string {
  if (daysOverdue > 0) return `逾期 ${daysOverdue} 天`;
  if (daysOverdue === 0) return '今日到期';
  return `${-daysOverdue} 天后到期`;
}

/** A roll line's 状态: held, or the bank's result (with its reason), or nothing yet. */
export function lineStatusWords(l: LineView): string {
  if (l.holdReason) return HOLD_WORDS[l.holdReason];
  if (!l.bankStatus) return '';
  return `${BANK_STATUS_WORDS[l.bankStatus]}${l.bankReason ? `：${l.bankReason}` : ''}`;
}

export const yesNo = (b: boolean): string => (b ? '是' : '否');

export const HEATING_MODE_WORDS: Record<'central' | 'dispersed' | 'none', string> = { central: '集中供暖', dispersed: '分散取暖', none: '无' };
export const HEATING_MISSING_WORDS: Record<'mode' | 'area', string> = { mode: '未登记取暖方式', area: '集中供暖未填供暖面积' };
