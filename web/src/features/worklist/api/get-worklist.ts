import { useInfiniteQuery } from '@tanstack/react-query';
import type { WorklistPage } from '#contracts/cases.ts';
import { apiRequest } from '../../../lib/api-client.ts';

export interface WorklistFilters {
  area?: string;
  overdue?: boolean;
}

export const worklistKeys = {
  all: ['worklist'] as const,
  list: (f: WorklistFilters) => ['worklist', f] as const,
};

/** `GET /api/worklist`: soonest due first, keyset-paginated (`after` = the previous page's `nextCursor`). */
export function getWorklist(f: WorklistFilters, after: string | undefined, signal?: AbortSignal): Promise<WorklistPage> {
  return apiRequest<WorklistPage>('/api/worklist', { query: { area: f.area, overdue: f.overdue ? 'true' : undefined, pageSize: 20, after }, signal });
}

/** Pages accumulate as the user asks for more ("load more"), never a page number: a keyset has none. */
export function useWorklist(f: WorklistFilters) {
  return useInfiniteQuery({
    queryKey: worklistKeys.list(f),
    queryFn: ({ pageParam, signal }) => getWorklist(f, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
