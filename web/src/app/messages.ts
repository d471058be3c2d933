import accountEn from '../features/account/locales/en.ts';
import auditEn from '../features/audit/locales/en.ts';
import auditZhCN from '../features/audit/locales/zh-cn.ts';
import outreachEn from '../features/outreach/locales/en.ts';
import outreachZhCN from '../features/outreach/locales/zh-cn.ts';
import accountZhCN from '../features/account/locales/zh-cn.ts';
import calendarEn from '../features/calendar/locales/en.ts';
import calendarZhCN from '../features/calendar/locales/zh-cn.ts';
import calculatorEn from '../features/calculator/locales/en.ts';
import calculatorZhCN from '../features/calculator/locales/zh-cn.ts';
import casesEn from '../features/cases/locales/en.ts';
import casesZhCN from '../features/cases/locales/zh-cn.ts';
import divisionsEn from '../features/divisions/locales/en.ts';
import dualInclusionEn from '../features/dual-inclusion/locales/en.ts';
import dualInclusionZhCN from '../features/dual-inclusion/locales/zh-cn.ts';
import divisionsZhCN from '../features/divisions/locales/zh-cn.ts';
import enrollmentsEn from '../features/enrollments/locales/en.ts';
import enrollmentsZhCN from '../features/enrollments/locales/zh-cn.ts';
import dashboardEn from '../features/dashboard/locales/en.ts';
import dashboardZhCN from '../features/dashboard/locales/zh-cn.ts';
import findingsEn from '../features/findings/locales/en.ts';
import findingsZhCN from '../features/findings/locales/zh-cn.ts';
import heatingEn from '../features/heating/locales/en.ts';
import heatingZhCN from '../features/heating/locales/zh-cn.ts';
import reportsEn from '../features/reports/locales/en.ts';
import rectificationEn from '../features/rectification/locales/en.ts';
import rectificationZhCN from '../features/rectification/locales/zh-cn.ts';
import reportsZhCN from '../features/reports/locales/zh-cn.ts';
import fourDeliberationsEn from '../features/four-deliberations/locales/en.ts';
import fourDeliberationsZhCN from '../features/four-deliberations/locales/zh-cn.ts';
import payrollEn from '../features/payroll/locales/en.ts';
import payrollZhCN from '../features/payroll/locales/zh-cn.ts';
import policyEn from '../features/policy/locales/en.ts';
import povertyImportEn from '../features/poverty/locales/import.en.ts';
import povertyImportZhCN from '../features/poverty/locales/import.zh-cn.ts';
import povertyMatchEn from '../features/poverty-match/locales/en.ts';
import povertyMatchZhCN from '../features/poverty-match/locales/zh-cn.ts';
import policyZhCN from '../features/policy/locales/zh-cn.ts';
import registryEn from '../features/registry/locales/en.ts';
import registryZhCN from '../features/registry/locales/zh-cn.ts';
import simulateEn from '../features/simulate/locales/en.ts';
import simulateZhCN from '../features/simulate/locales/zh-cn.ts';
import tekunCareEn from '../features/tekun-care/locales/en.ts';
import tekunCareZhCN from '../features/tekun-care/locales/zh-cn.ts';
import screeningEn from '../features/screening/locales/en.ts';
import screeningZhCN from '../features/screening/locales/zh-cn.ts';
import temporaryEn from '../features/temporary/locales/en.ts';
import temporaryZhCN from '../features/temporary/locales/zh-cn.ts';
import temporaryReserveEn from '../features/temporary-reserve/locales/en.ts';
import temporaryReserveZhCN from '../features/temporary-reserve/locales/zh-cn.ts';
import usersEn from '../features/users/locales/en.ts';
import usersZhCN from '../features/users/locales/zh-cn.ts';
import fieldVisitsEn from '../features/field-visits/locales/en.ts';
import fieldVisitsZhCN from '../features/field-visits/locales/zh-cn.ts';
import worklistEn from '../features/worklist/locales/en.ts';
import worklistZhCN from '../features/worklist/locales/zh-cn.ts';
import type { MessageShape } from '../lib/i18n.ts';
import shellEn from './locales/en.ts';
import shellZhCN from './locales/zh-cn.ts';

/**
 * Every message of the app, one i18next namespace tree per language, composed from the shell's strings
 * (`app/locales`) and each feature's (`features/<feature>/locales`). A feature owns its top-level keys; keys are
 * global, so a screen may show another feature's labels (`t('registry.relation.head')`) without importing it.
 * Chinese is the default language; English must have the same keys (the `Messages` type) and the same
 * placeholders (messages.test.ts, which also checks that no two parts claim a top-level key).
 */
const chinese = {
  ...shellZhCN,
  ...registryZhCN,
  ...policyZhCN,
  ...calculatorZhCN,
  ...casesZhCN,
  ...worklistZhCN,
  ...fieldVisitsZhCN,
  ...enrollmentsZhCN,
  ...payrollZhCN,
  ...simulateZhCN,
  ...accountZhCN,
  ...usersZhCN,
  ...calendarZhCN,
  ...divisionsZhCN,
  ...tekunCareZhCN,
  ...fourDeliberationsZhCN,
  ...screeningZhCN,
  ...dualInclusionZhCN,
  ...povertyImportZhCN,
  ...povertyMatchZhCN,
  ...temporaryReserveZhCN,
  ...temporaryZhCN,
  ...reportsZhCN,
  ...rectificationZhCN,
  ...heatingZhCN,
  ...dashboardZhCN,
  ...auditZhCN,
  ...outreachZhCN,
  ...findingsZhCN,
};

export type Messages = MessageShape<typeof chinese>;
export const zhCN: Messages = chinese;

export const en: Messages = {
  ...shellEn,
  ...registryEn,
  ...policyEn,
  ...calculatorEn,
  ...casesEn,
  ...worklistEn,
  ...fieldVisitsEn,
  ...enrollmentsEn,
  ...payrollEn,
  ...simulateEn,
  ...accountEn,
  ...usersEn,
  ...calendarEn,
  ...divisionsEn,
  ...tekunCareEn,
  ...fourDeliberationsEn,
  ...screeningEn,
  ...dualInclusionEn,
  ...povertyImportEn,
  ...povertyMatchEn,
  ...temporaryReserveEn,
  ...temporaryEn,
  ...reportsEn,
  ...rectificationEn,
  ...heatingEn,
  ...dashboardEn,
  ...auditEn,
  ...outreachEn,
  ...findingsEn,
};
