import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { HeatingExceptionKind, SeasonBuildResult, SeasonExceptionPage, SeasonListItem, SeasonView } from '#contracts/heating.ts';
import { apiRequest } from '../../../lib/api-client.ts';
import { payrollKeys } from '../../payroll/api/query-keys.ts';

/** Cache keys of the heating seasons: one prefix, so that opening or building refreshes every season view at once. */
export const heatingKeys = {
  all: ['heating'] as const,
  list: () => ['heating', 'seasons'] as const,
  season: (county: string, season: string) => ['heating', 'season', county, season] as const,
  exceptions: (county: string, season: string, q: ExceptionsParams) => ['heating', 'season', county, season, 'exceptions', q] as const,
};

const seasonPath = (county: string, season: string) => `/api/heating/seasons/${encodeURIComponent(county)}/${encodeURIComponent(season)}`;

/** `GET /api/heating/seasons`: the seasons of the user's counties, newest first. */
export function useSeasons() {
  return useQuery({ queryKey: heatingKeys.list(), queryFn: ({ signal }) => apiRequest<SeasonListItem[]>('/api/heating/seasons', { signal }) });
}

/** `GET /api/heating/seasons/:county/:season`: dates, parameters, rolls and figures. */
export function useSeason(county: string, season: string) {
  return useQuery({ queryKey: heatingKeys.season(county, season), queryFn: ({ signal }) => apiRequest<SeasonView>(seasonPath(county, season), { signal }) });
}

export interface ExceptionsParams {
  kind?: HeatingExceptionKind;
  area?: string;
  page: number;
  pageSize: number;
}

/** `GET …/exceptions`: a page of the season's exceptions, one kind or all, in an area. */
export function useSeasonExceptions(county: string, season: string, q: ExceptionsParams) {
  return useQuery({
    queryKey: heatingKeys.exceptions(county, season, q),
    queryFn: ({ signal }) => apiRequest<SeasonExceptionPage>(`${seasonPath(county, season)}/exceptions`, { query: { kind: q.kind, area: q.area, page: q.page, pageSize: q.pageSize }, signal }),
    placeholderData: keepPreviousData,
  });
}

export interface OpenSeasonBody {
  county: string;
  season: string;
  referenceDay?: string;
}

/** `POST /api/heating/seasons`: opens a county's season (answers with the season). */
export function useOpenSeason() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: OpenSeasonBody) => apiRequest<SeasonView>('/api/heating/seasons', { method: 'POST', body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: heatingKeys.all }),
  });
}

/** `POST …/rolls`: the season roll, or the next supplementary roll (a roll like any other: approved on its page). */
export function useBuildSeasonRoll(county: string, season: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (supplementary: boolean) => apiRequest<SeasonBuildResult>(`${seasonPath(county, season)}/rolls`, { method: 'POST', body: { supplementary } }),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: heatingKeys.all });
      void qc.invalidateQueries({ queryKey: payrollKeys.all });
    },
  });
}
