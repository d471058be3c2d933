import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RefreshResult } from '#contracts/payroll.ts';
import { apiRequest } from '../../../lib/api-client.ts';
import { payrollKeys, rollPath } from './query-keys.ts';

/** `POST …/refresh` with the version seen: the roll rebuilt with the enrollments as they are now, and the difference. */
export function refreshRoll(county: string, id: string, version: number): Promise<RefreshResult> {
  return apiRequest<RefreshResult>(`${rollPath(county, id)}/refresh`, { method: 'POST', body: { version } });
}

export function useRefreshRoll(county: string, id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (version: number) => refreshRoll(county, id, version),
    onSuccess: (r) => {
      qc.setQueryData(payrollKeys.roll(county, id), r.roll);
      // The lines, the list's totals and the re-issue queue may all have moved.
      void qc.invalidateQueries({ queryKey: payrollKeys.all });
    },
  });
}
