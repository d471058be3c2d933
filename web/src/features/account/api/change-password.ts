import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ChangePasswordRequest, SessionInfo } from '#contracts/session.ts';
import { apiRequest, setCsrfToken } from '../../../lib/api-client.ts';
import { SESSION_KEY } from '../../../lib/auth.tsx';

/** Changes one's own password (also the change forced after an administrator's reset); other sessions end. */
export function useChangePassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ChangePasswordRequest) => apiRequest<SessionInfo>('/api/account/password', { method: 'POST', body }),
    onSuccess: (info) => {
      setCsrfToken(info.csrfToken);
      qc.setQueryData(SESSION_KEY, info);
    },
  });
}
