import { useQuery } from '@tanstack/react-query';
import type { ParameterList } from '#contracts/policy.ts';
import { apiRequest } from '../../../lib/api-client.ts';

/**
 * `GET /api/policy/parameters?at=`: what can be changed, with the value in force per county on the first day of the
 * simulated month. Fetched here rather than through the policy feature: features don't import each other.
 */
export function listParameters(at: string, signal?: AbortSignal): Promise<ParameterList> {
  return apiRequest<ParameterList>('/api/policy/parameters', { query: { at }, signal });
}

export function useSimulationParameters(at: string | null) {
  return useQuery({
    queryKey: ['simulate', 'parameters', at ?? ''],
    queryFn: ({ signal }) => listParameters(at ?? '', signal),
    enabled: at !== null,
    // Parameters change rarely; keep the old list while another month loads so the form does not flash.
    placeholderData: (prev) => prev,
  });
}
