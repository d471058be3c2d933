import { useQuery } from '@tanstack/react-query';
import type { JobView } from '#contracts/payroll.ts';
import { apiRequest } from '../../../lib/api-client.ts';
import { payrollKeys } from './query-keys.ts';

/** `GET /api/payroll/jobs/:county/:id`, polled every half second until the job has ended. */
export function getJob(county: string, id: string, signal?: AbortSignal): Promise<JobView> {
  return apiRequest<JobView>(`/api/payroll/jobs/${encodeURIComponent(county)}/${encodeURIComponent(id)}`, { signal });
}

export function useJob(job: JobView | null) {
  return useQuery({
    queryKey: payrollKeys.job(job?.county ?? '', job?.id ?? ''),
    queryFn: ({ signal }) => getJob(job!.county, job!.id, signal),
    enabled: job !== null,
    initialData: job ?? undefined,
    refetchInterval: (q) => (q.state.data?.status === 'running' ? 500 : false),
  });
}
