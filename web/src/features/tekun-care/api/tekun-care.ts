import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CaseDetail } from '#contracts/cases.ts';
import type { EnrollmentDetail } from '#contracts/enrollments.ts';
import type { CaseTekunCareInput, EnrollmentTekunCareInput, InstitutionList, PlacementPage } from '#contracts/tekun-care.ts';
import { apiRequest } from '../../../lib/api-client.ts';

const enc = encodeURIComponent;

/** 供养服务机构 of a county (open ones), for the placement's choice. */
export function useInstitutions(county: string, enabled = true) {
  return useQuery({
    queryKey: ['tekun-care', 'institutions', county],
    queryFn: () => apiRequest<InstitutionList>(`/api/tekun/institutions?county=${enc(county)}`),
    enabled: enabled && /^\d{6}$/.test(county),
  });
}

/** The care record of a tekun case: `POST /api/cases/:county/:id/tekun-care`, answered with the case. */
export function useRecordCaseCare(county: string, id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CaseTekunCareInput) => apiRequest<CaseDetail>(`/api/cases/${enc(county)}/${enc(id)}/tekun-care`, { method: 'POST', body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['cases'] }),
  });
}

/** A dated change on a tekun enrollment: `POST /api/enrollments/:county/:id/tekun-care`, answered with the enrollment. */
export function useChangeEnrollmentCare(county: string, id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: EnrollmentTekunCareInput) => apiRequest<EnrollmentDetail>(`/api/enrollments/${enc(county)}/${enc(id)}/tekun-care`, { method: 'POST', body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['enrollments'] }),
  });
}

/** 特困供养名册 A county's tekun enrollments in a month with placement and care level, of one placement if given. */
export function usePlacements(county: string, month: string | undefined, placement: 'home' | 'institution' | undefined) {
  const qs = new URLSearchParams({ county, ...(month ? { month } : {}), ...(placement ? { placement } : {}) });
  return useQuery({
    queryKey: ['enrollments', 'tekun-placements', county, month ?? '', placement ?? ''],
    queryFn: () => apiRequest<PlacementPage>(`/api/tekun/placements?${qs.toString()}`),
    enabled: /^\d{4}(?!00)\d{2}$/.test(county),
  });
}
