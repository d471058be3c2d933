import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AuditSearchPage, AuditSearchQuery, AuditVerifyStatus, PersonAccess, PersonAccessQuery, ResponsibilityChain } from '#contracts/audit.ts';
import { apiRequest } from '../../../lib/api-client.ts';

const keys = { all: ['audit'] as const };

/** `POST /api/audit/search`: one page of the trail (the ID number in the body, never in a URL). */
export function searchTrail(body: AuditSearchQuery): Promise<AuditSearchPage> {
  return apiRequest<AuditSearchPage>('/api/audit/search', { method: 'POST', body });
}

/** `GET /api/audit/cases/:county/:id/responsibility`: a case's chain of responsibility. */
export function useResponsibility(county: string, id: string) {
  return useQuery({
    queryKey: [...keys.all, 'responsibility', county, id] as const,
    queryFn: ({ signal }) => apiRequest<ResponsibilityChain>(`/api/audit/cases/${county}/${id}/responsibility`, { signal }),
  });
}

/** `GET /api/audit/verify/status` and `POST /api/audit/verify/run`: when the chain was last verified, and a run now. */
export function useVerifyStatus() {
  return useQuery({ queryKey: [...keys.all, 'verify'] as const, queryFn: ({ signal }) => apiRequest<AuditVerifyStatus | null>('/api/audit/verify/status', { signal }) });
}

export function useRunVerify() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest<AuditVerifyStatus>('/api/audit/verify/run', { method: 'POST' }),
    onSuccess: (r) => qc.setQueryData([...keys.all, 'verify'], r),
  });
}

/** `POST /api/audit/person-access`: who looked at a person (issue 9 point 17). */
export function usePersonAccess() {
  return useMutation({ mutationFn: (body: PersonAccessQuery) => apiRequest<PersonAccess>('/api/audit/person-access', { method: 'POST', body }) });
}
