/**
 * 档案材料 The case archive's files (issue 17, ADR 0049): the document types a file is filed under, the documents a
 * step requires, and the DTOs of the file routes.
 */
import { z } from 'zod';

/** 材料类型 The document types, in the order a case file lists them. */
export const DOCUMENT_TYPE_VALUES = ['application', 'declaration', 'id_hukou', 'disability_cert', 'diagnosis', 'visit_form', 'photo', 'other', 'signature'] as const;
export type DocumentType = (typeof DOCUMENT_TYPE_VALUES)[number];

export const DOCUMENT_TYPE_LABELS: Readonly<Record<DocumentType, { zh: string; en: string }>> = {
  application: { zh: '申请书', en: 'application form' },
  declaration: { zh: '家庭经济状况声明及核对授权书', en: 'declaration of the family’s finances and authorisation to check them' },
  id_hukou: { zh: '身份证/户口簿', en: 'ID card / household register' },
  disability_cert: { zh: '残疾证', en: 'disability certificate' },
  diagnosis: { zh: '诊断证明', en: 'medical diagnosis' },
  visit_form: { zh: '入户调查表', en: 'home-visit form' },
  photo: { zh: '照片', en: 'photo' },
  other: { zh: '其他', en: 'other' },
  // 签名 A signature drawn on the phone's screen at a home visit (申请人, 调查人): a PNG (ADR 0051).
  signature: { zh: '签名', en: 'signature' },
};

/** The steps a file may be filed against, with the document types each offers (照片 and 其他 everywhere). */
export const STEP_DOCUMENT_TYPES: Readonly<Partial<Record<string, readonly DocumentType[]>>> = {
  apply: ['application', 'declaration', 'id_hukou', 'disability_cert', 'diagnosis', 'photo', 'other'],
  resubmit: ['application', 'declaration', 'id_hukou', 'disability_cert', 'diagnosis', 'photo', 'other'],
  accept: ['application', 'declaration', 'id_hukou', 'disability_cert', 'diagnosis', 'photo', 'other'],
  investigate: ['visit_form', 'photo', 'id_hukou', 'disability_cert', 'diagnosis', 'other', 'signature'],
  spot_visit: ['visit_form', 'photo', 'other', 'signature'],
  deliberate: ['photo', 'other'],
  assist_first: ['application', 'id_hukou', 'diagnosis', 'photo', 'other'],
};

/**
 * The owners other than a case's step (ADR 0050) and the document types each offers: a household's own papers (ID and
 * hukou, certificates), a screening ledger row's home visit (the visit form, photos — their location kept on request,
 * like a case's home visit), a finding's rectification evidence (the township's answer). 签名 on a household (a periodic
 * review's home visit recorded on the phone) and on a ledger row (its verification visit's), ADR 0051.
 */
export const OWNER_DOCUMENT_TYPES = {
  household: ['id_hukou', 'disability_cert', 'diagnosis', 'photo', 'other', 'signature'],
  ledger_row: ['visit_form', 'photo', 'id_hukou', 'disability_cert', 'diagnosis', 'other', 'signature'],
  finding: ['photo', 'visit_form', 'other'],
} as const satisfies Readonly<Record<'household' | 'ledger_row' | 'finding', readonly DocumentType[]>>;
export type FileOwnerKind = keyof typeof OWNER_DOCUMENT_TYPES;
/** The owners whose photos keep their location when the uploader asks (a home visit's). */
export const OWNERS_KEEPING_LOCATION: readonly FileOwnerKind[] = ['ledger_row'];

/** The steps whose photos keep their location when the uploader asks (a home visit's photos prove where it was). */
export const STEPS_KEEPING_LOCATION: readonly string[] = ['investigate', 'spot_visit'];

/**
 * 必备材料 The documents a step cannot be completed without, for dibao and tekun cases: 民政部
 * 《最低生活保障审核审批办法（试行）》(民发〔2012〕220号) 第九条 (申请书, 家庭经济状况声明, 核对授权, 户口簿和身份证) for
 * the acceptance, 第十四条 (入户调查，调查人员填写家庭经济状况调查表) for the investigation. Enforced for a county's cases
 * applied on or after the day its parameter `procedure.requiredDocuments.enforced` turns 1 (a dated override, ADR 0049):
 * the cases recorded before keep their typed-in attachment names; the shipped value is 0 until a county switches it on.
 */
export const REQUIRED_DOCUMENTS = {
  parameter: 'procedure.requiredDocuments.enforced',
  citation: '民政部《最低生活保障审核审批办法（试行）》（民发〔2012〕220号）第九条、第十四条',
  programs: ['dibao', 'tekun'] as readonly string[],
  steps: {
    accept: ['application', 'declaration', 'id_hukou'],
    investigate: ['visit_form'],
  } as Readonly<Partial<Record<string, readonly DocumentType[]>>>,
};

