import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RollView } from '#contracts/payroll.ts';
import { apiRequest } from '../../../lib/api-client.ts';
import { payrollKeys, rollPath } from './query-keys.ts';

/** `POST …/approve` with the version seen: 403 for the roll's own maker, 409 when someone moved it first. */
export function approveRoll(county: string, id: string, version: number): Promise<RollView> {
  return apiRequest<RollView>(`${rollPath(county, id)}/approve`, { method: 'POST', body: { version } });
}

export function useApproveRoll(county: string, id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (version: number) => approveRoll(county, id, version),
    onSuccess: (r) => {
      qc.setQueryData(payrollKeys.roll(county, id), r);
      void qc.invalidateQueries({ queryKey: payrollKeys.lists() });
    },
  });
}
