import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { OverrideCreate, OverrideView } from '#contracts/policy.ts';
import { apiRequest } from '../../../lib/api-client.ts';
import { policyKeys } from './query-keys.ts';

/** `POST /api/policy/overrides` (system administrators): proposes a dated, cited value; a city supervisor confirms it. */
export function addOverride(body: OverrideCreate): Promise<OverrideView> {
  return apiRequest<OverrideView>('/api/policy/overrides', { method: 'POST', body });
}

export function useAddOverride() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: addOverride,
    // The list of proposals changes; values in force change only once one is confirmed.
    onSuccess: () => qc.invalidateQueries({ queryKey: policyKeys.all }),
  });
}
