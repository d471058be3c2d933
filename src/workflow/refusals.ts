import type { Bilingual } from './case-types.ts';

/**
 * Why a step was refused: a stable code, a message in Chinese and English, and the kind of refusal, which the
 * command layer maps to an HTTP status (state → 409, role → 403, record → 400). Pure data: no I/O here.
 */
export interface Refusal {
  code: string;
  message: Bilingual;
  kind: 'state' | 'role' | 'record';
  field?: string;
}

export function refusal(kind: Refusal['kind'], code: string, zh: string, en: string, field?: string): Refusal {
  return { kind, code, message: { zh, en }, ...(field ? { field } : {}) };
}
