import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import type { Kysely, Transaction } from 'kysely';
import { type CaseFileList, type CaseFileUploadQuery, type CaseFileView, DOCUMENT_TYPE_LABELS, type DocumentType, OWNER_DOCUMENT_TYPES, REQUIRED_DOCUMENTS, STEP_DOCUMENT_TYPES, STEPS_KEEPING_LOCATION } from '../../contracts/case-files.ts';
import { appendAudit } from '../../db/audit.ts';
import { CaseFileRepo } from '../../db/case-file-repo.ts';
import type { CaseListRow } from '../../db/case-repo.ts';
import type { FileStore } from '../../db/file-store.ts';
import type { CaseFileTable, Database } from '../../db/schema.ts';
import { notFound, scopeOf } from '../../db/scope.ts';
import { AppError } from '../../kernel/errors.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import type { PlainDate } from '../../kernel/plain-date.ts';
import { isFinal, type Step } from '../../workflow/case-types.ts';
import { TRANSITIONS } from '../../workflow/transitions.ts';
import type { Permission } from '../../contracts/roles.ts';
import { numberInForce } from '../policy/parameters.ts';
import { checkEvidence } from '../uploads/evidence-file.ts';
import { actorName, auditActor, type CommandContext, nowIso, recordRead, requirePermission } from '../context.ts';
import { type CaseRef, casesFor, kindOf, requireCase, stateOf } from './case-context.ts';

/**
 * 档案材料 Files given for a case's steps (issue 17, ADR 0049): uploaded by whoever may take the step, checked by content
 * (src/commands/uploads/evidence-file.ts), stored sealed in the connection's file store under their digest, recorded
 * as a `case_file` row with an audit event carrying the digest in the same transaction; listed to the case's readers,
 * downloaded with an audited read. A closed case's files are read-only.
 */
export const CASE_FILE = { zh: '档案材料', en: 'case file' };

/** An upload as the route saved it: a private temporary file (cut at the size bound) and how to remove it. */
export interface SavedUpload {
  path: string;
  dir: string;
  cleanup: () => Promise<void>;
}

export function storeOf(ctx: CommandContext): FileStore {
  const files = ctx.db.files;
  if (!files) throw new AppError('FILE_STORE_MISSING', { zh: '服务器未配置文件存储，无法保存材料', en: 'The server has no file store: files cannot be kept' }, { status: 503 });
  return files;
}

export function presentCaseFile(r: CaseFileTable): CaseFileView {
  const type = r.document_type as DocumentType;
  return {
    countyCode: r.county_code,
    id: r.id,
    ownerKind: r.owner_kind,
    ownerId: r.owner_id,
    caseId: r.case_id,
    step: r.step,
    documentType: type,
    documentTypeLabel: DOCUMENT_TYPE_LABELS[type] ?? DOCUMENT_TYPE_LABELS.other,
    fileName: r.file_name,
    mediaType: r.media_type,
    sizeBytes: Number(r.size_bytes),
    digest: r.digest,
    hasPreview: r.preview_digest !== null,
    previewPending: Number(r.preview_pending) === 1,
    previewFailed: Number(r.preview_failed) === 1,
    keptLocation: Number(r.kept_location) === 1,
    uploadedByName: r.uploaded_by_name,
    uploadedAt: r.uploaded_at,
    deleted: Number(r.deleted) === 1,
  };
}

function refused(code: string, zh: string, en: string, field: string, status = 422): AppError {
  return new AppError(code, { zh, en }, { status, field });
}

/** Checks that `step` takes files and offers `type`, and that the actor may take the step in this kind of case. */
function checkStepAndType(ctx: CommandContext, row: CaseListRow, step: string, type: DocumentType): void {
  const offered = STEP_DOCUMENT_TYPES[step];
  if (!offered) throw refused('CASE_FILE_STEP', `“${step}”环节不收取材料`, `The step "${step}" takes no files`, 'step');
  if (!offered.includes(type)) {
    const label = DOCUMENT_TYPE_LABELS[type];
    throw refused('CASE_FILE_TYPE', `该环节不收取“${label.zh}”`, `This step takes no ${label.en}`, 'type');
  }
  const t = TRANSITIONS[kindOf(row)][step as Step];
  if (!t || t.roles.length === 0) throw refused('CASE_FILE_STEP', '该类案件没有此环节', 'This kind of case has no such step', 'step');
  requirePermission(ctx.actor, t.permission);
}

