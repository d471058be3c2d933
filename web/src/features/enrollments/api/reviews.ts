import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { REVIEW_STEP_VALUES, ReviewDetail, ReviewOpen } from '#contracts/enrollments.ts';
import { apiRequest } from '../../../lib/api-client.ts';
import { registryKeys } from '../../registry/api/query-keys.ts';
import { enrollmentKeys, reviewPath } from './query-keys.ts';

type ReviewStep = (typeof REVIEW_STEP_VALUES)[number];

/** The endpoint of each review step a user takes (`open` is `POST /api/reviews`). */
export const REVIEW_STEP_PATHS: Record<Exclude<ReviewStep, 'open'>, string> = {
  investigate: 'investigation',
  township_review: 'township-review',
  return_for_investigation: 'return',
  county_return: 'county-return',
  decide: 'decision',
  cancel: 'cancel',
};

export function useReview(county: string, id: string | null) {
  return useQuery({
    queryKey: enrollmentKeys.review(county, id ?? ''),
    queryFn: ({ signal }) => apiRequest<ReviewDetail>(reviewPath(county, id ?? ''), { signal }),
    enabled: id !== null,
  });
}

/** `POST /api/reviews`: on schedule, or for a change the household reported. */
export function useOpenReview() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ReviewOpen) => apiRequest<ReviewDetail>('/api/reviews', { method: 'POST', body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: enrollmentKeys.all }),
  });
}

/** `POST /api/reviews/:county/:id/<step>` with the version the user saw. */
export function useReviewStep(county: string, id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { step: Exclude<ReviewStep, 'open'>; body: { version: number } & Record<string, unknown> }) =>
      apiRequest<ReviewDetail>(`${reviewPath(county, id)}/${REVIEW_STEP_PATHS[v.step]}`, { method: 'POST', body: v.body }),
    onSuccess: (r, v) => {
      qc.setQueryData(enrollmentKeys.review(county, id), r);
      void qc.invalidateQueries({ queryKey: enrollmentKeys.all });
      // An investigation may have changed the household in the registry (issue 11 point 10).
      if (v.step === 'investigate') void qc.invalidateQueries({ queryKey: registryKeys.all });
    },
  });
}
