import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ParameterList } from '#contracts/policy.ts';
import { apiRequest } from '../../../lib/api-client.ts';
import { policyKeys } from './query-keys.ts';

/** `GET /api/policy/parameters?at=`: every parameter with its value in force per county on the day. */
export function listParameters(at: string, signal?: AbortSignal): Promise<ParameterList> {
  return apiRequest<ParameterList>('/api/policy/parameters', { query: { at }, signal });
}

export function useParameters(at: string) {
  return useQuery({
    queryKey: policyKeys.list(at),
    queryFn: ({ signal }) => listParameters(at, signal),
    placeholderData: keepPreviousData,
  });
}
