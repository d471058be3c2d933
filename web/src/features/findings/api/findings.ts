import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FindingPage, RunRequest, RunView } from '#contracts/supervision.ts';
import { apiRequest } from '../../../lib/api-client.ts';

export interface FindingFilters {
  rule?: string;
  status?: string;
}

/** 问题线索 The findings of the user's area, page by page ("more" loads the next). */
export function useFindings(f: FindingFilters) {
  return useInfiniteQuery({
    queryKey: ['findings', f.rule ?? '', f.status ?? ''],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      apiRequest<FindingPage>('/api/findings', { query: { limit: 50, ...(f.rule ? { rule: f.rule } : {}), ...(f.status ? { status: f.status } : {}), ...(pageParam ? { after: pageParam } : {}) } }),
    getNextPageParam: (last) => last.next ?? undefined,
  });
}

/** 运行异常规则 Starts a run (a job): the answer is the run to poll. */
export function useStartRun() {
  return useMutation({ mutationFn: (body: RunRequest) => apiRequest<RunView>('/api/anomalies/runs', { method: 'POST', body }) });
}

/** A run's progress, polled every second while it runs; the findings are reloaded when it ends. */
export function useRun(id: string | null) {
  const qc = useQueryClient();
  return useQuery({
    queryKey: ['anomaly-run', id],
    enabled: id !== null,
    queryFn: async () => {
      const r = await apiRequest<RunView>(`/api/anomalies/runs/${encodeURIComponent(id ?? '')}`);
      if (r.status !== 'running') void qc.invalidateQueries({ queryKey: ['findings'] });
      return r;
    },
    refetchInterval: (q) => (q.state.data && q.state.data.status !== 'running' ? false : 1_000),
  });
}
