import { useMutation } from '@tanstack/react-query';
import type { SimulationRequest, SimulationResult } from '#contracts/simulate.ts';
import { apiRequest } from '../../../lib/api-client.ts';

/** `POST /api/policy/simulate` (city supervisors): read-only, one at a time per server (429 `SIMULATE_BUSY`). */
export function runSimulation(body: SimulationRequest): Promise<SimulationResult> {
  return apiRequest<SimulationResult>('/api/policy/simulate', { method: 'POST', body });
}

export function useRunSimulation() {
  return useMutation({ mutationFn: runSimulation });
}
