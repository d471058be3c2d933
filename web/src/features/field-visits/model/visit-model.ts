import { CaseInvestigation, SpotVisit } from '#contracts/cases.ts';
import { ReviewInvestigation } from '#contracts/enrollments.ts';
import type { FieldVisitSync, ReviewVisitSync, SpotVisitSync } from '#contracts/field-visits.ts';
import { RowFill } from '#contracts/screening.ts';
import { type FillValues, fillBody } from '../../screening/components/row-form-model.ts';
import { stepBody, type Values } from '../../cases/components/step-form-model.ts';
import { reviewStepBody } from '../../enrollments/components/review-step-model.ts';

/**
 * 离线入户记录 The model of a home visit recorded on the device (ADR 0051), pure so it is tested without a browser, one
 * model for every kind of visit (`kind`: a case's investigation, a periodic review's investigation): the body is the
 * office form's for that kind (`stepBody('investigate', …)` checked by `CaseInvestigation`; the review drawer's
 * `reviewStepBody('investigate', …)` checked by `ReviewInvestigation` — the same fields and validation as at the
 * office), kept with the visit's id, the time it was recorded and the base it was recorded against; what a sync's
 * outcome does to the record; re-basing and discarding after a conflict.
 */
export * from './visit-keys.ts';
import { placeOf, type RecordCommon, takesFiles, targetOf, titleOf, type VisitBody, type VisitKind, type VisitRecord, type Base, type DeviceVisit, type VisitFile, type Bilingual, type ServerSide } from './visit-keys.ts';

export type Issues = { path: string; message: string }[];

/** The investigators' names, whatever the kind's body holds (the office form's `{ name }`, the review's lines). */
export function investigatorNames(r: VisitRecord): string[] {
  if (r.kind === 'review') return r.body.investigators;
  if (r.kind === 'screening') return [...new Set(r.body.methods.flatMap((m) => m.staff))];
  if (r.kind === 'spot_check') return r.body.visitors;
  return r.body.investigators.map((i) => i.name);
}

/** The day of the visit, whatever the kind (a ledger row's: its last method's). */
export function visitDayOf(r: VisitRecord): string {
  if (r.kind === 'screening') return r.body.methods.at(-1)?.date ?? '';
  return r.kind === 'spot_check' ? r.body.visitedOn : r.body.investigatedOn;
}
/** What was found, as text. */
export function findingsOf(r: VisitRecord): string {
  if (r.kind === 'screening') return r.body.findings?.note ?? '';
  return r.kind === 'spot_check' ? r.body.note : r.body.findings;
}

/** The office form's body of this kind from the form's values, checked by the contract's schema. */
export function visitBody(kind: VisitKind, values: Values, base: Base): ({ ok: true } & VisitBody) | { ok: false; issues: Issues } {
  const issues = (e: { issues: { path: PropertyKey[]; message: string }[] }) => e.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  if (kind === 'screening') {
    // Checked by the ledger's schema; kept as typed (the server reads the amounts into fen itself).
    const body = fillBody(base.version, values as FillValues);
    const parsed = RowFill.safeParse(body);
    if (!parsed.success) return { ok: false, issues: issues(parsed.error) };
    if (!body.methods.some((m) => m.method === 'home_visit')) return { ok: false, issues: [{ path: 'methods', message: 'HOME_VISIT_MISSING' }] };
    return { ok: true, kind, body };
  }
  if (kind === 'spot_check') {
    const parsed = SpotVisit.safeParse(stepBody('spot_visit', values, base.version));
    return parsed.success ? { ok: true, kind, body: parsed.data } : { ok: false, issues: issues(parsed.error) };
  }
  if (kind === 'review') {
    const parsed = ReviewInvestigation.safeParse(reviewStepBody('investigate', values, base.version));
    return parsed.success ? { ok: true, kind, body: parsed.data } : { ok: false, issues: issues(parsed.error) };
  }
  const parsed = CaseInvestigation.safeParse(stepBody('investigate', values, base.version));
  return parsed.success ? { ok: true, kind, body: parsed.data } : { ok: false, issues: issues(parsed.error) };
}

