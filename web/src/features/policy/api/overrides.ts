import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { OverrideList, OverrideStatus, OverrideView } from '#contracts/policy.ts';
import { apiRequest } from '../../../lib/api-client.ts';
import { policyKeys } from './query-keys.ts';

/** `GET /api/policy/overrides?status=`: proposals and what became of them (administrators, supervisors, auditors). */
export function listOverrides(status: OverrideStatus | undefined, signal?: AbortSignal): Promise<OverrideList> {
  return apiRequest<OverrideList>('/api/policy/overrides', { query: { status }, signal });
}

export function useOverrides(status: OverrideStatus | undefined, enabled = true) {
  return useQuery({ enabled, queryKey: policyKeys.overrides(status ?? 'all'), queryFn: ({ signal }) => listOverrides(status, signal) });
}

/** `POST …/confirm` (city supervisor, not the author) and `POST …/withdraw` (before it takes effect). */
export function useOverrideAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (a: { kind: 'confirm' | 'withdraw'; o: OverrideView; reason?: string }) =>
      apiRequest<OverrideView>(`/api/policy/overrides/${encodeURIComponent(a.o.id)}/${a.kind}`, {
        method: 'POST',
        body: a.kind === 'confirm' ? { version: a.o.version } : { version: a.o.version, reason: a.reason ?? '' },
      }),
    // A confirmation or withdrawal changes values in force, histories and compliance.
    onSuccess: () => qc.invalidateQueries({ queryKey: policyKeys.all }),
  });
}
