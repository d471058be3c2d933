import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type { FollowUpDone, FollowUpPage, FollowUpView } from '#contracts/enrollments.ts';
import { apiRequest } from '../../../lib/api-client.ts';
import { DESK_PAGE_SIZE } from './list-overdue-reviews.ts';
import { enrollmentKeys, followUpPath } from './query-keys.ts';

export type FollowUpState = 'open' | 'done';

/** `GET /api/follow-up-tasks`: the checks left by exits from dibao or tekun, oldest first (keyset pages). */
export function listFollowUps(state: FollowUpState | undefined, area: string | undefined, after: string | undefined, signal?: AbortSignal): Promise<FollowUpPage> {
  return apiRequest<FollowUpPage>('/api/follow-up-tasks', { query: { state, area, pageSize: DESK_PAGE_SIZE, after }, signal });
}

export function useFollowUps(state: FollowUpState | undefined, area: string | undefined) {
  return useInfiniteQuery({
    queryKey: enrollmentKeys.followUps(state, area),
    queryFn: ({ pageParam, signal }) => listFollowUps(state, area, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** `POST /api/follow-up-tasks/:county/:id/done`: what the check found (referred to dibao, temporary aid, elsewhere, or no need). */
export function useCompleteFollowUp() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { county: string; id: string; body: FollowUpDone }) => apiRequest<FollowUpView>(`${followUpPath(v.county, v.id)}/done`, { method: 'POST', body: v.body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: enrollmentKeys.all }),
  });
}
