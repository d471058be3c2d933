import { useInfiniteQuery } from '@tanstack/react-query';
import type { OverduePage } from '#contracts/enrollments.ts';
import { apiRequest } from '../../../lib/api-client.ts';
import { enrollmentKeys } from './query-keys.ts';

export const DESK_PAGE_SIZE = 20;

/** How far ahead "due soon" looks: a month, enough to plan the visits of the reviews falling due. */
export const DUE_SOON_DAYS = 30;

/**
 * `GET /api/reviews/overdue`: enrollments past their periodic review's day, longest overdue first (keyset pages); with
 * `dueWithin`, also those falling due within that many days.
 */
export function listOverdueReviews(area: string | undefined, after: string | undefined, dueWithin?: number, signal?: AbortSignal): Promise<OverduePage> {
  return apiRequest<OverduePage>('/api/reviews/overdue', { query: { area, pageSize: DESK_PAGE_SIZE, after, dueWithin }, signal });
}

/** Pages accumulate as the user asks for more: a keyset has no page numbers, only the next page's cursor. */
export function useOverdueReviews(area: string | undefined, dueWithin?: number) {
  return useInfiniteQuery({
    queryKey: enrollmentKeys.overdue(area, dueWithin),
    queryFn: ({ pageParam, signal }) => listOverdueReviews(area, pageParam, dueWithin, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
