import { type CaseInvestigation as CaseInvestigationBody, CaseInvestigation, SpotVisit, type SpotVisit as SpotVisitBody } from '#contracts/cases.ts';
import { type ReviewInvestigation as ReviewInvestigationBody, ReviewInvestigation } from '#contracts/enrollments.ts';
import type { AnyAssignedVisit, FieldVisitSync, ReviewVisitSync, SpotVisitSync } from '#contracts/field-visits.ts';
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
/**
 * The kinds this device records: a case's investigation, a periodic review's, a screening ledger row's verification
 * visit and the county's spot visit of a sampled case.
 */
export type DeviceVisit = AnyAssignedVisit;
export type VisitKind = DeviceVisit['kind'];
export const VISIT_KINDS: readonly VisitKind[] = ['investigation', 'review', 'screening', 'spot_check'];
export const isDeviceVisit = (v: AnyAssignedVisit): v is DeviceVisit => (VISIT_KINDS as readonly string[]).includes(v.kind);

/** What a visit records: its kind, county and id (the case's or the review's). */
export interface VisitTarget {
  kind: VisitKind;
  countyCode: string;
  /** The case's or review's id; a ledger row's household number (户编号) in its campaign. */
  id: string;
  campaignId?: string;
}

/** The version and state of what was visited when the task was downloaded. */
export interface Base {
  version: number;
  state: string;
}

export function targetOf(task: DeviceVisit): VisitTarget {
  if (task.kind === 'screening') return { kind: task.kind, countyCode: task.countyCode, id: task.hhNo, campaignId: task.campaignId };
  return { kind: task.kind, countyCode: task.countyCode, id: task.kind === 'review' ? task.reviewId : task.caseId };
}
/** One key per task and kind on the device (a case, a review and a ledger row never share one). */
export const targetKey = (t: VisitTarget) => `${t.kind}/${t.countyCode}/${t.campaignId ? `${t.campaignId}/` : ''}${t.id}`;
export const sameTarget = (a: VisitTarget, b: VisitTarget) => targetKey(a) === targetKey(b);
/** The person the visit is named by: the applicant of a case, the head of a reviewed household. */
export const titleOf = (task: DeviceVisit) => (task.kind === 'review' ? task.household.headName : task.kind === 'screening' ? task.headName : task.applicantName);
/** Where the household lives: its address, or for a ledger row (the office's record has none) its village. */
export const placeOf = (task: DeviceVisit) => (task.kind === 'screening' ? task.areaName : task.household.address);
/** The office page of what was visited (the case page, or the review desk, whose open reviews list it). */
export const officePath = (t: VisitTarget) => (t.kind === 'review' ? '/reviews' : t.kind === 'screening' ? '/screening' : `/cases/${t.countyCode}/${encodeURIComponent(t.id)}`);
/** The device's form of a task. */
export function formPath(t: VisitTarget): string {
  if (t.kind === 'investigation') return `/field-visits/${t.countyCode}/${encodeURIComponent(t.id)}`;
  if (t.kind === 'review') return `/field-visits/review/${t.countyCode}/${encodeURIComponent(t.id)}`;
  if (t.kind === 'spot_check') return `/field-visits/spot/${t.countyCode}/${encodeURIComponent(t.id)}`;
  return `/field-visits/screening/${t.countyCode}/${encodeURIComponent(t.campaignId ?? '')}/${encodeURIComponent(t.id)}`;
}
/** Which kinds take photos and signatures as files (uploaded as the case's investigate-step files); a review has no file route yet. */
export const takesFiles = (kind: VisitKind) => kind === 'investigation';
export type SignatureRole = 'applicant' | 'investigator1' | 'investigator2';
export const SIGNATURE_ROLES: readonly SignatureRole[] = ['applicant', 'investigator1', 'investigator2'];

/** A photo or a signature kept on the device (its bytes in the encrypted file store under `id`). */
export interface VisitFile {
  id: string;
  kind: 'photo' | 'signature';
  role?: SignatureRole;
  name: string;
  mediaType: string;
  /** The case file it became on the server, once uploaded (a retried sync does not upload it again). */
  uploadedAs?: string;
}

/**
 * pending: waiting for the network; synced: the server recorded it; conflict: the case moved on since the base (kept
 * until discarded or re-based); refused: the server refused it for another reason (kept, with the server's words).
 */
export type VisitStatus = 'pending' | 'synced' | 'conflict' | 'refused';

export interface Bilingual {
  zh: string;
  en: string;
}

/** The case or review as the server has it, shown beside the device's record in a conflict. */
export interface ServerSide {
  version: number;
  state: string;
  stateLabel: Bilingual;
  investigation: { investigatedOn: string; investigators: string[]; findings: string; recordedAt: string | null; receivedAt?: string } | null;
}

interface RecordCommon {
  visitId: string;
  target: VisitTarget;
  /** The applicant's (case) or the head's (review) name. */
  title: string;
  address: string;
  base: Base;
  /** When it was recorded in the home, by the device's clock (ISO). */
  recordedAt: string;
  files: VisitFile[];
  status: VisitStatus;
  message?: Bilingual;
  server?: ServerSide;
  /** When the server recorded it (the investigation's arrival), once synced. */
  receivedAt?: string;
}

export type VisitBody =
  | { kind: 'investigation'; body: CaseInvestigationBody }
  | { kind: 'review'; body: ReviewInvestigationBody }
  /** The ledger's fill as the row drawer sends it (amounts as typed, in yuan: the server reads them into fen once). */
  | { kind: 'screening'; body: RowFill }
  | { kind: 'spot_check'; body: SpotVisitBody };
export type VisitRecord = RecordCommon & VisitBody;

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

/**
 * A record as stored by an earlier version of the app (a case investigation keyed by `caseId`, named by
 * `applicantName`, no `kind`), read as the current shape: records not yet synced survive an update of the app.
 */
export function upgradeRecord(raw: unknown): VisitRecord {
  const r = raw as Partial<VisitRecord> & { caseId?: string; applicantName?: string; countyCode?: string };
  if (r.kind && r.target) return r as VisitRecord;
  const { caseId, applicantName, countyCode, ...rest } = r;
  return { ...(rest as RecordCommon), kind: 'investigation', body: r.body as CaseInvestigationBody, target: { kind: 'investigation', countyCode: countyCode ?? '', id: caseId ?? '' }, title: applicantName ?? '' };
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
