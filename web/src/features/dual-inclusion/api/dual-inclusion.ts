import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DiscrepancyKind, DiscrepancyPage, DualInclusionOverview, DualList, ReferralHouseholdPage, RegistryHouseholdPage, ReplyImportReport } from '#contracts/dual-inclusion.ts';
import { apiDownload, apiRequest, responseError, saveResponse } from '../../../lib/api-client.ts';
import { useSession } from '../../../lib/auth.tsx';

export const dualKeys = {
  all: ['dual-inclusion'] as const,
  overview: (area: string | undefined) => ['dual-inclusion', 'overview', area ?? ''] as const,
  list: (list: DualList, p: ListParams) => ['dual-inclusion', 'list', list, p.area ?? '', p.kind ?? '', p.page, p.pageSize] as const,
};

export interface ListParams {
  area?: string;
  kind?: DiscrepancyKind;
  page: number;
  pageSize: number;
}

export type PageOf<L extends DualList> = L extends 'referral' ? ReferralHouseholdPage : L extends 'discrepancies' ? DiscrepancyPage : RegistryHouseholdPage;

/** `GET /api/poverty/dual-inclusion`: the figures of an area and of the areas one level down. */
export function useOverview(area: string | undefined) {
  return useQuery({
    queryKey: dualKeys.overview(area),
    queryFn: ({ signal }) => apiRequest<DualInclusionOverview>('/api/poverty/dual-inclusion', { query: { area }, signal }),
    placeholderData: keepPreviousData,
  });
}

/** `GET /api/poverty/lists/<list>`: one page of a list. */
export function useDualList<L extends DualList>(list: L, p: ListParams, enabled: boolean) {
  return useQuery({
    queryKey: dualKeys.list(list, p),
    queryFn: ({ signal }) => apiRequest<PageOf<L>>(`/api/poverty/lists/${list}`, { query: { area: p.area, kind: p.kind, page: p.page, pageSize: p.pageSize }, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** `GET /api/poverty/lists/<list>.xlsx`: the whole list (with the page's filters) as a workbook. */
export const downloadList = (list: DualList, area: string | undefined, kind: DiscrepancyKind | undefined) => apiDownload(`/api/poverty/lists/${list}.xlsx`, { area, kind });

/** `GET /api/poverty/exchange.xlsx`: doudi's dibao/tekun households in the poverty office's template. */
export const downloadExchange = (county: string | undefined) => apiDownload('/api/poverty/exchange.xlsx', { county });

/** `POST /api/poverty/referrals.xlsx`: refers the households of the referral list and downloads it. */
export function useReferralExport() {
  const { data: session } = useSession();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (area: string | undefined) => {
      const res = await fetch(`/api/poverty/referrals.xlsx${area ? `?area=${area}` : ''}`, { method: 'POST', credentials: 'same-origin', headers: { 'x-csrf-token': session?.csrfToken ?? '' } });
      if (!res.ok) throw await responseError(res);
      return { name: await saveResponse(res, 'referrals.xlsx'), rows: Number(res.headers.get('x-export-rows') ?? 0) };
    },
    onSuccess: () => void qc.invalidateQueries({ queryKey: dualKeys.all }),
  });
}

const TYPES = { csv: 'text/csv', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;

/** `POST /api/poverty/replies`: the office's reply as the raw body; the answer is the row-by-row report. */
export function useImportReplies() {
  const { data: session } = useSession();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (file: File): Promise<ReplyImportReport> => {
      const format = file.name.toLowerCase().endsWith('.csv') ? 'csv' : 'xlsx';
      const res = await fetch(`/api/poverty/replies?format=${format}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': TYPES[format], 'x-csrf-token': session?.csrfToken ?? '', accept: 'application/json' },
        body: file,
      });
      if (!res.ok) throw await responseError(res);
      return (await res.json()) as ReplyImportReport;
    },
    onSuccess: (r) => {
      if (r.applied) void qc.invalidateQueries({ queryKey: dualKeys.all });
    },
  });
}

/** `POST /api/poverty/replies/report`: a refused reply's report as a workbook. */
export function useDownloadReplyReport() {
  const { data: session } = useSession();
  return useMutation({
    mutationFn: async (report: ReplyImportReport) => {
      const res = await fetch('/api/poverty/replies/report', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', 'x-csrf-token': session?.csrfToken ?? '' },
        body: JSON.stringify(report),
      });
      if (!res.ok) throw await responseError(res);
      await saveResponse(res, 'poverty-reply-problems.xlsx');
    },
  });
}
