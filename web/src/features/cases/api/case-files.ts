import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CaseFileList, CaseFileView, DocumentType } from '#contracts/case-files.ts';
import { apiDownload, apiRequest, apiUpload } from '../../../lib/api-client.ts';
import { caseKeys, casePath } from './query-keys.ts';

const filesKey = (county: string, id: string) => [...caseKeys.detail(county, id), 'files'] as const;

/** `GET /api/cases/:county/:id/files`: the case's files and the required documents still missing. */
export function useCaseFiles(county: string, id: string) {
  return useQuery({ queryKey: filesKey(county, id), queryFn: () => apiRequest<CaseFileList>(`${casePath(county, id)}/files`) });
}

/** `POST /api/cases/:county/:id/files`: the file as the body; the step, type and name in the query. */
export function useUploadCaseFile(county: string, id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { file: File; step: string; type: DocumentType; keepLocation?: boolean }) =>
      apiUpload<CaseFileView>(`${casePath(county, id)}/files`, v.file, { step: v.step, type: v.type, name: v.file.name, keepLocation: v.keepLocation ? 'true' : undefined }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: filesKey(county, id) }),
  });
}

/** `GET <owner>/files`: a household's, a ledger row's or a finding's files (`path` is the owner's files route). */
export function useOwnerFiles(path: string) {
  return useQuery({ queryKey: ['owner-files', path] as const, queryFn: () => apiRequest<CaseFileList>(path) });
}

/** `POST <owner>/files`: the file as the body; the type and name in the query. */
export function useUploadOwnerFile(path: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { file: File; type: DocumentType; keepLocation?: boolean }) => apiUpload<CaseFileView>(path, v.file, { type: v.type, name: v.file.name, keepLocation: v.keepLocation ? 'true' : undefined }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['owner-files', path] }),
  });
}

/** `GET /api/files/:county/:id/preview`: the file's JPEG preview (an image's, or a PDF's first page; each read audited). */
export function filePreviewUrl(f: Pick<CaseFileView, 'countyCode' | 'id'>): string {
  return `/api/files/${encodeURIComponent(f.countyCode)}/${encodeURIComponent(f.id)}/preview`;
}

/** `GET /api/files/:county/:id?download=true`: saved under its name (each download is audited). */
export function downloadCaseFile(f: Pick<CaseFileView, 'countyCode' | 'id'>) {
  return apiDownload(`/api/files/${encodeURIComponent(f.countyCode)}/${encodeURIComponent(f.id)}`, { download: 'true' });
}
