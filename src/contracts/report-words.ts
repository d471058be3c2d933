/**
 * The quarterly report's words, once, in Chinese and English: the programs, the figures (the statistics layout's names,
 * 民政统计季报), the approval levels and the kinds of rows of the lists behind the figures. Read by the server's
 * documents (xlsx, PDF, the CLI: commands/reports/report-words.ts) and by the web app's locales and pages.
 */
import { TEMPORARY_CATEGORY_LABELS, isTemporaryCategory } from '../kernel/temporary-category.ts';

export interface Words {
  zh: string;
  en: string;
}

export const REPORT_PROGRAM_LABELS = {
  dibao: { zh: '农村低保', en: 'Dibao' },
  dibaoSingle: { zh: '单人保', en: 'Single-person dibao' },
  tekunDispersed: { zh: '特困分散供养', en: 'Tekun dispersed' },
  tekunConcentrated: { zh: '特困集中供养', en: 'Tekun concentrated' },
  temporary: { zh: '临时救助', en: 'Temporary aid' },
  heating: { zh: '取暖救助', en: 'Heating aid' },
  dualInclusion: { zh: '双纳入', en: 'Dual inclusion' },
  screening: { zh: '集中排查', en: 'Screening' },
  procedure: { zh: '办理时限', en: 'Procedure' },
} as const satisfies Record<string, Words>;

/** The rows of a program's figures (contracts/report.ts ProgramFigures), as the report's table names them. */
export const PROGRAM_FIGURE_LABELS = {
  households: { zh: '户数（户）', en: 'Households' },
  persons: { zh: '人数（人）', en: 'Persons' },
  registeredPoorHouseholds: { zh: '其中建档立卡户数', en: 'of which registered poor households' },
  registeredPoorPersons: { zh: '其中建档立卡人数', en: 'of which registered poor persons' },
  newApprovals: { zh: '本季新增', en: 'New approvals' },
  exits: { zh: '本季退出', en: 'Exits' },
  gradualExits: { zh: '其中渐退期满退出', en: 'of which after gradual exit' },
  paidQuarterFen: { zh: '本季支出（元）', en: 'Paid in the quarter (yuan)' },
  paidYearFen: { zh: '累计支出（元）', en: 'Paid in the year (yuan)' },
  averageStandardFen: { zh: '平均保障标准（元/人·月）', en: 'Average standard (yuan/person/month)' },
  averageMonthlyBenefitPerPersonFen: { zh: '月人均补助水平（元）', en: 'Average monthly benefit per person (yuan)' },
} as const satisfies Record<string, Words>;

export const APPROVAL_LEVEL_LABELS = {
  township: { zh: '乡镇审批', en: 'Township' },
  county: { zh: '县级审批', en: 'County' },
  collective: { zh: '一事一议', en: 'Collective decision' },
  none: { zh: '尚未审批', en: 'Not yet decided' },
} as const satisfies Record<string, Words>;

