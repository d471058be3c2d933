import { useQuery } from '@tanstack/react-query';
import type { RollView } from '#contracts/payroll.ts';
import { apiRequest } from '../../../lib/api-client.ts';
import { payrollKeys, rollPath } from './query-keys.ts';

/** `GET /api/payroll/rolls/:county/:id`: a roll, its control totals and what this user may do with it. */
export function getRoll(county: string, id: string, signal?: AbortSignal): Promise<RollView> {
  return apiRequest<RollView>(rollPath(county, id), { signal });
}

export function useRoll(county: string, id: string) {
  return useQuery({ queryKey: payrollKeys.roll(county, id), queryFn: ({ signal }) => getRoll(county, id, signal) });
}
