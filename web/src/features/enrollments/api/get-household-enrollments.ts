import { useQuery } from '@tanstack/react-query';
import type { HouseholdEnrollments } from '#contracts/enrollments.ts';
import { apiRequest } from '../../../lib/api-client.ts';
import { enrollmentKeys } from './query-keys.ts';

/** `GET /api/households/:county/:id/enrollments`: every enrollment of the household with its terms, reviews and notices. */
export function getHouseholdEnrollments(county: string, id: string, signal?: AbortSignal): Promise<HouseholdEnrollments> {
  return apiRequest<HouseholdEnrollments>(`/api/households/${encodeURIComponent(county)}/${encodeURIComponent(id)}/enrollments`, { signal });
}

export function useHouseholdEnrollments(county: string, id: string) {
  return useQuery({ queryKey: enrollmentKeys.household(county, id), queryFn: ({ signal }) => getHouseholdEnrollments(county, id, signal) });
}
