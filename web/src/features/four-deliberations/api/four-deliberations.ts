import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CaseDetail } from '#contracts/cases.ts';
import type { CaseDeliberationStageInput, CaseDisclosureInput } from '#contracts/four-deliberations.ts';
import { apiRequest } from '../../../lib/api-client.ts';
import { caseKeys } from '../../cases/api/query-keys.ts';

const enc = encodeURIComponent;
const base = (county: string, id: string) => `/api/cases/${enc(county)}/${enc(id)}`;

/** One of the four stages: `POST /api/cases/:county/:id/deliberation-stages`, answered with the case. */
export function useRecordStage(county: string, id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CaseDeliberationStageInput) => apiRequest<CaseDetail>(`${base(county, id)}/deliberation-stages`, { method: 'POST', body }),
    onSuccess: (c) => {
      qc.setQueryData(caseKeys.detail(county, id), c);
      void qc.invalidateQueries({ queryKey: caseKeys.lists() });
    },
  });
}

/** A disclosure (决议公开 / 实施结果公开): `POST /api/cases/:county/:id/disclosures`, answered with the case. */
export function useRecordDisclosure(county: string, id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CaseDisclosureInput) => apiRequest<CaseDetail>(`${base(county, id)}/disclosures`, { method: 'POST', body }),
    onSuccess: (c) => {
      qc.setQueryData(caseKeys.detail(county, id), c);
      void qc.invalidateQueries({ queryKey: caseKeys.lists() });
    },
  });
}
