import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ComplianceReportView } from '#contracts/policy.ts';
import { apiRequest } from '../../../lib/api-client.ts';
import { policyKeys } from './query-keys.ts';

/** `GET /api/policy/compliance?at=`: the plan's floors per county on the day. */
export function getCompliance(at: string, signal?: AbortSignal): Promise<ComplianceReportView> {
  return apiRequest<ComplianceReportView>('/api/policy/compliance', { query: { at }, signal });
}

export function useCompliance(at: string, enabled = true) {
  return useQuery({
    enabled,
    queryKey: policyKeys.compliance(at),
    queryFn: ({ signal }) => getCompliance(at, signal),
    placeholderData: keepPreviousData,
  });
}
