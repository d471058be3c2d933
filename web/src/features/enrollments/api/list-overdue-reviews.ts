import { useInfiniteQuery } from '@tanstack/react-query';
import type { OverduePage } from '../../../../../src/contracts/enrollments.ts';
import { apiRequest } from '../../../lib/api-client.ts';
import { enrollmentKeys } from './query-keys.ts';

export const DESK_PAGE_SIZE = 20;

/** `GET /api/reviews/overdue`: enrollments past their periodic review's day, longest overdue first (keyset pages). */
export function listOverdueReviews(area: string | undefined, after: string | undefined, signal?: AbortSignal): Promise<OverduePage> {
  return apiRequest<OverduePage>('/api/reviews/overdue', { query: { area, pageSize: DESK_PAGE_SIZE, after }, signal });
}

/** Pages accumulate as the user asks for more: a keyset has no page numbers, only the next page's cursor. */
export function useOverdueReviews(area: string | undefined) {
  return useInfiniteQuery({
    queryKey: enrollmentKeys.overdue(area),
    queryFn: ({ pageParam, signal }) => listOverdueReviews(area, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
