import type { CaseInvestigation as CaseInvestigationBody, SpotVisit as SpotVisitBody } from '#contracts/cases.ts';
import type { ReviewInvestigation as ReviewInvestigationBody } from '#contracts/enrollments.ts';
import type { AnyAssignedVisit } from '#contracts/field-visits.ts';
import type { RowFill } from '#contracts/screening.ts';

/**
 * 走访记录的键与形状 What the device store needs of a visit record — its kinds, keys, names and shape — without the
 * office forms' schemas (visit-model.ts): the store is loaded with the app's first chunk (the automatic sync), and a
 * schema defined there would run before zod is told not to compile parsers (web/src/lib/zod-jitless.ts), which the
 * Content-Security-Policy reports.
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
  /** A review's household (its photos and signatures are filed on it); absent in records of an earlier app. */
  householdId?: string;
}

/** The version and state of what was visited when the task was downloaded. */
export interface Base {
  version: number;
  state: string;
}

export function targetOf(task: DeviceVisit): VisitTarget {
  if (task.kind === 'screening') return { kind: task.kind, countyCode: task.countyCode, id: task.hhNo, campaignId: task.campaignId };
  if (task.kind === 'review') return { kind: task.kind, countyCode: task.countyCode, id: task.reviewId, householdId: task.household.id };
  return { kind: task.kind, countyCode: task.countyCode, id: task.caseId };
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
/** Which kinds take photos and signatures as files: every home visit (where each kind files them: `fileUpload`). */
export const takesFiles = (kind: VisitKind) => VISIT_KINDS.includes(kind);
export type SignatureRole = 'applicant' | 'investigator1' | 'investigator2';
export const SIGNATURE_ROLES: readonly SignatureRole[] = ['applicant', 'investigator1', 'investigator2'];

/**
 * Where a visit's photo or signature is uploaded (ADR 0050, 0051), by the visit's kind — always as a file of what the
 * visiting role may file against, through that owner's own route:
 * - a case's investigation: a case file of its `investigate` step (the case-file route, `cases.investigate`);
 * - a periodic review's: a file of the reviewed **household** (`/api/households/…/files`, `registry.write`, which the
 *   township caseworker taking the review's investigation holds) — a review has no file route of its own;
 * - a screening ledger row's verification visit: a file of the **ledger row** (`…/rows/:rowCounty/:hhNo/files`,
 *   `screening.fill`);
 * - the county's spot visit: a case file of the sampled case's `spot_visit` step (`cases.approve`).
 * Each carries the file's device id as `clientKey`, so a file whose upload's answer was lost is not filed twice.
 * `householdId` is the review's household when the record does not carry it (a record of an earlier app: read from the
 * review by the sync). Null when a review's household is not known: nothing to upload to yet.
 */
export function fileUpload(t: VisitTarget, f: Pick<VisitFile, 'id' | 'kind' | 'name'>, householdId = t.householdId): { path: string; query: Record<string, string> } | null {
  const c = encodeURIComponent(t.countyCode);
  // The file's id on the device as its key: sent again after a lost answer, the server answers the first record.
  const query = { type: f.kind === 'photo' ? 'photo' : 'signature', name: f.name, clientKey: f.id };
  if (t.kind === 'review') return householdId ? { path: `/api/households/${c}/${encodeURIComponent(householdId)}/files`, query } : null;
  if (t.kind === 'screening') return { path: `/api/screening/campaigns/${c}/${encodeURIComponent(t.campaignId ?? '')}/rows/${c}/${encodeURIComponent(t.id)}/files`, query };
  return { path: `/api/cases/${c}/${encodeURIComponent(t.id)}/files`, query: { step: t.kind === 'spot_check' ? 'spot_visit' : 'investigate', ...query } };
}

/** A photo or a signature kept on the device (its bytes in the encrypted file store under `id`). */
export interface VisitFile {
  id: string;
  kind: 'photo' | 'signature';
  role?: SignatureRole;
  name: string;
  mediaType: string;
  /** The file it became on the server (a case's, a household's or a ledger row's), once uploaded (a retried sync does not upload it again). */
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

export interface RecordCommon {
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

