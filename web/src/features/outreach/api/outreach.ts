import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { OutreachExplanation, OutreachKind, OutreachList, OutreachOpenCase } from '#contracts/outreach.ts';
import { apiRequest } from '../../../lib/api-client.ts';

export const outreachKeys = { all: ['outreach'] as const };

/** `GET /api/outreach`: the 应保尽保 list of the user's area (or the township chosen). Counted afresh at most every 5 minutes. */
export function useOutreach(params: { county?: string; township?: string }) {
  return useQuery({
    queryKey: [...outreachKeys.all, 'list', params] as const,
    queryFn: ({ signal }) => apiRequest<OutreachList>('/api/outreach', { query: { county: params.county, township: params.township }, signal }),
    staleTime: 5 * 60_000,
  });
}

/** `GET /api/outreach/:county/:id/explanation`: the engine's explanation of one finding (fetched when expanded). */
export function useOutreachExplanation(ref: { county: string; householdId: string; kind: OutreachKind; personId: string | null }, enabled: boolean) {
  return useQuery({
    queryKey: [...outreachKeys.all, 'explain', ref] as const,
    queryFn: ({ signal }) =>
      apiRequest<OutreachExplanation>(`/api/outreach/${ref.county}/${ref.householdId}/explanation`, { query: { kind: ref.kind, person: ref.personId ?? undefined }, signal }),
    enabled,
    staleTime: 5 * 60_000,
  });
}

/** `POST /api/outreach/:county/:id/case`: a case opened from a row after the visit. */
export function useOpenOutreachCase() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { county: string; householdId: string; body: OutreachOpenCase }) =>
      apiRequest<{ countyCode: string; id: string; state: string; kind: string }>(`/api/outreach/${v.county}/${v.householdId}/case`, { method: 'POST', body: v.body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: outreachKeys.all }),
  });
}
