import type { PovertyFieldChange } from '#contracts/poverty.ts';

type T = (key: string, o?: Record<string, unknown>) => string;

/** Fields whose values are codes the app names (the rest are shown as the office wrote them). */
const CODED = new Set(['attribute', 'status', 'health', 'idForm']);

/** One value of a changed field as a user reads it: a code named, an empty value as 无. */
export function fieldValueText(t: T, field: string, v: string | null): string {
  if (v === null || v === '') return t('povertySnapshots.value.none');
  return CODED.has(field) ? t(`povertySnapshots.value.${field}.${v}`) : v;
}

/** `健康状况：健康 → 患有大病`: what changed in one field. */
export function fieldChangeText(t: T, f: PovertyFieldChange): string {
  return `${t(`povertySnapshots.field.${f.field}`)}：${fieldValueText(t, f.field, f.before)} → ${fieldValueText(t, f.field, f.after)}`;
}
