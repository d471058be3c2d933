import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReserveLedger, ReserveOverview, ReserveTopUpInput, ReserveTopUpResult } from '#contracts/temporary-reserve.ts';
import { apiRequest } from '../../../lib/api-client.ts';

const base = '/api/temporary/reserves';

/** 备用金一览 The balances of the townships in the user's area. */
export function useReserveOverview() {
  return useQuery({ queryKey: ['reserves', 'overview'], queryFn: () => apiRequest<ReserveOverview>(base) });
}

/** 备用金台账 A township's ledger, newest first, page by page ("more" loads the older entries). */
export function useReserveLedger(township: string) {
  return useInfiniteQuery({
    queryKey: ['reserves', 'ledger', township],
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam }) => apiRequest<ReserveLedger>(`${base}/${encodeURIComponent(township)}`, { query: pageParam === undefined ? {} : { before: pageParam } }),
    getNextPageParam: (last) => last.nextBefore ?? undefined,
  });
}

export function useTopUp(township: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ReserveTopUpInput) => apiRequest<ReserveTopUpResult>(`${base}/${encodeURIComponent(township)}/top-ups`, { method: 'POST', body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['reserves'] }),
  });
}