/** The other sections' items (temporary aid, heating, dual inclusion, screening, procedure) and the parts of a path. */
export const SECTION_FIGURE_LABELS = {
  cases: { zh: '户次', en: 'Cases' },
  personTimes: { zh: '人次', en: 'Person-times' },
  fen: { zh: '支出（元）', en: 'Paid (yuan)' },
  registeredPoorCases: { zh: '其中建档立卡户次', en: 'of which registered poor' },
  assistFirst: { zh: '先行救助', en: 'Assisted first' },
  byCategory: { zh: '按类别', en: 'By category' },
  byApprovalLevel: { zh: '按审批层级', en: 'By approval level' },
  byMode: { zh: '按取暖方式', en: 'By heating mode' },
  central: { zh: '集中供暖', en: 'Central heating' },
  dispersed: { zh: '分散取暖', en: 'Dispersed heating' },
  available: { zh: '已有数据', en: 'Available' },
  covered: { zh: '已纳入低保或特困', en: 'On dibao or tekun' },
  referral: { zh: '待转介', en: 'To refer' },
  discrepancies: { zh: '比对差异', en: 'Discrepancies' },
  campaigns: { zh: '排查次数', en: 'Campaigns' },
  rows: { zh: '台账户数', en: 'Ledger households' },
  concluded: { zh: '已办结', en: 'Concluded' },
  byConclusion: { zh: '按结论', en: 'By conclusion' },
  eligible: { zh: '符合条件', en: 'Eligible' },
  single_person: { zh: '单人保', en: 'Single-person dibao' },
  not_eligible: { zh: '不符合条件', en: 'Not eligible' },
  referred: { zh: '已转介', en: 'Referred' },
  casesDecided: { zh: '本季审批办结件数', en: 'Cases decided in the quarter' },
  decidedWithinDeadline: { zh: '其中在法定时限内办结', en: 'of which within the statutory time' },
  overdueCases: { zh: '逾期未办案件', en: 'Overdue cases' },
  overdueReviews: { zh: '逾期未复核', en: 'Overdue reviews' },
  spotChecksDone: { zh: '抽查入户次数', en: 'Spot-check home visits' },
  total: { zh: '合计', en: 'Total' },
} as const satisfies Record<string, Words>;

const PART_LABELS: Record<string, Words> = { ...PROGRAM_FIGURE_LABELS, ...APPROVAL_LEVEL_LABELS, ...SECTION_FIGURE_LABELS };

/** A figure's path ('byCategory.medical.fen') in words, each part named: 按类别·医疗救助·支出（元）. */
export function figurePathWords(figure: string): Words {
  const parts = figure.split('.').map((k) => PART_LABELS[k] ?? (isTemporaryCategory(k) ? TEMPORARY_CATEGORY_LABELS[k] : { zh: k, en: k }));
  return { zh: parts.map((p) => p.zh).join('·'), en: parts.map((p) => p.en).join(' · ') };
}

/** A figure with its group: 农村低保 · 户数（户）; 临时救助 · 按类别·火灾·户次. */
export function figureTitle(program: string, figure: string): Words {
  const g = (REPORT_PROGRAM_LABELS as Record<string, Words>)[program] ?? { zh: program, en: program };
  const f = figurePathWords(figure);
  return { zh: `${g.zh} · ${f.zh}`, en: `${g.en} · ${f.en}` };
}

/** What a row of a list behind a figure is (contracts/report-drill.ts FigureRow.detail), besides programs, categories and case states. */
export const DRILL_DETAIL_LABELS = {
  gradual: { zh: '渐退期满退出', en: 'After gradual exit' },
  paidFirst: { zh: '先行救助（乡镇备用金）', en: 'Paid first (township reserve)' },
  stage: { zh: '分次发放（银行）', en: 'Stage paid by the bank' },
  central: { zh: '集中供暖', en: 'Central heating' },
  dispersed: { zh: '分散取暖', en: 'Dispersed heating' },
  mixed: { zh: '集中与分散', en: 'Both modes' },
  onTime: { zh: '按时办结', en: 'On time' },
  late: { zh: '超过时限', en: 'Late' },
  consistent: { zh: '核实一致', en: 'Consistent' },
  inconsistent: { zh: '核实不一致', en: 'Inconsistent' },
  tekun: { zh: '特困供养', en: 'Tekun' },
  paid: { zh: '银行已发放', en: 'Paid by the bank' },
  failed: { zh: '银行发放失败', en: 'Failed at the bank' },
  held: { zh: '暂缓发放（无账户）', en: 'Held (no account)' },
  sent: { zh: '已报银行、待回盘', en: 'Sent, awaiting the bank' },
} as const satisfies Record<string, Words>;

/** One language of a list of words, as a locale file holds them. */
export function wordsIn<K extends string>(m: Record<K, Words>, lang: 'zh' | 'en'): Record<K, string> {
  return Object.fromEntries(Object.entries<Words>(m).map(([k, v]) => [k, v[lang]])) as Record<K, string>;
}
