import { useMutation, useQueryClient } from '@tanstack/react-query';
import { HouseholdCreate, type HouseholdDetail } from '#contracts/registry.ts';
import { apiRequest } from '../../../lib/api-client.ts';
import { registryKeys } from './query-keys.ts';

/** The request schema, run in the browser before sending so field errors show without a round trip. */
export const createHouseholdSchema = HouseholdCreate;

/** `POST /api/households` → 201 with the new household. */
export function createHousehold(body: HouseholdCreate): Promise<HouseholdDetail> {
  return apiRequest<HouseholdDetail>('/api/households', { method: 'POST', body });
}

export function useCreateHousehold() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: createHousehold,
    onSuccess: (detail) => {
      qc.setQueryData(registryKeys.household(detail.countyCode, detail.id), detail);
      void qc.invalidateQueries({ queryKey: registryKeys.lists() });
    },
  });
}
