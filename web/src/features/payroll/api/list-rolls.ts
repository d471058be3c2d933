import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { RollPage, RollSearch } from '#contracts/payroll.ts';
import { apiRequest } from '../../../lib/api-client.ts';
import { payrollKeys } from './query-keys.ts';

export type RollListParams = Partial<RollSearch>;

/** `GET /api/payroll/rolls`: a page of the rolls of the user's counties, newest month first. */
export function listRolls(params: RollListParams, signal?: AbortSignal): Promise<RollPage> {
  return apiRequest<RollPage>('/api/payroll/rolls', { query: { county: params.county, program: params.program, page: params.page, pageSize: params.pageSize }, signal });
}

export function useRolls(params: RollListParams) {
  return useQuery({ queryKey: payrollKeys.list(params), queryFn: ({ signal }) => listRolls(params, signal), placeholderData: keepPreviousData });
}
