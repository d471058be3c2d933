import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { SpotCheckDraw, SpotCheckView } from '#contracts/cases.ts';
import { apiRequest } from '../../../lib/api-client.ts';
import { caseKeys } from './query-keys.ts';

/** `POST /api/spot-checks`: draws the county's home-visit sample over the cases waiting at the county (seeded, recorded). */
export function drawSpotCheck(body: SpotCheckDraw): Promise<SpotCheckView> {
  return apiRequest<SpotCheckView>('/api/spot-checks', { method: 'POST', body });
}

export function useDrawSpotCheck() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: drawSpotCheck, onSuccess: () => void qc.invalidateQueries({ queryKey: caseKeys.all }) });
}
