import type { OverrideCreate, ParameterSummary } from '#contracts/policy.ts';

/** What the override form holds (override-modal.tsx). */
export interface OverrideFormValues {
  area: string;
  effectiveFrom: string;
  /** Ends the area's own value (the value sent is null). */
  end: boolean;
  number?: number | null;
  list?: string[];
  citation: string;
  backPay: boolean;
}

export type OverrideFormField = 'area' | 'effectiveFrom' | 'end' | 'number' | 'list' | 'citation' | 'backPay';

/** The request the form sends: null when the value ends, else a number or a list by the parameter's kind. */
export function overrideBody(parameter: Pick<ParameterSummary, 'name' | 'kind'>, v: OverrideFormValues): OverrideCreate {
  const value = v.end ? null : parameter.kind === 'list' ? (v.list ?? []) : (v.number ?? null);
  return { name: parameter.name, area: v.area, effectiveFrom: v.effectiveFrom, value, citation: v.citation, backPay: v.backPay === true };
}

/**
 * The form field a refusal belongs on. The server names `value` for a value out of range, below a floor of the plan or
 * leaving a county without a value (ADR 0017): that is the number or the list typed, or — when the value is being
 * ended, and no value field is shown — the "end" checkbox. Null: no field of this form (the message goes above it).
 */
export function overrideErrorField(serverField: string | undefined, o: { kind: ParameterSummary['kind']; ending: boolean }): OverrideFormField | null {
  if (!serverField) return null;
  if (serverField === 'value') return o.ending ? 'end' : o.kind === 'list' ? 'list' : 'number';
  return (['area', 'effectiveFrom', 'citation', 'backPay'] as const).find((f) => f === serverField) ?? null;
}
