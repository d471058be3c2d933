import { useQuery } from '@tanstack/react-query';
import type { HouseholdArchive } from '#contracts/case-files.ts';
import { apiDownload, apiRequest } from '../../../lib/api-client.ts';

const path = (county: string, id: string) => `/api/households/${encodeURIComponent(county)}/${encodeURIComponent(id)}`;

/** `GET /api/households/:county/:id/archive`: the household's electronic case file (each read audited). */
export function useHouseholdArchive(county: string, id: string) {
  return useQuery({ queryKey: ['household-archive', county, id] as const, queryFn: () => apiRequest<HouseholdArchive>(`${path(county, id)}/archive`) });
}

/** `GET /api/households/:county/:id/archive.pdf[?case=]`: the bound case file, saved under the server's name. */
export function downloadArchivePdf(county: string, id: string, caseId?: string) {
  return apiDownload(`${path(county, id)}/archive.pdf`, caseId ? { case: caseId } : undefined);
}

/** Where the household's case-file page is (from the household page and the case page). */
export const archivePagePath = (county: string, id: string) => `/cases/archive/${encodeURIComponent(county)}/${encodeURIComponent(id)}`;
