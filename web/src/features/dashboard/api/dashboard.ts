import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { DashboardView } from '#contracts/dashboard.ts';
import { apiRequest } from '../../../lib/api-client.ts';

/** `GET /api/dashboard`: an area's figures for a month (default: the user's area, the business month). */
export function useDashboard(area: string | undefined, month: string | undefined) {
  return useQuery({
    queryKey: ['dashboard', area ?? null, month ?? null] as const,
    queryFn: ({ signal }) => apiRequest<DashboardView>('/api/dashboard', { query: { area, month }, signal }),
    placeholderData: keepPreviousData,
  });
}
