import { useMutation, useQueries, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client.ts';
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
