import { useQuery } from '@tanstack/react-query';
import type { CaseDetail } from '#contracts/cases.ts';
import { apiRequest } from '../../../lib/api-client.ts';
import { caseKeys, casePath } from './query-keys.ts';

/** `GET /api/cases/:county/:id`: records, timeline, decision and the next steps with whether this user may take them. */
export function getCase(county: string, id: string, signal?: AbortSignal): Promise<CaseDetail> {
  return apiRequest<CaseDetail>(casePath(county, id), { signal });
}

export function useCase(county: string, id: string) {
  return useQuery({ queryKey: caseKeys.detail(county, id), queryFn: ({ signal }) => getCase(county, id, signal) });
}
