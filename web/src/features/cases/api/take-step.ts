import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CaseDetail, STEP_VALUES } from '#contracts/cases.ts';
import { apiRequest } from '../../../lib/api-client.ts';
import { caseKeys, casePath } from './query-keys.ts';

type Step = (typeof STEP_VALUES)[number];

/** The endpoint of each step a user takes on a case page (`draw_spot_check` is a batch: draw-spot-check.ts). */
export const STEP_PATHS: Partial<Record<Step, string>> = {
  accept: 'accept',
  request_missing: 'request-missing',
  resubmit: 'resubmit',
  investigate: 'investigation',
  close_ineligible: 'investigation',
  deliberate: 'deliberation',
  township_review: 'township-review',
  return_for_investigation: 'return',
  object_village: 'objections',
  object_county: 'objections',
  close_village_notice: 'close-village-notice',
  spot_visit: 'spot-visit',
  county_opinion: 'county-opinion',
  approve: 'approve',
  refuse: 'refuse',
  withdraw: 'withdraw',
};

/**
 * `POST /api/cases/:county/:id/<step>` with the version the user saw; 409 STALE_VERSION when someone else moved the
 * case first. Every step answers with the case as it now stands.
 */
export function takeStep(county: string, id: string, step: Step, body: { version: number } & Record<string, unknown>): Promise<CaseDetail> {
  const path = STEP_PATHS[step];
  if (!path) throw new Error(`no endpoint for step ${step}`);
  return apiRequest<CaseDetail>(`${casePath(county, id)}/${path}`, { method: 'POST', body });
}

export function useTakeStep(county: string, id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { step: Step; body: { version: number } & Record<string, unknown> }) => takeStep(county, id, v.step, v.body),
    onSuccess: (c) => {
      qc.setQueryData(caseKeys.detail(county, id), c);
      void qc.invalidateQueries({ queryKey: caseKeys.lists() });
      void qc.invalidateQueries({ queryKey: ['worklist'] });
    },
  });
}
