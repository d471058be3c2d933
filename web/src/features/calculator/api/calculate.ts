import { useMutation } from '@tanstack/react-query';
import type { DeterminationView, SituationBody } from '#contracts/policy.ts';
import { apiRequest } from '../../../lib/api-client.ts';

/** `POST /api/policy/calculate`: a situation → the determination with reasons and trace (nothing is stored). */
export function calculate(body: SituationBody): Promise<DeterminationView> {
  return apiRequest<DeterminationView>('/api/policy/calculate', { method: 'POST', body });
}

export function useCalculate() {
  return useMutation({ mutationFn: calculate });
}
