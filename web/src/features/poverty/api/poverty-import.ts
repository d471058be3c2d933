import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PovertyChangePage, PovertyChangeQuery, PovertyImportReport, PovertyImportResult, PovertySnapshotList } from '#contracts/poverty.ts';
import { apiDownload, apiRequest, responseError, saveResponse } from '../../../lib/api-client.ts';
import { useSession } from '../../../lib/auth.tsx';

export const POVERTY_TEMPLATE_URL = '/api/poverty/import/template';
const TYPES = { csv: 'text/csv', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;
export const povertyKeys = { snapshots: ['poverty', 'snapshots'] as const, changes: (id: string, q: Partial<PovertyChangeQuery>) => ['poverty', 'snapshots', id, 'changes', q] as const };

/** `GET /api/poverty/import/template`: the published template, saved as a file. */
export async function downloadPovertyTemplate(): Promise<void> {
  await apiDownload(POVERTY_TEMPLATE_URL);
}

/**
 * `POST /api/poverty/import?format=…&county=…&asOf=…`: the office's file as the raw body with the session's CSRF token;
 * the answer is a snapshot, the same content unchanged, or the row-by-row report (nothing changed).
 */
export function useImportPoverty() {
  const { data: session } = useSession();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ file, county, asOf }: { file: File; county?: string; asOf?: string }): Promise<PovertyImportResult> => {
      const format = file.name.toLowerCase().endsWith('.csv') ? 'csv' : 'xlsx';
      const q = new URLSearchParams({ format, fileName: file.name.slice(0, 200), ...(county ? { county } : {}), ...(asOf ? { asOf } : {}) });
      const res = await fetch(`/api/poverty/import?${q}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': TYPES[format], 'x-csrf-token': session?.csrfToken ?? '', accept: 'application/json' },
        body: file,
      });
      if (!res.ok) throw await responseError(res);
      return (await res.json()) as PovertyImportResult;
    },
    onSuccess: (r) => {
      if (r.outcome === 'accepted') void qc.invalidateQueries({ queryKey: povertyKeys.snapshots });
    },
  });
}

/** `POST /api/poverty/import/report`: a refused import's report as a workbook, saved as a file. */
export function useDownloadPovertyReport() {
  const { data: session } = useSession();
  return useMutation({
    mutationFn: async (report: PovertyImportReport) => {
      const res = await fetch('/api/poverty/import/report', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', 'x-csrf-token': session?.csrfToken ?? '' },
        body: JSON.stringify({ problemCount: report.problemCount, problems: report.problems }),
      });
      if (!res.ok) throw await responseError(res);
      await saveResponse(res, 'poverty-import-problems.xlsx');
    },
  });
}

/** `GET /api/poverty/snapshots`. */
export function useSnapshots() {
  return useQuery({ queryKey: povertyKeys.snapshots, queryFn: ({ signal }) => apiRequest<PovertySnapshotList>('/api/poverty/snapshots', { signal }) });
}

/** `GET /api/poverty/snapshots/:id/changes`: a page of a snapshot's changes. */
export function useSnapshotChanges(id: string | null, q: Partial<PovertyChangeQuery>) {
  return useQuery({
    queryKey: povertyKeys.changes(id ?? '', q),
    queryFn: ({ signal }) => apiRequest<PovertyChangePage>(`/api/poverty/snapshots/${encodeURIComponent(id ?? '')}/changes`, { query: q as Record<string, string | number>, signal }),
    enabled: !!id,
    placeholderData: keepPreviousData,
  });
}
