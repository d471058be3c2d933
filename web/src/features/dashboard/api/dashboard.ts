import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { DashboardRows, DashboardView } from '#contracts/dashboard.ts';
import { apiRequest } from '../../../lib/api-client.ts';

/** `GET /api/dashboard`: an area's figures for a month (default: the user's area, the business month). */
export function useDashboard(area: string | undefined, month: string | undefined) {
  return useQuery({
    queryKey: ['dashboard', area ?? null, month ?? null] as const,
    queryFn: ({ signal }) => apiRequest<DashboardView>('/api/dashboard', { query: { area, month }, signal }),
    placeholderData: keepPreviousData,
  });
}

/** `GET /api/dashboard/rows`: the records behind one figure, pages accumulating as the user asks for more. */
export function useDashboardRows(area: string, month: string, figure: string) {
  return useInfiniteQuery({
    queryKey: ['dashboard', 'rows', area, month, figure] as const,
    queryFn: ({ pageParam, signal }) => apiRequest<DashboardRows>('/api/dashboard/rows', { query: { area, month, figure, after: pageParam, limit: 50 }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
  });
}
