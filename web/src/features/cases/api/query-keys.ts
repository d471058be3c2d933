import type { CaseSearch } from '#contracts/cases.ts';

/** Cache keys of cases: lists under one prefix so a step can invalidate them all (worklists use their own feature's keys). */
export const caseKeys = {
  all: ['cases'] as const,
  lists: () => ['cases', 'list'] as const,
  list: (params: Partial<CaseSearch>) => ['cases', 'list', params] as const,
  detail: (county: string, id: string) => ['cases', 'detail', county, id] as const,
  notices: (level: string, area?: string) => ['cases', 'notices', level, area ?? ''] as const,
  formats: ['cases', 'document-formats'] as const,
};

export function casePath(county: string, id: string): string {
  return `/api/cases/${encodeURIComponent(county)}/${encodeURIComponent(id)}`;
}
