import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TrainingClockView } from '#contracts/training-clock.ts';
import { apiRequest, isApiRequestError } from '../../../lib/api-client.ts';
import type { CalendarMonth } from '../components/calendar-model.ts';

const calendarKey = (year: number, month: number) => ['calendar', year, month] as const;

/** The twelve months of a year (`GET /api/calendar/:year/:month`), each a query of its own. */
export function useCalendarYear(year: number) {
  return useQueries({
    queries: Array.from({ length: 12 }, (_, i) => ({
      queryKey: calendarKey(year, i + 1),
      queryFn: ({ signal }: { signal: AbortSignal }) => apiRequest<CalendarMonth>(`/api/calendar/${year}/${i + 1}`, { signal }),
    })),
  });
}

/** `PUT /api/calendar/days/:day`: a holiday, a make-up working day (调休), or back to the ordinary rule; with its reason. */
export function useSetCalendarDay() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ day, kind, name }: { day: string; kind: 'holiday' | 'workday' | 'normal'; name: string }) =>
      apiRequest<{ ok: true }>(`/api/calendar/days/${encodeURIComponent(day)}`, { method: 'PUT', body: { kind, name } }),
    onSettled: () => void qc.invalidateQueries({ queryKey: ['calendar'] }),
  });
}

/** `POST /api/calendar/years/:year/complete`: the year's arrangement is fully entered. */
export function useMarkYearComplete() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (year: number) => apiRequest<{ ok: true }>(`/api/calendar/years/${year}/complete`, { method: 'POST' }),
    onSettled: () => void qc.invalidateQueries({ queryKey: ['calendar'] }),
  });
}

/**
 * `GET /api/training-clock`: the training day of a demo server. A real server has no such route (404): then the
 * query settles on null and nothing about a training clock is shown.
 */
export function useTrainingClock() {
  return useQuery({
    queryKey: ['training-clock'],
    queryFn: async ({ signal }) => {
      try {
        return await apiRequest<TrainingClockView>('/api/training-clock', { signal });
      } catch (e) {
        if (isApiRequestError(e) && e.status === 404) return null;
        throw e;
      }
    },
    retry: false,
  });
}

/** `POST /api/training-clock`: forward `days`, or back to the real day; every page's data is read again on that day. */
export function useSetTrainingClock() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { days: number } | { reset: true }) => apiRequest<TrainingClockView>('/api/training-clock', { method: 'POST', body }),
    onSuccess: () => void qc.invalidateQueries(),
  });
}
