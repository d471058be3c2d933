import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CampaignList, CampaignOpen, CampaignView, ProgressView, RowConclude, RowDetail, RowFill, RowPage } from '#contracts/screening.ts';
import { apiRequest } from '../../../lib/api-client.ts';

const enc = encodeURIComponent;
export const campaignBase = (county: string, id: string) => `/api/screening/campaigns/${enc(county)}/${enc(id)}`;
const rowBase = (county: string, id: string, rowCounty: string, hhNo: string) => `${campaignBase(county, id)}/rows/${enc(rowCounty)}/${enc(hhNo)}`;

/** 集中排查 The campaigns of the user's area. */
export function useCampaigns() {
  return useQuery({ queryKey: ['screening', 'campaigns'], queryFn: () => apiRequest<CampaignList>('/api/screening/campaigns') });
}

export function useOpenCampaign() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CampaignOpen) => apiRequest<CampaignView>('/api/screening/campaigns', { method: 'POST', body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['screening'] }),
  });
}

export function useProgress(county: string, id: string, enabled = true) {
  return useQuery({ queryKey: ['screening', 'progress', id], queryFn: () => apiRequest<ProgressView>(`${campaignBase(county, id)}/progress`), enabled });
}

export function useRows(county: string, id: string, q: { village?: string; concluded?: 'yes' | 'no'; page: number; pageSize: number }) {
  return useQuery({
    queryKey: ['screening', 'rows', id, q],
    queryFn: () => apiRequest<RowPage>(`${campaignBase(county, id)}/rows`, { query: { ...q } }),
  });
}

export function useRow(county: string, id: string, rowCounty: string | undefined, hhNo: string | undefined) {
  return useQuery({
    queryKey: ['screening', 'row', id, rowCounty, hhNo],
    queryFn: () => apiRequest<RowDetail>(rowBase(county, id, rowCounty!, hhNo!)),
    enabled: Boolean(rowCounty && hhNo),
  });
}

export function useFillRow(county: string, id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { rowCounty: string; hhNo: string; body: RowFill }) => apiRequest<RowDetail>(`${rowBase(county, id, v.rowCounty, v.hhNo)}/fill`, { method: 'POST', body: v.body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['screening'] }),
  });
}

export function useConcludeRow(county: string, id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { rowCounty: string; hhNo: string; body: RowConclude }) => apiRequest<RowDetail>(`${rowBase(county, id, v.rowCounty, v.hhNo)}/conclude`, { method: 'POST', body: v.body }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['screening'] });
      void qc.invalidateQueries({ queryKey: ['cases'] });
    },
  });
}

export function useCloseCampaign(county: string, id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest<CampaignView>(`${campaignBase(county, id)}/close`, { method: 'POST', body: {} }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['screening'] }),
  });
}
