import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MatchDecisionInput, MatchDecisionResult, MatchQueuePage } from '#contracts/poverty-match.ts';
import { apiRequest } from '../../../lib/api-client.ts';

/** `GET /api/poverty/matches`: the suggested matches in the user's area, best first (an audited read). */
export function useMatchQueue(params: { page: number; pageSize: number }) {
  return useQuery({
    queryKey: ['poverty-matches', params.page, params.pageSize],
    queryFn: ({ signal }) => apiRequest<MatchQueuePage>('/api/poverty/matches', { query: params, signal }),
    placeholderData: keepPreviousData,
  });
}

/** `POST /api/poverty/matches/decisions`: confirm or reject one suggestion. */
export function useDecideMatch() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: MatchDecisionInput) => apiRequest<MatchDecisionResult>('/api/poverty/matches/decisions', { method: 'POST', body }),
    onSettled: () => void qc.invalidateQueries({ queryKey: ['poverty-matches'] }),
  });
}
