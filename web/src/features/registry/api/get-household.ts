import { useQuery } from '@tanstack/react-query';
import type { HouseholdDetail } from '#contracts/registry.ts';
import { apiRequest } from '../../../lib/api-client.ts';
import { registryKeys } from './query-keys.ts';

export function householdPath(county: string, id: string): string {
  return `/api/households/${encodeURIComponent(county)}/${encodeURIComponent(id)}`;
}

/** `GET /api/households/:county/:id`. */
export function getHousehold(county: string, id: string, signal?: AbortSignal): Promise<HouseholdDetail> {
  return apiRequest<HouseholdDetail>(householdPath(county, id), { signal });
}

export function useHousehold(county: string, id: string) {
  return useQuery({
    queryKey: registryKeys.household(county, id),
    queryFn: ({ signal }) => getHousehold(county, id, signal),
  });
}
