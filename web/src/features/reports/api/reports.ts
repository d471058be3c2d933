import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { drillOf, type FigureRows } from '#contracts/report-drill.ts';
import type { BulletinListItem, BulletinView, ComparisonView, OverdueReport, ReportListItem, ReportView } from '#contracts/report-workflow.ts';
import { apiRequest } from '../../../lib/api-client.ts';

/** Cache keys of the reports: one prefix, so that a save, a submit or an issue refreshes every report view. */
export const reportKeys = {
  all: ['reports'] as const,
  list: (quarter?: string) => ['reports', 'list', quarter ?? ''] as const,
  report: (county: string, quarter: string) => ['reports', 'report', county, quarter] as const,
  overdue: () => ['reports', 'overdue'] as const,
  comparison: (quarter: string) => ['reports', 'comparison', quarter] as const,
  bulletins: () => ['reports', 'bulletins'] as const,
  bulletin: (quarter: string) => ['reports', 'bulletin', quarter] as const,
};

export const reportPath = (county: string, quarter: string) => `/api/reports/quarterly/${encodeURIComponent(county)}/${encodeURIComponent(quarter)}`;
export const bulletinPath = (quarter: string) => `/api/reports/bulletins/${encodeURIComponent(quarter)}`;

export function useReports(quarter?: string) {
  return useQuery({ queryKey: reportKeys.list(quarter), queryFn: ({ signal }) => apiRequest<ReportListItem[]>('/api/reports/quarterly', { query: { quarter }, signal }) });
}

export function useReport(county: string, quarter: string) {
  return useQuery({ queryKey: reportKeys.report(county, quarter), queryFn: ({ signal }) => apiRequest<ReportView>(reportPath(county, quarter), { signal }) });
}

export function useOverdueReports() {
  return useQuery({ queryKey: reportKeys.overdue(), queryFn: ({ signal }) => apiRequest<OverdueReport[]>('/api/reports/quarterly/overdue', { signal }) });
}

export function useComparison(quarter: string) {
  return useQuery({ queryKey: reportKeys.comparison(quarter), queryFn: ({ signal }) => apiRequest<ComparisonView>(`/api/reports/comparison/${encodeURIComponent(quarter)}`, { signal }), enabled: quarter !== '' });
}

export function useBulletins() {
  return useQuery({ queryKey: reportKeys.bulletins(), queryFn: ({ signal }) => apiRequest<BulletinListItem[]>('/api/reports/bulletins', { signal }) });
}

export function useBulletin(quarter: string) {
  return useQuery({ queryKey: reportKeys.bulletin(quarter), queryFn: ({ signal }) => apiRequest<BulletinView>(bulletinPath(quarter), { signal }), retry: false });
}

export interface ReportTextInput {
  progress: string;
  problems: string;
  nextSteps: string;
  version?: number;
}

function useReportMutation<B>(path: string, method: 'PUT' | 'POST') {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: B) => apiRequest<ReportView>(path, { method, body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: reportKeys.all }),
  });
}

/** `PUT …/text`: the county's text of its draft (the first save creates it). */
export const useSaveReportText = (county: string, quarter: string) => useReportMutation<ReportTextInput>(`${reportPath(county, quarter)}/text`, 'PUT');
/** `POST …/submit`: freezes the report (a reason when the previous quarter's figures changed). */
export const useSubmitReport = (county: string, quarter: string) => useReportMutation<{ version: number; correctionReason?: string }>(`${reportPath(county, quarter)}/submit`, 'POST');
/** `POST …/receive`: the city's receipt. */
export const useReceiveReport = (county: string, quarter: string) => useReportMutation<Record<string, never>>(`${reportPath(county, quarter)}/receive`, 'POST');

function useBulletinMutation<B>(path: string, method: 'PUT' | 'POST') {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: B) => apiRequest<BulletinView>(path, { method, body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: reportKeys.all }),
  });
}

export const useSaveBulletin = (quarter: string) => useBulletinMutation<{ title: string; body: string; version?: number }>(bulletinPath(quarter), 'PUT');
export const useIssueBulletin = (quarter: string) => useBulletinMutation<{ version: number }>(`${bulletinPath(quarter)}/issue`, 'POST');

/** Rows per page of a figure's list. */
export const FIGURE_ROWS_PAGE = 50;

/** `GET …/rows`: the rows behind one figure, pages accumulating as the user asks for more (a keyset: the next page's cursor). */
export function useFigureRows(county: string, quarter: string, program: string, figure: string) {
  return useInfiniteQuery({
    queryKey: [...reportKeys.report(county, quarter), 'rows', program, figure] as const,
    queryFn: ({ pageParam, signal }) =>
      apiRequest<FigureRows>(`${reportPath(county, quarter)}/rows`, { query: { program, figure, after: pageParam, limit: FIGURE_ROWS_PAGE }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
    // A figure without a list (a standard) is not asked for.
    enabled: drillOf(program, figure) !== null,
  });
}
