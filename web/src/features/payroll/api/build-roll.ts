import { useMutation } from '@tanstack/react-query';
import type { JobView, RollBuildRequest } from '#contracts/payroll.ts';
import { apiRequest } from '../../../lib/api-client.ts';

/** `POST /api/payroll/rolls`: starts (or joins) the build of a roll; the answer is the job to follow. */
export function startBuild(body: RollBuildRequest): Promise<JobView> {
  return apiRequest<JobView>('/api/payroll/rolls', { method: 'POST', body });
}

export function useStartBuild() {
  return useMutation({ mutationFn: startBuild });
}
