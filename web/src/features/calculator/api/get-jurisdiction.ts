import { useQuery } from '@tanstack/react-query';
import type { AreaView, ParameterList } from '#contracts/policy.ts';
import { apiRequest } from '../../../lib/api-client.ts';

/** The city and counties the policy engine knows (from `GET /api/policy/parameters`), for choices and area names. */
export function useJurisdiction() {
  return useQuery({
    queryKey: ['calculator', 'jurisdiction'],
    queryFn: async ({ signal }): Promise<{ city: AreaView; counties: AreaView[] }> => {
      const list = await apiRequest<ParameterList>('/api/policy/parameters', { signal });
      return { city: list.city, counties: list.counties };
    },
    staleTime: Number.POSITIVE_INFINITY,
  });
}
