import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CaseApply, CaseDetail } from '#contracts/cases.ts';
import { apiRequest } from '../../../lib/api-client.ts';
import { caseKeys } from './query-keys.ts';

export type ApplyBody = Omit<CaseApply, 'attachments' | 'onBehalf'> & { onBehalf?: boolean; attachments?: string[] };

/** `POST /api/cases`: files an application (a village assistant may file on the household's behalf). */
export function applyCase(body: ApplyBody): Promise<CaseDetail> {
  return apiRequest<CaseDetail>('/api/cases', { method: 'POST', body });
}

export function useApplyCase() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: applyCase,
    onSuccess: (c) => {
      qc.setQueryData(caseKeys.detail(c.countyCode, c.id), c);
      void qc.invalidateQueries({ queryKey: caseKeys.lists() });
      void qc.invalidateQueries({ queryKey: ['worklist'] });
    },
  });
}
