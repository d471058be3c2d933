import { useQuery } from '@tanstack/react-query';
import type { DivisionView } from '#contracts/session.ts';
import { apiRequest } from '../../../lib/api-client.ts';

export type FoundDivision = DivisionView & { parentName: string | null };

/** `GET /api/divisions?q=`: divisions by a part of the name or the beginning of the code (at most 50). */
export function useDivisionSearch(q: string) {
  return useQuery({
    queryKey: ['divisions', 'search', q],
    queryFn: ({ signal }) => apiRequest<FoundDivision[]>('/api/divisions', { query: { q }, signal }),
    enabled: q !== '',
    staleTime: 60 * 60_000,
  });
}
