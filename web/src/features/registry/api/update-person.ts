import { useMutation, useQueryClient } from '@tanstack/react-query';
import { PersonUpdate } from '#contracts/registry.ts';
import { apiRequest } from '../../../lib/api-client.ts';
import { registryKeys } from './query-keys.ts';

export const updatePersonSchema = PersonUpdate;

/** `PUT /api/persons/:county/:id`; 409 STALE_VERSION when the person changed since `version`. */
export function updatePerson(county: string, personId: string, body: PersonUpdate): Promise<unknown> {
  return apiRequest<unknown>(`/api/persons/${encodeURIComponent(county)}/${encodeURIComponent(personId)}`, {
    method: 'PUT',
    body,
  });
}

/** Refreshes the household the person belongs to: the answer's shape is not needed here. */
export function useUpdatePerson(county: string, householdId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ personId, body }: { personId: string; body: PersonUpdate }) => updatePerson(county, personId, body),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: registryKeys.household(county, householdId) });
      void qc.invalidateQueries({ queryKey: registryKeys.lists() });
    },
  });
}
