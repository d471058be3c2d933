import { useQuery } from '@tanstack/react-query';
import type { ParameterDetail } from '#contracts/policy.ts';
import { apiRequest } from '../../../lib/api-client.ts';
import { policyKeys } from './query-keys.ts';

/** `GET /api/policy/parameters/:name`: the dated history per area, with citations and sources. */
export function getParameter(name: string, signal?: AbortSignal): Promise<ParameterDetail> {
  return apiRequest<ParameterDetail>(`/api/policy/parameters/${encodeURIComponent(name)}`, { signal });
}

export function useParameter(name: string | null) {
  return useQuery({
    queryKey: policyKeys.parameter(name ?? ''),
    queryFn: ({ signal }) => getParameter(name ?? '', signal),
    enabled: name !== null,
  });
}
