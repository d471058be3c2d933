import { useInfiniteQuery } from '@tanstack/react-query';
import type { ReviewPage } from '#contracts/enrollments.ts';
import { apiRequest } from '../../../lib/api-client.ts';
import { DESK_PAGE_SIZE } from './list-overdue-reviews.ts';
import { enrollmentKeys } from './query-keys.ts';

/** `GET /api/reviews`: reviews still open (opened, investigated, township-reviewed), soonest due first (keyset pages). */
export function listOpenReviews(area: string | undefined, after: string | undefined, signal?: AbortSignal): Promise<ReviewPage> {
  return apiRequest<ReviewPage>('/api/reviews', { query: { area, pageSize: DESK_PAGE_SIZE, after }, signal });
}

export function useOpenReviews(area: string | undefined) {
  return useInfiniteQuery({
    queryKey: enrollmentKeys.openReviews(area),
    queryFn: ({ pageParam, signal }) => listOpenReviews(area, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