function readOnly(): AppError {
  return new AppError('CASE_FILES_READ_ONLY', { zh: '案件已办结，其档案材料只读', en: 'The case is closed: its files are read-only' }, { status: 409 });
}

/**
 * The owner a file is filed against (ADR 0050): a case (and its step), a household, a screening ledger row or a
 * finding, as read within the actor's area — what the record and the audit event name. `readOnly` refuses the upload
 * (a closed case, a concluded ledger row, an answered finding).
 */
export interface FileOwner {
  kind: CaseFileTable['owner_kind'];
  countyCode: string;
  id: string;
  caseId: string | null;
  householdId: string | null;
  areaCode: string;
  readOnly: AppError | null;
}

/** What one upload files: the document type (already checked against the owner's list), the name, the step if any. */
export interface FileUpload {
  step: string | null;
  type: DocumentType;
  name: string;
  keepLocation: boolean;
  /** The device's own id of the file (`CaseFileUploadQuery.clientKey`): sent again, it answers the first record. */
  clientKey?: string;
  save: () => Promise<SavedUpload>;
}

/**
 * 上传材料 The one upload of a file against any owner (ADR 0049, 0050). The caller has checked the permission and read
 * the owner in the actor's area (`owner`, called again inside the transaction: the owner may have changed meanwhile).
 * `save` is called only then (the body is not even read otherwise); the upload is checked by content, stored, and
 * recorded with its audit event (`case_file.upload`, the content digest) in one transaction; the temporary files go.
 */
export async function storeOwnerFile(ctx: CommandContext, owner: (q: Kysely<Database> | Transaction<Database>) => Promise<FileOwner>, u: FileUpload): Promise<CaseFileView> {
  const store = storeOf(ctx);
  const first = await owner(ctx.db.kysely);
  // The same file sent again by the device (its first answer lost): the record made then, even if the owner has been
  // closed since; the body is not read.
  const prior = await filedBefore(ctx, first, u);
  if (prior) return prior;
  if (first.readOnly) throw first.readOnly;
  const upload = await u.save();
  try {
    const checked = await checkEvidence(upload.path, { dir: upload.dir, keepLocation: u.keepLocation });
    const stored = await store.put(createReadStream(checked.path));
    const preview = checked.previewPath ? await store.put(createReadStream(checked.previewPath)) : null;
    const at = nowIso(ctx);
    return await ctx.db.kysely.transaction().execute(async (trx) => {
      // Read again in the transaction: the case may have been closed, the row concluded, the finding answered.
      const now = await owner(trx);
      if (now.readOnly) throw now.readOnly;
      const rec: CaseFileTable = {
        county_code: now.countyCode,
        id: randomUUID(),
        owner_kind: now.kind,
        owner_id: now.id,
        case_id: now.caseId,
        step: u.step,
        household_id: now.householdId,
        area_code: now.areaCode,
        document_type: u.type,
        file_name: u.name,
        media_type: checked.mediaType,
        size_bytes: stored.size,
        digest: stored.digest,
        key_id: stored.keyId,
        preview_digest: preview?.digest ?? null,
        preview_key_id: preview?.keyId ?? null,
        preview_pending: 0,
        preview_failed: checked.previewFailure ? 1 : 0,
        kept_location: checked.keptLocation ? 1 : 0,
        uploaded_by: ctx.actor.operator ? null : ctx.actor.userId,
        uploaded_by_name: actorName(ctx.actor),
        uploaded_at: at,
        deleted: 0,
        deleted_by_name: null,
        deleted_at: null,
        client_key: u.clientKey ?? null,
      };
      await new CaseFileRepo(trx, scopeOf(ctx.actor.areaCode)).insert(rec);
      const owned = now.kind === 'case' ? { case: now.id } : { owner: now.kind, ownerId: now.id, ...(now.householdId ? { household: now.householdId } : {}) };
      await appendAudit(
        trx,
        auditActor(ctx.actor),
        {
          chain: now.countyCode,
          action: 'case_file.upload',
          entityType: 'case_file',
          entityId: rec.id,
          after: { ...owned, step: rec.step, type: rec.document_type, mediaType: rec.media_type, size: rec.size_bytes, digest: rec.digest, previewDigest: rec.preview_digest },
          // The content digest in clear in the chained event: the file can be checked against the chain at any time.
          detail: {
            ...owned,
            step: rec.step,
            type: rec.document_type,
            digest: rec.digest,
            previewDigest: rec.preview_digest,
            size: rec.size_bytes,
            detected: checked.detected,
            keptLocation: checked.keptLocation,
            ...(checked.previewFailure ? { previewFailed: checked.previewFailure } : {}),
          },
        },
        at,
      );
      return presentCaseFile(rec);
    });
  } catch (e) {
    // Two sends of the same file at once: the second meets the first's key in the database and answers its record.
    const raced = u.clientKey && isUniqueViolation(e) ? await filedBefore(ctx, first, u) : null;
    if (raced) return raced;
    throw e;
  } finally {
    await upload.cleanup();
  }
}