/** A new record of a visit to an assigned task (the body of the task's kind). */
export function newVisit(task: DeviceVisit, b: VisitBody, files: VisitFile[], o: { visitId: string; now: Date }): VisitRecord {
  if (b.kind !== task.kind) throw new Error(`a ${b.kind} body for a ${task.kind} visit`);
  const common: RecordCommon = {
    visitId: o.visitId,
    target: targetOf(task),
    title: titleOf(task),
    address: placeOf(task),
    base: task.base,
    recordedAt: o.now.toISOString(),
    files: takesFiles(task.kind) ? files : [],
    status: 'pending',
  };
  if (b.kind === 'investigation') return { ...common, kind: b.kind, body: { ...b.body, version: task.base.version } };
  if (b.kind === 'review') return { ...common, kind: b.kind, body: { ...b.body, version: task.base.version } };
  if (b.kind === 'spot_check') return { ...common, kind: b.kind, body: { ...b.body, version: task.base.version } };
  return { ...common, kind: b.kind, body: { ...b.body, version: task.base.version } };
}

/** The body the office's step takes (the version the base's), with the files named among the attachments. */
function sentBody(r: Exclude<VisitRecord, { kind: 'screening' }>) {
  const names = r.files.map((f) => f.name);
  return { version: r.base.version, attachments: [...new Set([...r.body.attachments, ...names])].slice(0, 50), visitId: r.visitId, recordedAt: r.recordedAt };
}

/** A screening row's verification visit as its sync route takes it: the fill, the visit's id and time, the base's state. */
export type ScreeningVisitRequest = RowFill & { visitId: string; recordedAt: string; baseState: string };

/** What the sync route of the record's kind is sent. */
export function syncRequest(
  r: VisitRecord,
):
  | { kind: 'investigation'; body: FieldVisitSync }
  | { kind: 'review'; body: ReviewVisitSync }
  | { kind: 'screening'; body: ScreeningVisitRequest }
  | { kind: 'spot_check'; body: SpotVisitSync } {
  if (r.kind === 'screening') return { kind: 'screening', body: { ...r.body, version: r.base.version, visitId: r.visitId, recordedAt: r.recordedAt, baseState: r.base.state } };
  if (r.kind === 'spot_check') return { kind: 'spot_check', body: { ...r.body, ...sentBody(r), baseState: r.base.state as SpotVisitSync['baseState'] } };
  if (r.kind === 'review') return { kind: 'review', body: { ...r.body, ...sentBody(r), baseState: r.base.state as ReviewVisitSync['baseState'] } };
  return { kind: 'investigation', body: { ...r.body, ...sentBody(r), baseState: r.base.state as FieldVisitSync['baseState'] } };
}

export type SyncOutcome =
  | { kind: 'synced'; receivedAt?: string }
  | { kind: 'conflict'; message: Bilingual; server?: ServerSide }
  | { kind: 'refused'; message: Bilingual }
  | { kind: 'offline' };

/**
 * A record after a sync attempt. Nothing is ever dropped here: a conflict or a refusal keeps the whole record (body,
 * files, base) with the server's words and side; the network failing leaves it pending. Only `synced` ends it.
 */
export function afterSync(r: VisitRecord, o: SyncOutcome): VisitRecord {
  switch (o.kind) {
    case 'synced':
      return { ...r, status: 'synced', message: undefined, server: undefined, receivedAt: o.receivedAt };
    case 'conflict':
      return { ...r, status: 'conflict', message: o.message, server: o.server };
    case 'refused':
      return { ...r, status: 'refused', message: o.message };
    case 'offline':
      return r.status === 'synced' ? r : { ...r, status: r.status === 'conflict' ? 'conflict' : 'pending' };
  }
}

/** Whether a sync should send it (pending only: a conflict or a refusal waits for the user). */
export const shouldSync = (r: VisitRecord) => r.status === 'pending';

/** What sign-out would lose: every record the server does not have. */
export const unsynced = (rs: readonly VisitRecord[]) => rs.filter((r) => r.status !== 'synced').length;

/**
 * Re-bases a record after a conflict onto the case or review as it now stands — only when the investigation is again
 * due there (it came back to the visit's state, e.g. returned for another investigation): the user has seen the server's
 * side and keeps their record against the new base. Otherwise null: the record can only be kept or discarded.
 */
export function rebase(r: VisitRecord, now: Base): VisitRecord | null {
  if (r.status !== 'conflict' && r.status !== 'refused') return null;
  if (now.state !== r.base.state) return null;
  const cleared = { base: now, status: 'pending' as const, message: undefined, server: undefined };
  if (r.kind === 'review') return { ...r, ...cleared, body: { ...r.body, version: now.version } };
  if (r.kind === 'screening') return { ...r, ...cleared, body: { ...r.body, version: now.version } };
  if (r.kind === 'spot_check') return { ...r, ...cleared, body: { ...r.body, version: now.version } };
  return { ...r, ...cleared, body: { ...r.body, version: now.version } };
}
