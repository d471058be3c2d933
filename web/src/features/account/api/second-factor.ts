import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { EnrolmentDone, EnrolmentStart, SecondFactorRequest, SessionInfo } from '#contracts/session.ts';
import { apiRequest, setCsrfToken } from '../../../lib/api-client.ts';
import { SESSION_KEY } from '../../../lib/auth.tsx';

/** The login's second step: a code from the authenticator app, or a recovery code. The session moves on. */
export function useVerifySecondFactor() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: SecondFactorRequest) => apiRequest<SessionInfo>('/api/auth/second-factor', { method: 'POST', body }),
    onSuccess: (info) => {
      setCsrfToken(info.csrfToken);
      qc.setQueryData(SESSION_KEY, info);
    },
  });
}

/** A new secret to set up in the app: its QR code (an SVG data URL) and the secret for typing in. */
export function useStartEnrolment() {
  return useMutation({ mutationFn: () => apiRequest<EnrolmentStart>('/api/auth/second-factor/enrolment', { method: 'POST' }) });
}

/**
 * Confirms the new secret with a first code; the answer holds the recovery codes (shown once). The session is put
 * into the cache only when the user has seen them (`commit`), so the login page does not move on under them.
 */
export function useConfirmEnrolment() {
  const qc = useQueryClient();
  const m = useMutation({
    mutationFn: (code: string) => apiRequest<EnrolmentDone>('/api/auth/second-factor/enrolment/confirm', { method: 'POST', body: { code } }),
    onSuccess: (r) => setCsrfToken(r.session.csrfToken),
  });
  const commit = () => {
    if (m.data) qc.setQueryData(SESSION_KEY, m.data.session);
  };
  return { ...m, commit };
}
