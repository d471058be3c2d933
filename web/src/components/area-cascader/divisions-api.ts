import type { DivisionView } from '#contracts/session.ts';
import { apiRequest } from '../../lib/api-client.ts';

/** Divisions are reference data: they change a few times a year, so the browser keeps them for the session. */
export const divisionKeys = {
  children: (code: string) => ['divisions', code, 'children'] as const,
  detail: (code: string) => ['divisions', code] as const,
};

export type DivisionWithPath = DivisionView & { path: DivisionView[] };

export function fetchChildren(code: string): Promise<DivisionView[]> {
  return apiRequest<DivisionView[]>(`/api/divisions/${encodeURIComponent(code)}/children`);
}

export function fetchDivision(code: string): Promise<DivisionWithPath> {
  return apiRequest<DivisionWithPath>(`/api/divisions/${encodeURIComponent(code)}`);
}

/**
 * The codes from just below `rootCode` down to the division itself, e.g. township then village for a
 * township-level root: the value an antd Cascader rooted at the user's area expects.
 */
export function chainBelow(rootCode: string, division: DivisionWithPath): string[] {
  const codes: string[] = [];
  for (const d of [...division.path, division]) if (!codes.includes(d.code)) codes.push(d.code);
  const i = codes.indexOf(rootCode);
  return i >= 0 ? codes.slice(i + 1) : [division.code];
}
