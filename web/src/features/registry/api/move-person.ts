import { useMutation, useQueryClient } from '@tanstack/react-query';
import { PersonMove } from '#contracts/registry.ts';
import { apiRequest } from '../../../lib/api-client.ts';
import { registryKeys } from './query-keys.ts';

export const movePersonSchema = PersonMove;

/** `POST /api/persons/:county/:id/move`: into another household of the same county. */
export function movePerson(county: string, personId: string, body: PersonMove): Promise<unknown> {
  return apiRequest<unknown>(`/api/persons/${encodeURIComponent(county)}/${encodeURIComponent(personId)}/move`, {
    method: 'POST',
    body,
  });
}

export function useMovePerson(county: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ personId, body }: { personId: string; body: PersonMove }) => movePerson(county, personId, body),
    // Both households changed; the registry prefix covers them and every list.
    onSettled: () => void qc.invalidateQueries({ queryKey: registryKeys.all }),
  });
}
