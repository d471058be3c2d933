import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { CasePage, CaseSearch } from '#contracts/cases.ts';
import { apiRequest } from '../../../lib/api-client.ts';
import { caseKeys } from './query-keys.ts';

export type CaseListParams = Partial<CaseSearch>;

/** `GET /api/cases`: one page of the cases in the user's area, by state and program. */
export function listCases(params: CaseListParams, signal?: AbortSignal): Promise<CasePage> {
  return apiRequest<CasePage>('/api/cases', {
    query: { state: params.state, program: params.program, area: params.area, overdue: params.overdue ? 'true' : undefined, page: params.page, pageSize: params.pageSize },
    signal,
  });
}

export function useCases(params: CaseListParams) {
  return useQuery({ queryKey: caseKeys.list(params), queryFn: ({ signal }) => listCases(params, signal), placeholderData: keepPreviousData });
}
