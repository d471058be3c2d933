import { z } from 'zod';
import { AuditSearchFilters } from './audit.ts';
import { CaseSearch } from './cases.ts';
import { ListQuery, OverdueQuery } from './enrollments.ts';
import { LineQuery, RollSearch } from './payroll.ts';
import { HeatingMissingQuery, HouseholdSearch } from './registry.ts';

/**
 * 列表导出 The list pages that can be exported to a workbook (issue 11 point 8): the registry's households, cases, the
 * enrollments due for review (逾期/到期复核), open reviews, payment rolls and one roll's lines, and the enrolled households
 * whose heating is missing (取暖信息缺失名单, ADR 0042). Each takes the filters its
 * page sends, without the page's position: the export is every matching row, not the page shown.
 */
export const EXPORT_KINDS = ['households', 'cases', 'enrollments', 'reviews', 'rolls', 'roll-lines', 'heating-missing', 'audit-events'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

const RollId = z.string().min(1).max(64);

export const ExportFilters = {
  households: HouseholdSearch.pick({ q: true, area: true }),
  cases: CaseSearch.pick({ state: true, program: true, area: true, overdue: true }),
  enrollments: OverdueQuery.pick({ area: true, dueWithin: true }),
  reviews: ListQuery.pick({ area: true }),
  rolls: RollSearch.pick({ county: true, program: true }),
  'roll-lines': LineQuery.pick({ kind: true, gradualExit: true, bankStatus: true, held: true }).extend({
    county: z.string().regex(/^\d{6}$/, { message: 'DIVISION_CODE_FORMAT' }),
    roll: RollId,
  }),
  'heating-missing': HeatingMissingQuery.pick({ area: true }),
  // 审计查询 the auditor's selection of the trail (ADR 0047): a person by household only (an ID number never in a URL).
  'audit-events': AuditSearchFilters.refine((q) => q.householdId === undefined || q.county !== undefined, { message: 'FIELD_REQUIRED', path: ['county'] }),
} as const satisfies Record<ExportKind, z.ZodType>;

export type ExportFiltersOf<K extends ExportKind> = z.infer<(typeof ExportFilters)[K]>;
