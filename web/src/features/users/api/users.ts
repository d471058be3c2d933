import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateUserRequest, RoleChangeRequest, RoleChangeResult, UserView } from '#contracts/users.ts';
import { apiRequest } from '../../../lib/api-client.ts';

const USERS_KEY = ['users'] as const;
const GRANTS_KEY = ['user-grants'] as const;

/** `GET /api/users`: the accounts of my area. */
export function useUsers() {
  return useQuery({ queryKey: USERS_KEY, queryFn: ({ signal }) => apiRequest<UserView[]>('/api/users', { signal }) });
}

/** Every change to an account refreshes the list, and the grants waiting for a second administrator. */
function useUserMutation<I, O>(fn: (input: I) => Promise<O>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: USERS_KEY });
      void qc.invalidateQueries({ queryKey: GRANTS_KEY });
    },
  });
}

const userPath = (id: string, action: string) => `/api/users/${encodeURIComponent(id)}/${action}`;

export function useCreateUser() {
  return useUserMutation((body: CreateUserRequest) => apiRequest<{ id: string; grantId: string | null }>('/api/users', { method: 'POST', body }));
}

export function useChangeRole() {
  return useUserMutation(({ id, body }: { id: string; body: RoleChangeRequest }) => apiRequest<RoleChangeResult>(userPath(id, 'role'), { method: 'PUT', body }));
}

export function useSetActive() {
  return useUserMutation(({ id, active }: { id: string; active: boolean }) => apiRequest<{ ok: true }>(userPath(id, active ? 'activate' : 'deactivate'), { method: 'POST' }));
}

export function useResetPassword() {
  return useUserMutation(({ id, password }: { id: string; password: string }) => apiRequest<{ ok: true }>(userPath(id, 'reset-password'), { method: 'POST', body: { password } }));
}

export function useRevokeSessions() {
  return useUserMutation(({ id }: { id: string }) => apiRequest<{ ended: number }>(userPath(id, 'revoke-sessions'), { method: 'POST' }));
}
