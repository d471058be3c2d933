import { useQuery } from '@tanstack/react-query';
import type { HouseholdPage } from '#contracts/registry.ts';
import { apiRequest } from '../../../lib/api-client.ts';

/** `GET /api/households?q=`: registered households of the user's area, to load one into the calculator. */
export function findHouseholds(q: string, signal?: AbortSignal): Promise<HouseholdPage> {
  return apiRequest<HouseholdPage>('/api/households', { query: { q, pageSize: 10 }, signal });
}

export function useFindHouseholds(q: string, enabled: boolean) {
  return useQuery({
    queryKey: ['calculator', 'households', q],
    queryFn: ({ signal }) => findHouseholds(q, signal),
    enabled,
  });
}
