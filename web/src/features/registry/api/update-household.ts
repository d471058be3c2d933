import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type HouseholdDetail, HouseholdUpdate } from '#contracts/registry.ts';
import { apiRequest } from '../../../lib/api-client.ts';
import { householdPath } from './get-household.ts';
import { registryKeys } from './query-keys.ts';

export const updateHouseholdSchema = HouseholdUpdate;

/** `PUT /api/households/:county/:id`; 409 STALE_VERSION when someone else saved since `version`. */
export function updateHousehold(county: string, id: string, body: HouseholdUpdate): Promise<HouseholdDetail> {
  return apiRequest<HouseholdDetail>(householdPath(county, id), { method: 'PUT', body });
}

export function useUpdateHousehold(county: string, id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: HouseholdUpdate) => updateHousehold(county, id, body),
    onSuccess: (detail) => {
      qc.setQueryData(registryKeys.household(county, id), detail);
      void qc.invalidateQueries({ queryKey: registryKeys.lists() });
    },
  });
}
