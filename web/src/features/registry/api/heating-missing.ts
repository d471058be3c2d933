import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { HeatingMissingPage, HeatingMissingQuery } from '#contracts/registry.ts';
import { apiRequest } from '../../../lib/api-client.ts';
import { registryKeys } from './query-keys.ts';

/** `GET /api/registry/heating/missing`: a page of the enrolled households missing heating data (ADR 0042). */
export function useHeatingMissing(params: Partial<HeatingMissingQuery>) {
  return useQuery({
    // Under the registry's lists: a household edit or an import invalidates it with them.
    queryKey: [...registryKeys.lists(), 'heating-missing', params] as const,
    queryFn: ({ signal }) =>
      apiRequest<HeatingMissingPage>('/api/registry/heating/missing', { query: { area: params.area, page: params.page, pageSize: params.pageSize }, signal }),
    placeholderData: keepPreviousData,
  });
}
