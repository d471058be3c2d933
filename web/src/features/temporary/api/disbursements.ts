import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RollView } from '#contracts/payroll.ts';
import type { DisbursementBuild, DisbursementDue, DisbursementReconciliation } from '#contracts/temporary.ts';
import { apiRequest } from '../../../lib/api-client.ts';
import { payrollKeys } from '../../payroll/api/query-keys.ts';

/** `GET /api/temporary/disbursements/due`: what a batch built now would pay (nothing written). */
export function useDisbursementDue(county: string | undefined) {
  return useQuery({
    queryKey: ['temporary', 'due', county ?? ''],
    queryFn: ({ signal }) => apiRequest<DisbursementDue>('/api/temporary/disbursements/due', { query: { county }, signal }),
    enabled: county !== undefined,
  });
}

/** `POST /api/temporary/disbursements`: the county's batch of the stages due (answers with the batch, a payment roll). */
export function useBuildDisbursement() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: DisbursementBuild) => apiRequest<RollView>('/api/temporary/disbursements', { method: 'POST', body }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: payrollKeys.all });
      void qc.invalidateQueries({ queryKey: ['temporary'] });
    },
  });
}

/** `GET …/reconciliation`: the batch case by case beside the township reserves' assist-first payments. */
export function useReconciliation(county: string, id: string) {
  return useQuery({
    queryKey: ['temporary', 'reconciliation', county, id],
    queryFn: ({ signal }) => apiRequest<DisbursementReconciliation>(`/api/temporary/disbursements/${encodeURIComponent(county)}/${encodeURIComponent(id)}/reconciliation`, { signal }),
  });
}
