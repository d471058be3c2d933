import { TEMPORARY_CATEGORY_LABELS, isTemporaryCategory } from '../../kernel/temporary-category.ts';

/**
 * The report's words in Chinese for the server's documents (xlsx, PDF, the CLI): the web app has its own in its
 * locale files (web/src/features/reports/locales). The statistics layout's names (民政统计季报).
 */
export const PROGRAM_WORDS: Record<string, string> = {
  dibao: '农村低保',
  dibaoSingle: '单人保',
  tekunDispersed: '特困分散供养',
  tekunConcentrated: '特困集中供养',
  temporary: '临时救助',
  heating: '取暖救助',
  dualInclusion: '双纳入',
  screening: '集中排查',
  procedure: '办理时限',
};

export const FIGURE_WORDS: Record<string, string> = {
  households: '户数（户）',
  persons: '人数（人）',
  registeredPoorHouseholds: '其中建档立卡户数',
  registeredPoorPersons: '其中建档立卡人数',
  newApprovals: '本季新增',
  exits: '本季退出',
  gradualExits: '其中渐退期满退出',
  paidQuarterFen: '本季支出（元）',
  paidYearFen: '累计支出（元）',
  averageStandardFen: '平均保障标准（元/人·月）',
  averageMonthlyBenefitPerPersonFen: '月人均补助水平（元）',
  cases: '户次',
  personTimes: '人次',
  fen: '支出（元）',
  registeredPoorCases: '其中建档立卡户次',
  assistFirst: '先行救助',
  byCategory: '按类别',
  byApprovalLevel: '按审批层级',
  byMode: '按取暖方式',
  central: '集中供暖',
  dispersed: '分散取暖',
  available: '已有数据',
  covered: '已纳入低保或特困',
  referral: '待转介',
  discrepancies: '比对差异',
  campaigns: '排查次数',
  rows: '台账户数',
  concluded: '已办结',
  byConclusion: '按结论',
  eligible: '符合条件',
  single_person: '单人保',
  not_eligible: '不符合条件',
  referred: '已转介',
  casesDecided: '本季审批办结件数',
  decidedWithinDeadline: '其中在法定时限内办结',
  overdueCases: '逾期未办案件',
  overdueReviews: '逾期未复核',
  spotChecksDone: '抽查入户次数',
  township: '乡镇审批',
  county: '县级审批',
  collective: '一事一议',
  none: '尚未审批',
};

/** A figure's path ('byCategory.medical.fen') in words: 按类别·医疗支出·支出（元）. */
export function figureWords(figure: string): string {
  return figure
    .split('.')
    .map((k) => FIGURE_WORDS[k] ?? (isTemporaryCategory(k) ? TEMPORARY_CATEGORY_LABELS[k].zh : k))
    .join('·');
}

/** Whether a figure is an amount in fen (shown in yuan). */
export const isFenFigure = (figure: string): boolean => /Fen$|(^|\.)fen$/.test(figure);
