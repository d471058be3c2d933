import { useMutation } from '@tanstack/react-query';
import type { RevealField, RevealResult } from '#contracts/registry.ts';
import { apiRequest } from '../../../lib/api-client.ts';
import { householdPath } from './get-household.ts';

/**
 * `POST /api/households/:county/:id/reveal`: a full ID number, bank account or phone, on the user's deliberate request
 * (screens show them masked; every request is in the audit trail, ADR 0012). Never cached: the value lives only in the
 * component that asked for it.
 */
export function revealPersonalData(county: string, id: string, fields: RevealField[]): Promise<RevealResult> {
  return apiRequest<RevealResult>(`${householdPath(county, id)}/reveal`, { method: 'POST', body: { fields } });
}

export function useReveal(county: string, id: string) {
  return useMutation({ mutationFn: (fields: RevealField[]) => revealPersonalData(county, id, fields) });
}
