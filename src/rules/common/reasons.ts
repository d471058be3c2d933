import { CITE } from './citations.ts';
import type { Reason } from './result.ts';

function r(code: string, zh: string, en: string, citation: string): Reason {
  return Object.freeze({ code, message: Object.freeze({ zh, en }), citation });
}

/**
 * Every reason a determination can give. Messages carry no figures (the trace has them), so a reason is
 * one shared object and the untraced path allocates nothing for it.
 */
export const REASONS = {
  // dibao 最低生活保障
  MEMBER_NOT_COUNTED: r('MEMBER_NOT_COUNTED', '服刑人员、长期在宗教场所的教职人员不计入共同生活的家庭成员',
    'prisoners and clergy living away are not counted as household members', `${CITE.nat2012} 第五条`),
  NO_MEMBERS_IN_UNIT: r('NO_MEMBERS_IN_UNIT', '没有可计入保障单位的家庭成员', 'no member can be counted in the unit', `${CITE.nat2012} 第五条`),
  INCOME_BELOW_STANDARD: r('INCOME_BELOW_STANDARD', '家庭人均月收入低于当地低保标准', 'household income per person per month is below the local dibao standard', `${CITE.reg} 第九条；${CITE.plan1}`),
  INCOME_AT_OR_ABOVE_STANDARD: r('INCOME_AT_OR_ABOVE_STANDARD', '家庭人均月收入不低于当地低保标准', 'household income per person per month is not below the local dibao standard', `${CITE.reg} 第九条；${CITE.plan1}`),
  INCOME_KIND_EXCLUDED: r('INCOME_KIND_EXCLUDED', '部分收入种类按规定不计入家庭收入', 'some kinds of income are not counted, as the rules provide', CITE.nat2012),
  ASSISTANCE_INCOME_EXCLUDED: r('ASSISTANCE_INCOME_EXCLUDED', '2021年7月1日起，各类社会救助金不计入家庭收入', 'from 2021-07-01 social assistance payments are not counted as income', CITE.nat2021Dibao),
  DEDUCTIONS_APPLIED: r('DEDUCTIONS_APPLIED', '因残疾、重病产生的刚性支出和必要的就业成本已从收入中扣减', 'rigid expenses of disability or illness and work costs were deducted from income', CITE.nat2021Dibao),
  DEDUCTIONS_NOT_APPLICABLE: r('DEDUCTIONS_NOT_APPLICABLE', '2021年7月1日前，支出不从家庭收入中扣减', 'before 2021-07-01 expenses are not deducted from income', CITE.nat2012),
  ASSETS_WITHIN_LIMIT: r('ASSETS_WITHIN_LIMIT', '家庭财产符合当地规定', 'household assets are within the local rules', `${CITE.reg} 第九条`),
  FINANCIAL_ASSETS_ABOVE_LIMIT: r('FINANCIAL_ASSETS_ABOVE_LIMIT', '家庭人均金融资产超过当地规定', 'financial assets per person exceed the local limit', `${CITE.reg} 第九条`),
  VEHICLE_NOT_ALLOWED: r('VEHICLE_NOT_ALLOWED', '家庭拥有非生活必需的机动车辆', 'the household owns a non-essential motor vehicle', `${CITE.reg} 第九条`),
  BENEFIT_IS_GAP: r('BENEFIT_IS_GAP', '按家庭人均收入低于当地低保标准的差额，按月发给（补差）', 'paid monthly: the gap between the standard and income per person, times the members', `${CITE.reg} 第十二条；${CITE.nat2012}`),
  BENEFIT_ROUNDS_TO_ZERO: r('BENEFIT_ROUNDS_TO_ZERO', '补差金额不足1分，不予纳入', 'the gap is less than one fen, so there is no benefit', `${CITE.reg} 第十二条；${CITE.rounding}`),
  UPLIFT_APPLIED: r('UPLIFT_APPLIED', '对老年人、未成年人、重度残疾人、重病患者分类施保，加发部分低保金', 'classified assistance: an uplift for elderly, minor, severely disabled or seriously ill members', CITE.nat2012),
  GRADUAL_EXIT_MAY_APPLY: r('GRADUAL_EXIT_MAY_APPLY', '建档立卡户收入超过标准退出低保时，可给予不超过2年的渐退期', 'a registered-poor household leaving dibao may keep it for a gradual-exit period (at most 2 years)', CITE.plan2),
  INDIVIDUAL_INCLUSION: r('INDIVIDUAL_INCLUSION', '建档立卡户中丧失劳动能力的重度残疾人、重病患者，单人纳入低保', 'a severely disabled or seriously ill member of a registered-poor household without full labour capacity is included alone', CITE.plan2),
  INDIVIDUAL_NOT_REGISTERED_POOR: r('INDIVIDUAL_NOT_REGISTERED_POOR', '单人保仅适用于建档立卡贫困户成员', 'individual inclusion is for members of registered-poor households', CITE.plan2),
  INDIVIDUAL_NOT_SEVERE: r('INDIVIDUAL_NOT_SEVERE', '单人保仅适用于重度残疾人或重病患者', 'individual inclusion is for severely disabled or seriously ill persons', CITE.plan2),
  INDIVIDUAL_HAS_LABOR_CAPACITY: r('INDIVIDUAL_HAS_LABOR_CAPACITY', '单人保仅适用于完全或部分丧失劳动能力的人员', 'individual inclusion is for persons who have fully or partly lost labour capacity', CITE.plan2),
  INDIVIDUAL_OWN_INCOME_ONLY: r('INDIVIDUAL_OWN_INCOME_ONLY', '单人保只计算本人收入', 'individual inclusion counts the person’s own income only', CITE.plan2),

  // tekun 特困人员救助供养
  TEKUN_ELDERLY: r('TEKUN_ELDERLY', '申请人为60周岁以上老年人', 'the applicant is elderly', `${CITE.reg} 第十四条；${CITE.nat2016}`),
  TEKUN_DISABLED: r('TEKUN_DISABLED', '申请人为符合等级的残疾人', 'the applicant has a qualifying disability', `${CITE.reg} 第十四条；${CITE.nat2016}`),
  TEKUN_MINOR: r('TEKUN_MINOR', '申请人为符合年龄的未成年人', 'the applicant is a minor of qualifying age', `${CITE.reg} 第十四条；${CITE.nat2016}`),
  TEKUN_MINOR_2021: r('TEKUN_MINOR_2021', '2021年7月1日起，未满18周岁的未成年人可认定为特困人员', 'from 2021-07-01 minors under 18 may be supported', CITE.nat2021Tekun),
  TEKUN_NO_CATEGORY: r('TEKUN_NO_CATEGORY', '申请人不是老年人、符合等级的残疾人或符合年龄的未成年人', 'the applicant is not elderly, not disabled at a qualifying grade and not a minor of qualifying age', `${CITE.reg} 第十四条；${CITE.nat2016}`),
  TEKUN_NO_LABOR_CAPACITY: r('TEKUN_NO_LABOR_CAPACITY', '申请人无劳动能力', 'the applicant has no labour capacity', CITE.nat2016),
  TEKUN_HAS_LABOR_CAPACITY: r('TEKUN_HAS_LABOR_CAPACITY', '申请人有劳动能力', 'the applicant has labour capacity', CITE.nat2016),
  TEKUN_NO_LIVELIHOOD: r('TEKUN_NO_LIVELIHOOD', '申请人无生活来源：收入低于低保标准，财产符合规定', 'no source of livelihood: income below the dibao standard, assets within the rules', CITE.nat2016),
  TEKUN_INCOME_AT_OR_ABOVE_STANDARD: r('TEKUN_INCOME_AT_OR_ABOVE_STANDARD', '申请人收入不低于当地低保标准', 'the applicant’s income is not below the local dibao standard', CITE.nat2016),
  TEKUN_ASSETS_ABOVE_LIMIT: r('TEKUN_ASSETS_ABOVE_LIMIT', '申请人财产不符合特困人员财产状况规定', 'the applicant’s assets exceed the tekun asset rules', CITE.nat2016),
  TEKUN_NO_SUPPORTER: r('TEKUN_NO_SUPPORTER', '无法定赡养、抚养、扶养义务人', 'no person has a legal duty to support the applicant', `${CITE.reg} 第十四条`),
  TEKUN_SUPPORTER_UNABLE: r('TEKUN_SUPPORTER_UNABLE', '法定义务人无履行义务能力', 'the legal supporter cannot support the applicant', CITE.nat2016),
  TEKUN_SUPPORTER_ABLE: r('TEKUN_SUPPORTER_ABLE', '有具备履行义务能力的法定赡养、抚养、扶养义务人', 'a legal supporter is able to support the applicant', `${CITE.reg} 第十四条`),
  TEKUN_BASIC_PLUS_CARE: r('TEKUN_BASIC_PLUS_CARE', '供养金额为基本生活标准加照料护理标准', 'support is the basic living amount plus the care amount', `${CITE.plan1}；${CITE.nat2016}`),
  TEKUN_CARE_SELF: r('TEKUN_CARE_SELF', '生活自理能力评估：全自理', 'self-care assessment: fully self-caring', CITE.nat2016),
  TEKUN_CARE_PARTIAL: r('TEKUN_CARE_PARTIAL', '生活自理能力评估：半失能（1至3项不能自理）', 'self-care assessment: partly unable (1–3 items failed)', CITE.nat2016),
  TEKUN_CARE_FULL: r('TEKUN_CARE_FULL', '生活自理能力评估：全失能（4项以上不能自理）', 'self-care assessment: unable (4 or more items failed)', CITE.nat2016),
  TEKUN_CARE_OVERRIDE_SELF: r('TEKUN_CARE_OVERRIDE_SELF', '护理等级经认定调整为全自理（与六项指标评估结果不同，理由见护理等级记录）', 'care level set by hand to fully self-caring (differs from the six-item assessment; the reason is on the care record)', CITE.nat2016),
  TEKUN_CARE_OVERRIDE_PARTIAL: r('TEKUN_CARE_OVERRIDE_PARTIAL', '护理等级经认定调整为半失能（与六项指标评估结果不同，理由见护理等级记录）', 'care level set by hand to partly unable (differs from the six-item assessment; the reason is on the care record)', CITE.nat2016),
  TEKUN_CARE_OVERRIDE_FULL: r('TEKUN_CARE_OVERRIDE_FULL', '护理等级经认定调整为全失能（与六项指标评估结果不同，理由见护理等级记录）', 'care level set by hand to unable (differs from the six-item assessment; the reason is on the care record)', CITE.nat2016),

  // heating 取暖救助
  HEATING_DIBAO_HOUSEHOLD: r('HEATING_DIBAO_HOUSEHOLD', '农村低保家庭享受冬季取暖救助', 'a rural dibao household receives heating aid', CITE.plan4),
  HEATING_TEKUN_PERSON: r('HEATING_TEKUN_PERSON', '农村特困人员享受冬季取暖救助', 'a rural tekun person receives heating aid', CITE.plan4),
  HEATING_NOT_ENROLLED: r('HEATING_NOT_ENROLLED', '既不符合低保条件，也没有成员符合特困条件', 'neither a dibao household nor a tekun person', CITE.plan4),
  HEATING_URBAN_NOT_COVERED: r('HEATING_URBAN_NOT_COVERED', '本系统的取暖救助仅适用于农村低保家庭和农村特困人员', 'heating aid here covers rural dibao households and rural tekun persons only', CITE.plan4),
  HEATING_OUT_OF_SEASON: r('HEATING_OUT_OF_SEASON', '所填月份不在采暖期内', 'the month is outside the heating season', CITE.plan4),
  HEATING_CENTRAL: r('HEATING_CENTRAL', '集中供暖：按面积救助，不低于城市低保家庭集中供暖救助标准', 'central heating: aid by heated area, at least the urban dibao standard', CITE.plan4),
  HEATING_DISPERSED: r('HEATING_DISPERSED', '分散取暖：每户每年定额救助，不低于200元', 'dispersed heating: a flat amount per household and year, at least 200 yuan', CITE.plan4),
  HEATING_AREA_CAPPED: r('HEATING_AREA_CAPPED', '供暖面积超过救助面积上限，按上限计算', 'the heated area exceeds the largest area paid for; the cap applies', CITE.plan4),
  HEATING_PRORATED: r('HEATING_PRORATED', '基准日后新纳入保障，按采暖期剩余月数折算发放', 'enrolled after the reference day: the share of the season’s remaining months', CITE.plan4),

  // temporary 临时救助
  TEMPORARY_EMERGENCY: r('TEMPORARY_EMERGENCY', '急难型临时救助：先行救助，事后补办手续', 'emergency aid: assist first, complete the paperwork afterwards', `${CITE.plan3}；${CITE.nat2018}`),
  TEMPORARY_PAPERWORK_DUE: r('TEMPORARY_PAPERWORK_DUE', '先行救助后须在规定期限内补办审核审批手续', 'the paperwork must be completed within the deadline after assisting first', CITE.nat2018),
  TEMPORARY_EXPENDITURE_INCOME_BELOW_LIMIT: r('TEMPORARY_EXPENDITURE_INCOME_BELOW_LIMIT', '支出型临时救助：家庭人均收入低于上年当地居民人均可支配收入', 'expenditure aid: household income per person is below the local per-capita disposable income', CITE.nat2018),
  TEMPORARY_EXPENDITURE_INCOME_ABOVE_LIMIT: r('TEMPORARY_EXPENDITURE_INCOME_ABOVE_LIMIT', '支出型临时救助：家庭人均收入不低于上年当地居民人均可支配收入', 'expenditure aid: household income per person is not below the local per-capita disposable income', CITE.nat2018),
  TEMPORARY_TOWNSHIP_APPROVES: r('TEMPORARY_TOWNSHIP_APPROVES', '分级审批：金额在乡镇（街道）审批额度内', 'tiered approval: within the township’s approval ceiling', `${CITE.plan3}；${CITE.nat2018}`),
  TEMPORARY_COUNTY_APPROVES: r('TEMPORARY_COUNTY_APPROVES', '分级审批：金额超过乡镇额度，由县（市）区审批', 'tiered approval: above the township ceiling, the county approves', `${CITE.plan3}；${CITE.nat2018}`),
  TEMPORARY_COLLECTIVE_DECISION: r('TEMPORARY_COLLECTIVE_DECISION', '重大生活困难超过一般最高额，采取“一事一议”方式集体研究决定', 'a major difficulty above the normal maximum is decided case by case (一事一议) collectively', CITE.plan3),
  TEMPORARY_CAPPED_AT_MAXIMUM: r('TEMPORARY_CAPPED_AT_MAXIMUM', '按一般规定最多救助至最高额，超出部分须一事一议', 'the normal rules pay at most the maximum; any more needs a case-by-case decision', CITE.plan3),
  TEMPORARY_CATEGORY_OFFERED: r('TEMPORARY_CATEGORY_OFFERED', '属于本县（市）区临时救助的对象类别', 'the category is one the county assists', `${CITE.plan3}；${CITE.nat2018}`),
  TEMPORARY_CATEGORY_NOT_OFFERED: r('TEMPORARY_CATEGORY_NOT_OFFERED', '不属于本县（市）区临时救助的对象类别，不予临时救助，可转介其他救助', 'the county does not assist this category: no temporary aid (refer to other help)', `${CITE.plan3}；${CITE.nat2018}`),
  TEMPORARY_CAPPED_AT_STANDARD: r('TEMPORARY_CAPPED_AT_STANDARD', '按该类别救助标准救助，救助需求超出标准的部分不予救助', 'paid at the category’s standard; the need above it is not paid', `${CITE.plan3}；${CITE.nat2018}`),

  // exit 渐退 and review 动态管理
  GRADUAL_EXIT_REGISTERED_POOR: r('GRADUAL_EXIT_REGISTERED_POOR', '建档立卡户退出低保可给予不超过2年渐退期', 'a registered-poor household may have a gradual exit of at most 2 years', CITE.plan2),
  GRADUAL_EXIT_OTHER: r('GRADUAL_EXIT_OTHER', '其他家庭的渐退期按当地规定', 'other households: gradual exit as the local rules set', CITE.nat2012),
  GRADUAL_EXIT_OTHER_2021: r('GRADUAL_EXIT_OTHER_2021', '2021年7月1日起，收入超标家庭可给予不超过6个月渐退期', 'from 2021-07-01 a household whose income rose may keep dibao for at most 6 months', CITE.nat2021Dibao),
  REVIEW_FIXED: r('REVIEW_FIXED', '收入基本固定的家庭（老年人、无劳动能力的重病重残人员）每年复核', 'fixed-income households (elderly, severely ill or disabled without labour capacity) are reviewed yearly', CITE.nat2012),
  REVIEW_STABLE: r('REVIEW_STABLE', '收入较为稳定的家庭每半年复核', 'households with stable income are reviewed every six months', CITE.nat2012),
  REVIEW_IRREGULAR: r('REVIEW_IRREGULAR', '有劳动能力成员或收入不固定的家庭：农村按季、城市按月复核', 'households with able-bodied members or irregular income: reviewed quarterly (rural) or monthly (urban)', CITE.nat2012),
} as const satisfies Record<string, Reason>;

export type ReasonCode = keyof typeof REASONS;
