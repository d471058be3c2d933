import { type CaseInvestigation as CaseInvestigationBody, CaseInvestigation } from '#contracts/cases.ts';
import type { AssignedVisit, FieldVisitSync, VisitBase } from '#contracts/field-visits.ts';
import { stepBody, type Values } from '../../cases/components/step-form-model.ts';

/**
 * 离线入户记录 The model of a home visit recorded on the device (ADR 0051), pure so it is tested without a browser:
 * the body is the office form's (`stepBody('investigate', …)` checked by the contract's `CaseInvestigation`, the same
 * fields and validation as the township office's form), kept with the visit's id, the time it was recorded and the
 * base it was recorded against; what a sync's outcome does to the record; re-basing and discarding after a conflict.
 */
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

/** The case as the server has it, shown beside the device's record in a conflict. */
export interface ServerSide {
  version: number;
  state: string;
  stateLabel: Bilingual;
  investigation: { investigatedOn: string; investigators: string[]; findings: string; recordedAt: string | null; receivedAt?: string } | null;
}

export interface VisitRecord {
  visitId: string;
  countyCode: string;
  caseId: string;
  applicantName: string;
  address: string;
  base: VisitBase;
  /** When it was recorded in the home, by the device's clock (ISO). */
  recordedAt: string;
  body: CaseInvestigationBody;
  files: VisitFile[];
  status: VisitStatus;
  message?: Bilingual;
  server?: ServerSide;
  /** When the server recorded it (the investigation's arrival), once synced. */
  receivedAt?: string;
}

export type Issues = { path: string; message: string }[];

/** The office form's body from the form's values, checked by the contract's schema: the visit's investigation. */
export function visitBody(values: Values, base: VisitBase): { ok: true; body: CaseInvestigationBody } | { ok: false; issues: Issues } {
  const parsed = CaseInvestigation.safeParse(stepBody('investigate', values, base.version));
  if (parsed.success) return { ok: true, body: parsed.data };
  return { ok: false, issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) };
}

/** A new record of a visit to an assigned task. */
export function newVisit(task: AssignedVisit, body: CaseInvestigationBody, files: VisitFile[], o: { visitId: string; now: Date }): VisitRecord {
  return {
    visitId: o.visitId,
    countyCode: task.countyCode,
    caseId: task.caseId,
    applicantName: task.applicantName,
    address: task.household.address,
    base: task.base,
    recordedAt: o.now.toISOString(),
    body: { ...body, version: task.base.version },
    files,
    status: 'pending',
  };
}

/** What the sync route is sent for a record (its photos and signatures named among the attachments). */
export function syncRequest(r: VisitRecord): FieldVisitSync {
  const names = r.files.map((f) => f.name);
  return {
    ...r.body,
    version: r.base.version,
    attachments: [...new Set([...r.body.attachments, ...names])].slice(0, 50),
    visitId: r.visitId,
    recordedAt: r.recordedAt,
    baseState: r.base.state,
  };
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
 * Re-bases a record after a conflict onto the case as it now stands — only when the investigation is again due there
 * (the case came back to the visit's state, e.g. returned for another investigation): the user has seen the server's
 * side and keeps their record against the new base. Otherwise null: the record can only be kept or discarded.
 */
export function rebase(r: VisitRecord, now: VisitBase): VisitRecord | null {
  if (r.status !== 'conflict' && r.status !== 'refused') return null;
  if (now.state !== r.base.state) return null;
  return { ...r, base: now, body: { ...r.body, version: now.version }, status: 'pending', message: undefined, server: undefined };
}