/**
 * The record an earlier upload with the same device key made, when there is one: the same owner, step and uploader,
 * or a refusal (409) — a key is one file's, and a device never reuses it for another.
 */
async function filedBefore(ctx: CommandContext, owner: FileOwner, u: FileUpload): Promise<CaseFileView | null> {
  if (!u.clientKey) return null;
  const r = await new CaseFileRepo(ctx.db.kysely, scopeOf(ctx.actor.areaCode)).byClientKey(owner.countyCode, u.clientKey);
  if (!r) return null;
  const uploader = ctx.actor.operator ? null : ctx.actor.userId;
  if (r.owner_kind !== owner.kind || r.owner_id !== owner.id || r.step !== u.step || r.uploaded_by !== uploader) {
    throw new AppError(
      'CASE_FILE_KEY_USED',
      { zh: '该文件标识已用于另一份材料，未做任何更改。请重新选择文件后上传。', en: 'This file key was already used for another file; nothing was changed. Choose the file again and upload it.' },
      { status: 409, field: 'clientKey' },
    );
  }
  return presentCaseFile(r);
}

/**
 * Uploads a file for a step of a case. `save` is called only once the actor is known to be allowed (the body is not
 * even read otherwise); the upload is checked, stored, and recorded with its audit event; the temporary files go.
 */
export async function uploadCaseFile(ctx: CommandContext, o: { ref: CaseRef; query: CaseFileUploadQuery; save: () => Promise<SavedUpload> }): Promise<CaseFileView> {
  requirePermission(ctx.actor, 'cases.read');
  const row = await requireCase(casesFor(ctx), o.ref);
  checkStepAndType(ctx, row, o.query.step, o.query.type);
  const keep = o.query.keepLocation === true && STEPS_KEEPING_LOCATION.includes(o.query.step);
  return storeOwnerFile(
    ctx,
    async (q) => {
      const now = await requireCase(casesFor(ctx, q), o.ref);
      return { kind: 'case', countyCode: now.county_code, id: now.id, caseId: now.id, householdId: now.household_id, areaCode: now.area_code, readOnly: isFinal(stateOf(now)) ? readOnly() : null };
    },
    { step: o.query.step, type: o.query.type, name: o.query.name, keepLocation: keep, clientKey: o.query.clientKey, save: o.save },
  );
}

/** An owner's files, oldest first (for a household: its own, not its cases'; the archive lists everything). */
export async function listOwnerFiles(ctx: CommandContext, owner: Pick<FileOwner, 'kind' | 'countyCode' | 'id'>): Promise<CaseFileList> {
  const files = await new CaseFileRepo(ctx.db.kysely, scopeOf(ctx.actor.areaCode)).ofOwner(owner.countyCode, owner.kind, owner.id);
  return { items: files.map(presentCaseFile), missing: {} };
}

/** Checks that the owner kind offers the document type (OWNER_DOCUMENT_TYPES). */
export function checkOwnerType(kind: keyof typeof OWNER_DOCUMENT_TYPES, type: DocumentType): void {
  if ((OWNER_DOCUMENT_TYPES[kind] as readonly DocumentType[]).includes(type)) return;
  const label = DOCUMENT_TYPE_LABELS[type];
  throw refused('CASE_FILE_TYPE', `此处不收取“${label.zh}”`, `No ${label.en} is taken here`, 'type');
}

/** A case's files, and the required documents still missing for its steps. */
export async function listCaseFiles(ctx: CommandContext, ref: CaseRef): Promise<CaseFileList> {
  requirePermission(ctx.actor, 'cases.read');
  const row = await requireCase(casesFor(ctx), ref);
  const files = await new CaseFileRepo(ctx.db.kysely, scopeOf(ctx.actor.areaCode)).ofCase(row.county_code, row.id);
  const missing: Record<string, DocumentType[]> = {};
  const applies = await requirementApplies(ctx.db.kysely, row);
  for (const step of Object.keys(REQUIRED_DOCUMENTS.steps)) {
    const m = applies ? missingFromRows(step, files) : [];
    if (m.length) missing[step] = m;
  }
  return { items: files.map(presentCaseFile), missing };
}

