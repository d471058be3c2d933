import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CaseDetail } from '#contracts/cases.ts';
import type { CollectiveDecision, EmergencyRecord, NewEventAuthorisation, OverduePaperworkView, TemporaryApplication, TemporaryApproval } from '#contracts/temporary.ts';
import { apiRequest } from '../../../lib/api-client.ts';
import { caseKeys } from '../../cases/api/query-keys.ts';

/** Every write answers with the case as it now stands: put it in the case cache and refresh the lists that show it. */
function useCaseWrite<V>(fn: (v: V) => Promise<CaseDetail>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (c) => {
      qc.setQueryData(caseKeys.detail(c.countyCode, c.id), c);
      void qc.invalidateQueries({ queryKey: caseKeys.lists() });
      void qc.invalidateQueries({ queryKey: ['worklist'] });
      void qc.invalidateQueries({ queryKey: ['reserves'] });
      void qc.invalidateQueries({ queryKey: ['temporary'] });
    },
  });
}

/** `POST /api/temporary/emergencies`: 先行救助, recorded and paid at once from the township's reserve. */
export function useRecordEmergency() {
  return useCaseWrite((body: EmergencyRecord) => apiRequest<CaseDetail>('/api/temporary/emergencies', { method: 'POST', body }));
}

/** `POST /api/temporary/applications`: an application through the ordinary procedure (支出型). */
export function useApplyTemporary() {
  return useCaseWrite((body: TemporaryApplication) => apiRequest<CaseDetail>('/api/temporary/applications', { method: 'POST', body }));
}

const casePath = (county: string, id: string) => `/api/temporary/cases/${encodeURIComponent(county)}/${encodeURIComponent(id)}`;

export type TemporaryStep = 'investigation' | 'collective-decision' | 'approve';
export type TemporaryStepBody = { version: number } & Record<string, unknown>;

/** The steps of a temporary case with their own route: the investigation with the need, 一事一议, the approval with stages. */
export function useTemporaryStep(county: string, id: string) {
  return useCaseWrite((v: { step: TemporaryStep; body: TemporaryStepBody | CollectiveDecision | TemporaryApproval }) =>
    apiRequest<CaseDetail>(`${casePath(county, id)}/${v.step}`, { method: 'POST', body: v.body }),
  );
}

/** `GET /api/temporary/overdue`: the assist-first cases of the user's area whose paperwork is overdue. */
export function useOverduePaperwork(county?: string) {
  return useQuery({
    queryKey: ['temporary', 'overdue', county ?? ''],
    queryFn: ({ signal }) => apiRequest<OverduePaperworkView>('/api/temporary/overdue', { query: { county }, signal }),
  });
}

/** `POST /api/temporary/new-events`: a county approver records why a later event of the household is a new one. */
export function useAuthoriseNewEvent() {
  return useMutation({ mutationFn: (body: NewEventAuthorisation) => apiRequest<{ id: string }>('/api/temporary/new-events', { method: 'POST', body }) });
}
