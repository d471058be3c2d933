import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ReissuePage, ReissueQuery } from '#contracts/payroll.ts';
import { apiRequest } from '../../../lib/api-client.ts';
import { payrollKeys } from './query-keys.ts';

export type QueueParams = Partial<ReissueQuery>;

/** `GET /api/payroll/reissue-queue`: payments the bank returned as failed, waiting for the next roll. */
export function reissueQueue(params: QueueParams, signal?: AbortSignal): Promise<ReissuePage> {
  return apiRequest<ReissuePage>('/api/payroll/reissue-queue', { query: { county: params.county, program: params.program, page: params.page, pageSize: params.pageSize }, signal });
}

export function useReissueQueue(params: QueueParams) {
  return useQuery({ queryKey: payrollKeys.queue(params), queryFn: ({ signal }) => reissueQueue(params, signal), placeholderData: keepPreviousData });
}
