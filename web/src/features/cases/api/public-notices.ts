import { useQuery } from '@tanstack/react-query';
import type { PublicNoticeList } from '#contracts/cases.ts';
import { apiRequest } from '../../../lib/api-client.ts';
import { caseKeys } from './query-keys.ts';

/** `GET /api/public-notices`: the cases under a village or county notice, masked (name, members, amount). */
export function getPublicNotices(level: 'village' | 'county', area: string | undefined, signal?: AbortSignal): Promise<PublicNoticeList> {
  return apiRequest<PublicNoticeList>('/api/public-notices', { query: { level, area }, signal });
}

export function usePublicNotices(level: 'village' | 'county', area: string | undefined, enabled = true) {
  return useQuery({ queryKey: caseKeys.notices(level, area), queryFn: ({ signal }) => getPublicNotices(level, area, signal), enabled });
}
