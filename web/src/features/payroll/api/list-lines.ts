import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { LinePage, LineQuery } from '#contracts/payroll.ts';
import { apiRequest } from '../../../lib/api-client.ts';
import { payrollKeys, rollPath } from './query-keys.ts';

export type LineParams = Partial<LineQuery>;

/** `GET …/lines`: one page of a roll's lines, filtered on the server (a roll may hold a county's hundred thousand). */
export function listLines(county: string, id: string, params: LineParams, signal?: AbortSignal): Promise<LinePage> {
  return apiRequest<LinePage>(`${rollPath(county, id)}/lines`, {
    query: { kind: params.kind, gradualExit: params.gradualExit, bankStatus: params.bankStatus, held: params.held, page: params.page, pageSize: params.pageSize },
    signal,
  });
}

export function useLines(county: string, id: string, params: LineParams) {
  return useQuery({ queryKey: payrollKeys.lines(county, id, params), queryFn: ({ signal }) => listLines(county, id, params, signal), placeholderData: keepPreviousData });
}
