import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { GrantView } from '#contracts/users.ts';
import { apiRequest } from '../../../lib/api-client.ts';

const GRANTS_KEY = ['user-grants'] as const;

/** `GET /api/user-grants`: role grants of my area awaiting a second administrator (ADR 0013). */
export function useGrants() {
  return useQuery({ queryKey: GRANTS_KEY, queryFn: ({ signal }) => apiRequest<GrantView[]>('/api/user-grants', { signal }) });
}

/** Confirms a grant, or refuses it (withdraws it when it is one's own request). */
export function useDecideGrant() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, decision }: { id: string; decision: 'confirm' | 'refuse' }) => apiRequest<unknown>(`/api/user-grants/${encodeURIComponent(id)}/${decision}`, { method: 'POST' }),
    onSettled: () => void qc.invalidateQueries({ queryKey: GRANTS_KEY }),
  });
}