/**
 * Whether the requirement of required documents applies to a case: its program, and its county's parameter
 * `procedure.requiredDocuments.enforced` in force on the day it was applied for is 1.
 */
export async function requirementApplies(q: Kysely<Database> | Transaction<Database>, row: Pick<CaseListRow, 'program' | 'applied_on' | 'county_code'>): Promise<boolean> {
  if (!REQUIRED_DOCUMENTS.programs.includes(row.program)) return false;
  return (await numberInForce(q, REQUIRED_DOCUMENTS.parameter, row.county_code, row.applied_on as PlainDate)) === 1;
}

/** The required documents of `step` the files do not hold (the requirement already known to apply). */
function missingFromRows(step: string, files: readonly CaseFileTable[]): DocumentType[] {
  const need = REQUIRED_DOCUMENTS.steps[step];
  if (!need) return [];
  // The documents of the application count for its acceptance (one scan, filed once).
  const steps = step === 'accept' ? ['apply', 'resubmit', 'accept'] : [step];
  const have = new Set(files.filter((f) => Number(f.deleted) === 0 && f.step !== null && steps.includes(f.step)).map((f) => f.document_type));
  return need.filter((t) => !have.has(t));
}

/** The required documents missing for `step` of a case, read in the step's transaction. */
export async function missingDocuments(trx: Transaction<Database> | Kysely<Database>, row: CaseListRow, step: string): Promise<DocumentType[]> {
  if (!REQUIRED_DOCUMENTS.steps[step] || !(await requirementApplies(trx, row))) return [];
  const files = await new CaseFileRepo(trx, scopeOf(row.area_code)).ofCase(row.county_code, row.id);
  return missingFromRows(step, files);
}

/** `CASE_DOCUMENTS_MISSING` (422), naming the missing document types in both languages. */
export function documentsMissing(step: string, missing: readonly DocumentType[]): AppError {
  return new AppError(
    'CASE_DOCUMENTS_MISSING',
    {
      zh: `缺少必备材料：${missing.map((t) => DOCUMENT_TYPE_LABELS[t].zh).join('、')}。请先上传后再办理（${REQUIRED_DOCUMENTS.citation}）`,
      en: `Required documents missing: ${missing.map((t) => DOCUMENT_TYPE_LABELS[t].en).join(', ')}. Upload them first (${REQUIRED_DOCUMENTS.citation})`,
    },
    { status: 422, field: 'files', details: { step, missing } },
  );
}

/** Who may read a file: the readers of its owner (a case's, the registry's, the screening ledger's, the findings'). */
export const OWNER_READ_PERMISSION: Readonly<Record<CaseFileTable['owner_kind'], Permission>> = {
  case: 'cases.read',
  household: 'registry.read',
  ledger_row: 'screening.read',
  finding: 'findings.read',
};

/**
 * A file's content (or its preview) for download: the record read in the actor's area, the read audited. The reader
 * needs the read permission of the file's owner (OWNER_READ_PERMISSION); without it the file is not found.
 */
export async function openCaseFile(ctx: CommandContext, o: { countyCode: string; id: string; preview?: boolean }): Promise<{ file: CaseFileView; mediaType: string; stream: Readable }> {
  const store = storeOf(ctx);
  const r = await new CaseFileRepo(ctx.db.kysely, scopeOf(ctx.actor.areaCode)).get(o.countyCode, o.id);
  if (!r) {
    requirePermission(ctx.actor, 'cases.read');
    throw notFound(CASE_FILE);
  }
  requirePermission(ctx.actor, OWNER_READ_PERMISSION[r.owner_kind]);
  const digest = o.preview ? r.preview_digest : r.digest;
  if (!digest) throw new AppError('CASE_FILE_NO_PREVIEW', { zh: '该材料没有预览图', en: 'This file has no preview' }, { status: 404 });
  const stream = await store.get(digest);
  await recordRead(ctx, { chain: r.county_code, action: o.preview ? 'case_file.preview' : 'case_file.download', entityType: 'case_file', entityId: r.id, detail: { case: r.case_id, digest } });
  return { file: presentCaseFile(r), mediaType: o.preview ? 'image/jpeg' : r.media_type, stream };
}
