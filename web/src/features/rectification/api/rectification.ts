import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AccountabilityBody,
  AccountabilityView,
  CampaignProgress,
  CampaignView,
  FindingDetail,
  OverdueList,
} from '#contracts/rectification.ts';
import { apiRequest } from '../../../lib/api-client.ts';

/** Cache keys of the rectification: one prefix, so that a step refreshes every view of findings and campaigns. */
export const rectificationKeys = {
  all: ['rectification'] as const,
  finding: (county: string, id: string) => ['rectification', 'finding', county, id] as const,
  accountability: (county: string, id: string) => ['rectification', 'accountability', county, id] as const,
  overdue: () => ['rectification', 'overdue'] as const,
  counts: () => ['rectification', 'counts'] as const,
  campaigns: () => ['rectification', 'campaigns'] as const,
  campaign: (id: string) => ['rectification', 'campaign', id] as const,
};

export const findingPath = (county: string, id: string) => `/api/findings/${encodeURIComponent(county)}/${encodeURIComponent(id)}`;

export function useFinding(county: string, id: string) {
  return useQuery({ queryKey: rectificationKeys.finding(county, id), queryFn: ({ signal }) => apiRequest<FindingDetail>(findingPath(county, id), { signal }), retry: false });
}

export function useAccountability(county: string, id: string, enabled: boolean) {
  return useQuery({
    queryKey: rectificationKeys.accountability(county, id),
    queryFn: ({ signal }) => apiRequest<{ items: AccountabilityView[] }>(`${findingPath(county, id)}/accountability`, { signal }),
    enabled,
  });
}

export function useOverdueFindings() {
  return useQuery({ queryKey: rectificationKeys.overdue(), queryFn: ({ signal }) => apiRequest<OverdueList>('/api/findings/overdue', { signal }) });
}

export function useFindingCounts(enabled: boolean) {
  return useQuery({ queryKey: rectificationKeys.counts(), queryFn: ({ signal }) => apiRequest<{ open: number; answered: number; overdue: number }>('/api/findings/counts', { signal }), enabled });
}

export function useCampaigns() {
  return useQuery({ queryKey: rectificationKeys.campaigns(), queryFn: ({ signal }) => apiRequest<{ items: CampaignView[] }>('/api/campaigns', { signal }) });
}

export function useCampaign(id: string) {
  return useQuery({ queryKey: rectificationKeys.campaign(id), queryFn: ({ signal }) => apiRequest<CampaignProgress>(`/api/campaigns/${encodeURIComponent(id)}`, { signal }), retry: false });
}

function useStep<B, R>(path: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: B) => apiRequest<R>(path, { method: 'POST', body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: rectificationKeys.all }),
  });
}

/** `POST …/answer`: the township's action and evidence, with the version read. */
export const useAnswerFinding = (county: string, id: string) => useStep<{ action: string; evidence: string; version: number }, FindingDetail>(`${findingPath(county, id)}/answer`);
/** `POST …/verify`: close or send back, with the note and the version read. */
export const useVerifyFinding = (county: string, id: string) => useStep<{ decision: 'close' | 'send_back'; note: string; version: number }, FindingDetail>(`${findingPath(county, id)}/verify`);
/** `POST …/accountability`: an accountability record of the finding. */
export const useRecordAccountability = (county: string, id: string) => useStep<AccountabilityBody, AccountabilityView>(`${findingPath(county, id)}/accountability`);
/** `POST /api/campaigns`: a campaign opened (its findings grouped at once). */
export const useOpenCampaign = () =>
  useStep<{ title: string; year: number; county?: string; startsOn: string; endsOn: string; rules: string[] }, CampaignView>('/api/campaigns');
/** `POST /api/campaigns/:id/close`. */
export const useCloseCampaign = (id: string) => useStep<{ version: number }, CampaignView>(`/api/campaigns/${encodeURIComponent(id)}/close`);
