import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { HouseholdPage, HouseholdSearch } from '#contracts/registry.ts';
import { apiRequest } from '../../../lib/api-client.ts';
import { registryKeys } from './query-keys.ts';

export type SearchParams = Partial<HouseholdSearch>;

/** `GET /api/households`: one page, filtered on the server (never the whole registry in the browser). */
export function searchHouseholds(params: SearchParams, signal?: AbortSignal): Promise<HouseholdPage> {
  return apiRequest<HouseholdPage>('/api/households', {
    query: { q: params.q, area: params.area, page: params.page, pageSize: params.pageSize },
    signal,
  });
}

export function useSearchHouseholds(params: SearchParams, opts: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: registryKeys.list(params),
    queryFn: ({ signal }) => searchHouseholds(params, signal),
    placeholderData: keepPreviousData,
    enabled: opts.enabled ?? true,
  });
}
