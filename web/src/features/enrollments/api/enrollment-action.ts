import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { EnrollmentAction, EnrollmentDetail } from '#contracts/enrollments.ts';
import { apiRequest } from '../../../lib/api-client.ts';
import { enrollmentKeys, enrollmentPath } from './query-keys.ts';

/** The endpoint of each action on an enrollment (opening a review is `POST /api/reviews`: reviews.ts). */
export const ACTION_PATHS: Record<Exclude<EnrollmentAction, 'open_review'>, string> = {
  suspend: 'suspend',
  resume: 'resume',
  increase: 'increase',
  reduce: 'reduce',
  stop: 'stop',
  termination_notice: 'termination-notice',
  termination_confirm: 'termination-notice/confirm',
  termination_withdraw: 'termination-notice/withdraw',
};

export type ActionBody = { version: number; reasons: string[] } & Record<string, unknown>;

/**
 * `POST /api/enrollments/:county/:id/<action>` with the version the user saw and the written reasons; the change takes
 * effect next month. Answers with the enrollment as it now stands.
 */
export function takeAction(county: string, id: string, action: keyof typeof ACTION_PATHS, body: ActionBody): Promise<EnrollmentDetail> {
  return apiRequest<EnrollmentDetail>(`${enrollmentPath(county, id)}/${ACTION_PATHS[action]}`, { method: 'POST', body });
}

export function useEnrollmentAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { county: string; id: string; action: keyof typeof ACTION_PATHS; body: ActionBody }) => takeAction(v.county, v.id, v.action, v.body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: enrollmentKeys.all }),
  });
}
