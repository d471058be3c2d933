import type { LineQuery, ReissueQuery, RollSearch } from '#contracts/payroll.ts';

/** Cache keys of payment rolls: one prefix, so a build, an approval or an import can refresh every list at once. */
export const payrollKeys = {
  all: ['payroll'] as const,
  lists: () => ['payroll', 'list'] as const,
  list: (params: Partial<RollSearch>) => ['payroll', 'list', params] as const,
  roll: (county: string, id: string) => ['payroll', 'roll', county, id] as const,
  lines: (county: string, id: string, params: Partial<LineQuery>) => ['payroll', 'roll', county, id, 'lines', params] as const,
  job: (county: string, id: string) => ['payroll', 'job', county, id] as const,
  queue: (params: Partial<ReissueQuery>) => ['payroll', 'queue', params] as const,
};

export function rollPath(county: string, id: string): string {
  return `/api/payroll/rolls/${encodeURIComponent(county)}/${encodeURIComponent(id)}`;
}