export const CaseFileUploadQuery = z.object({
  /** The step the file is given for (its permission is the upload's). */
  step: z.string().min(1).max(40),
  type: z.enum(DOCUMENT_TYPE_VALUES),
  /** The file's name as the user's device had it (display only, never used as a path). */
  name: z.string().trim().min(1).max(200),
  /** Keep the photo's location (EXIF) — only for a step that offers it. */
  keepLocation: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
  /**
   * The device's own id of the file (a field visit's photo or signature): the same file sent again with the same key —
   * a sync cut before its answer arrived — answers the record made the first time instead of filing a second one.
   */
  clientKey: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,100}$/)
    .optional(),
});
export type CaseFileUploadQuery = z.infer<typeof CaseFileUploadQuery>;

/** An upload against a household, a ledger row or a finding: no step; the type from the owner's list. */
export const OwnerFileUploadQuery = CaseFileUploadQuery.omit({ step: true });
export type OwnerFileUploadQuery = z.infer<typeof OwnerFileUploadQuery>;

export const CaseFileView = z.object({
  countyCode: z.string(),
  id: z.string(),
  ownerKind: z.enum(['case', 'household', 'ledger_row', 'finding']),
  ownerId: z.string(),
  caseId: z.string().nullable(),
  step: z.string().nullable(),
  documentType: z.enum(DOCUMENT_TYPE_VALUES),
  documentTypeLabel: z.object({ zh: z.string(), en: z.string() }),
  fileName: z.string(),
  mediaType: z.string(),
  sizeBytes: z.number().int(),
  digest: z.string(),
  hasPreview: z.boolean(),
  previewPending: z.boolean(),
  /** A PDF whose first page could not be rendered as a preview (damaged, or refused as hostile): the file itself is kept. */
  previewFailed: z.boolean().optional(),
  keptLocation: z.boolean(),
  uploadedByName: z.string(),
  uploadedAt: z.string(),
  deleted: z.boolean(),
});
export type CaseFileView = z.infer<typeof CaseFileView>;

export const CaseFileList = z.object({
  items: z.array(CaseFileView),
  /** The required document types not yet uploaded, per step (only steps whose requirement applies to this case). */
  missing: z.record(z.string(), z.array(z.enum(DOCUMENT_TYPE_VALUES))),
});
export type CaseFileList = z.infer<typeof CaseFileList>;

/** 电子档案 One entry of a household's electronic case file, in the order things happened. */
export const ArchiveEntry = z.object({
  /** The day (YYYY-MM-DD) it happened, and the moment when known (ordering within a day). */
  on: z.string(),
  at: z.string().nullable(),
  kind: z.enum(['case', 'decision', 'document', 'file', 'payment']),
  caseId: z.string().nullable(),
  title: z.object({ zh: z.string(), en: z.string() }),
  /** The record's own reference: a file's id (download), a document's number, a roll and line. */
  ref: z.string(),
  amountYuan: z.string().nullable(),
});
export type ArchiveEntry = z.infer<typeof ArchiveEntry>;

/** 档案保管期限 A case of the archive with its retention (closed cases only; ADR 0050). */
export const ArchiveCase = z.object({
  id: z.string(),
  program: z.string(),
  state: z.string(),
  appliedOn: z.string(),
  /** The day it was closed (a final state), null while open. */
  closedOn: z.string().nullable(),
  retentionYears: z.number().int().nullable(),
  /** 保管至: the closing day plus the program's retention in years (the parameter in force that day). */
  retainUntil: z.string().nullable(),
  /** Past its retention today: listed for appraisal, never deleted automatically. */
  due: z.boolean(),
});
export type ArchiveCase = z.infer<typeof ArchiveCase>;

export const HouseholdArchive = z.object({
  countyCode: z.string(),
  householdId: z.string(),
  entries: z.array(ArchiveEntry),
  /** The household's cases with their retention (ADR 0050). */
  cases: z.array(ArchiveCase).optional(),
  /** The files of the entries, by id (previews, downloads; ADR 0050). */
  files: z.array(CaseFileView).optional(),
  counts: z.object({ cases: z.number().int(), decisions: z.number().int(), documents: z.number().int(), files: z.number().int(), payments: z.number().int() }),
});
export type HouseholdArchive = z.infer<typeof HouseholdArchive>;

/** 到期清单 The closed cases past their retention (`doudi archive due`). */
export const RetentionDueList = z.object({
  day: z.string(),
  county: z.string(),
  items: z.array(
    z.object({
      countyCode: z.string(),
      caseId: z.string(),
      householdId: z.string(),
      program: z.string(),
      state: z.string(),
      closedOn: z.string(),
      years: z.number().int(),
      retainUntil: z.string(),
      citation: z.string(),
    }),
  ),
});
export type RetentionDueList = z.infer<typeof RetentionDueList>;
