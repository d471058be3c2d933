import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RegistryImportKind, RegistryImportReport } from '#contracts/registry-import.ts';
import { apiDownload, responseError, saveResponse } from '../../../lib/api-client.ts';
import { useSession } from '../../../lib/auth.tsx';
import { registryKeys } from './query-keys.ts';

export const TEMPLATE_URL = '/api/registry/import/template';
const TYPES = { csv: 'text/csv', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;

/** `GET /api/registry/import/template`: the published template, saved as a file. */
export async function downloadTemplate(kind: RegistryImportKind = 'households'): Promise<void> {
  await apiDownload(TEMPLATE_URL, kind === 'heating' ? { kind } : undefined);
}

/**
 * `POST /api/registry/import?area=…`: the filled-in template as the raw request body (XLSX, or CSV by its name), with
 * the session's CSRF token; the answer is the row-by-row report (applied whole, or nothing changed).
 */
export function useImportHouseholds() {
  const { data: session } = useSession();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ file, area, kind = 'households' }: { file: File; area: string; kind?: RegistryImportKind }): Promise<RegistryImportReport> => {
      const format = file.name.toLowerCase().endsWith('.csv') ? 'csv' : 'xlsx';
      const res = await fetch(`/api/registry/import?area=${area}&format=${format}&kind=${kind}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': TYPES[format], 'x-csrf-token': session?.csrfToken ?? '', accept: 'application/json' },
        body: file,
      });
      if (!res.ok) throw await responseError(res);
      return (await res.json()) as RegistryImportReport;
    },
    onSuccess: (r) => {
      if (r.applied) void qc.invalidateQueries({ queryKey: registryKeys.lists() });
    },
  });
}

/** `POST /api/registry/import/report`: a refused import's report as a workbook, saved as a file. */
export function useDownloadReport() {
  const { data: session } = useSession();
  return useMutation({
    mutationFn: async (report: RegistryImportReport) => {
      const res = await fetch('/api/registry/import/report', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', 'x-csrf-token': session?.csrfToken ?? '' },
        body: JSON.stringify(report),
      });
      if (!res.ok) throw await responseError(res);
      await saveResponse(res, 'registry-import-problems.xlsx');
    },
  });
}
