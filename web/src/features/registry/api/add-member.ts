import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type HouseholdDetail, PersonInput } from '#contracts/registry.ts';
import { apiRequest } from '../../../lib/api-client.ts';
import { householdPath } from './get-household.ts';
import { registryKeys } from './query-keys.ts';

export const addMemberSchema = PersonInput;

/** `POST /api/households/:county/:id/members` → the household with its new member. */
export function addMember(county: string, id: string, body: PersonInput): Promise<HouseholdDetail> {
  return apiRequest<HouseholdDetail>(`${householdPath(county, id)}/members`, { method: 'POST', body });
}

export function useAddMember(county: string, id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: PersonInput) => addMember(county, id, body),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: registryKeys.household(county, id) });
      void qc.invalidateQueries({ queryKey: registryKeys.lists() });
    },
  });
}
