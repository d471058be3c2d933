import { useMutation } from '@tanstack/react-query';
import type { JobView } from '#contracts/payroll.ts';
import type { ApiError } from '#contracts/registry.ts';
import { ApiRequestError } from '../../../lib/api-client.ts';
import { useSession } from '../../../lib/auth.tsx';
import { rollPath } from './query-keys.ts';

const TYPES = { csv: 'text/csv', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;

/**
 * `POST …/results`: the bank's result file as the raw request body (CSV or XLSX, as the file's name says), with the
 * session's CSRF token; the answer is the import job, whose report says row by row what was wrong, if anything.
 */
export function useUploadResults(county: string, id: string) {
  const { data: session } = useSession();
  return useMutation({
    mutationFn: async (file: File): Promise<JobView> => {
      const format = file.name.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv';
      const res = await fetch(`${rollPath(county, id)}/results?format=${format}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': TYPES[format], 'x-csrf-token': session?.csrfToken ?? '', accept: 'application/json' },
        body: file,
      });
      const body = (await res.json().catch(() => null)) as JobView | ApiError | null;
      if (!res.ok) {
        const err = body && 'code' in body ? body : { code: `HTTP_${res.status}`, message: { zh: `服务器返回错误（${res.status}）`, en: `The server answered with an error (${res.status})` } };
        throw new ApiRequestError(res.status, err as ApiError);
      }
      return body as JobView;
    },
  });
}
