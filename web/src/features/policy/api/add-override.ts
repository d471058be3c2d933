import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { OverrideCreate } from '../../../../../src/contracts/policy.ts';
import { apiRequest } from '../../../lib/api-client.ts';
import { policyKeys } from './query-keys.ts';

/** `POST /api/policy/overrides` (system administrators): a dated, cited value; the server records the author. */
export function addOverride(body: OverrideCreate): Promise<{ id: string }> {
  return apiRequest<{ id: string }>('/api/policy/overrides', { method: 'POST', body });
}

export function useAddOverride() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: addOverride,
    // Values in force, histories and compliance all change with a new override.
    onSuccess: () => qc.invalidateQueries({ queryKey: policyKeys.all }),
  });
}
