import type { RegistryChangeView, ReviewRegistryChanges } from '#contracts/enrollments.ts';
import type { HouseholdDetail } from '#contracts/registry.ts';
import type { z } from 'zod';

type Values = Record<string, any>;
/** The body as sent (before the server's defaults). */
export type RegistryChangesBody = z.input<typeof ReviewRegistryChanges>;
type Body = RegistryChangesBody;

/** A member's row of the investigation form: their circumstances as the registry holds them, and whether they left. */
export function initialChangeValues(h: HouseholdDetail): Values {
  return {
    members: h.members.map((m) => ({
      laborCapacity: m.laborCapacity,
      disabilityKind: m.disabilityKind ?? undefined,
      disabilityGrade: m.disabilityGrade ?? undefined,
      seriousIllness: m.seriousIllness,
      leave: false,
    })),
    added: [],
    incomes: h.incomes.map((i) => ({ kind: i.kind, annualYuan: i.annualYuan, personId: i.personId ?? '' })),
  };
}

const yuan = (v: unknown) => {
  const n = Number(String(v ?? '').trim());
  return Number.isFinite(n) ? n.toFixed(2) : String(v ?? '');
};
const incomeKey = (i: { kind: string; annualYuan: unknown; personId?: string | null }) => `${i.kind}|${i.personId || ''}|${yuan(i.annualYuan)}`;

/**
 * What the investigation form says changed in the household, as the review's investigation sends it (issue 11 point
 * 10); undefined when nothing did. Members are compared with the registry as the page read it (its version goes along,
 * so an edit made elsewhere since is refused); a member who left takes their own incomes with them; the incomes go
 * only when they differ from the registry's, and then as the whole new list. Nothing is checked here that the
 * registry's commands check: the server refuses bad input with the field it concerns.
 */
export function registryChangesBody(h: HouseholdDetail, v: Values): Body | undefined {
  const rows: Values[] = v.members ?? [];
  const updated: NonNullable<Body['updated']> = [];
  const left: NonNullable<Body['left']> = [];
  h.members.forEach((m, i) => {
    const f = rows[i];
    if (!f) return;
    if (f.leave) {
      left.push({ id: m.id, version: m.version, reason: f.leaveReason, leftOn: f.leftOn });
      return;
    }
    const next = { laborCapacity: f.laborCapacity, disabilityKind: f.disabilityKind ?? null, disabilityGrade: f.disabilityGrade ?? null, seriousIllness: Boolean(f.seriousIllness) };
    const same = next.laborCapacity === m.laborCapacity && next.disabilityKind === m.disabilityKind && next.disabilityGrade === m.disabilityGrade && next.seriousIllness === m.seriousIllness;
    if (same) return;
    updated.push({
      id: m.id,
      version: m.version,
      name: m.name,
      relation: m.relation,
      hukouType: m.hukouType,
      selfCareFailed: m.selfCareFailed,
      supporterStatus: m.supporterStatus,
      inSchool: m.inSchool,
      ...next,
    });
  });
  const added = ((v.added ?? []) as Values[]).map((a) => ({ idNumber: String(a.idNumber ?? '').trim(), name: a.name, relation: a.relation, laborCapacity: a.laborCapacity, reason: a.reason }));
  const leaving = new Set(left.map((l) => l.id));
  const incomes = ((v.incomes ?? []) as Values[])
    .filter((i) => !(i.personId && leaving.has(i.personId)))
    .map((i) => ({ kind: i.kind, annualYuan: String(i.annualYuan ?? '').trim(), personId: i.personId || null }));
  const kept = h.incomes.filter((i) => !(i.personId && leaving.has(i.personId)));
  const incomesChanged = incomes.map(incomeKey).sort().join(';') !== kept.map(incomeKey).sort().join(';');
  if (updated.length === 0 && left.length === 0 && added.length === 0 && !incomesChanged) return undefined;
  return { householdVersion: h.version, updated, left, added, ...(incomesChanged ? { incomes } : {}) };
}

/** The words of one change, before → after, from the locale's keys (the registry's labels for its codes). */
export function changeLine(c: RegistryChangeView, t: (key: string, o?: Record<string, unknown>) => string): string {
  const value = (field: string, v: string): string => {
    switch (field) {
      case 'relation':
        return t(`registry.relation.${v}`);
      case 'laborCapacity':
        return t(`registry.labor.${v}`);
      case 'disability': {
        if (v === 'none') return t('reviews.changes.none');
        const [kind, grade] = v.split(':');
        return `${t(`registry.disability.${kind}`)}${grade ? t(`registry.grade.${grade}`) : ''}`;
      }
      case 'supporterStatus':
        return t(`registry.supporter.${v}`);
      case 'selfCare':
        return t('reviews.changes.selfCareCount', { count: Number(v) });
      default:
        return t(`reviews.changes.${v === 'yes' ? 'yes' : 'no'}`);
    }
  };
  switch (c.type) {
    case 'income':
      return t('reviews.changes.income', {
        kind: t(`registry.income.${c.incomeKind}`),
        owner: c.personName ?? t('reviews.changes.household'),
        before: c.beforeYuan === null ? t('reviews.changes.none') : t('reviews.changes.yuan', { amount: c.beforeYuan }),
        after: c.afterYuan === null ? t('reviews.changes.none') : t('reviews.changes.yuan', { amount: c.afterYuan }),
      });
    case 'member_added':
      return t('reviews.changes.added', { name: c.name, relation: t(`registry.relation.${c.relation}`), reason: t(`reviews.joinReason.${c.reason}`) });
    case 'member_left':
      return t('reviews.changes.left', { name: c.name, relation: t(`registry.relation.${c.relation}`), reason: t(`reviews.leaveReason.${c.reason}`), date: c.leftOn });
    case 'member_changed':
      return t('reviews.changes.changed', { name: c.name, field: t(`reviews.changes.field.${c.field}`), before: value(c.field, c.before), after: value(c.field, c.after) });
  }
}

/**
 * Who or what a refusal of the recorded changes concerns, from its field (`registry.updated.0.disabilityGrade`) and the
 * body sent: the member's name, or the income's place in the list; null for another field.
 */
export function refusalSubject(field: string | undefined, body: RegistryChangesBody | undefined, h: HouseholdDetail, t: (key: string, o?: Record<string, unknown>) => string): string | null {
  const m = /^registry\.(updated|left|added|incomes)\.(\d+)/.exec(field ?? '');
  if (!m || !body) return null;
  const i = Number(m[2]);
  switch (m[1]) {
    case 'updated':
      return body.updated?.[i]?.name ?? null;
    case 'left':
      return h.members.find((p) => p.id === body.left?.[i]?.id)?.name ?? null;
    case 'added':
      return body.added?.[i]?.name ?? null;
    default:
      return t('reviews.changes.incomeNo', { n: i + 1 });
  }
}
