/**
 * 建档立卡数据导入 The poverty-registry import's contract (issue 12 points 1 and 9, ADR 0032): the query of an upload,
 * its answer (a dated snapshot with its difference from the previous one and the match summary; the same content again
 * a no-op; or a refusal with the row-by-row report, nothing changed), the list of snapshots and a snapshot's changes.
 */
import { z } from 'zod';
import { RegistryImportProblem } from './registry-import.ts';

export const PovertyImportQuery = z.object({
  format: z.enum(['csv', 'xlsx']).default('xlsx'),
  /** The county the file covers (6 or 12 digits); without it the city. Rows outside it are errors. */
  county: z
    .string()
    .regex(/^\d{6}(\d{6})?$/, { message: 'DIVISION_CODE_FORMAT' })
    .optional(),
  /** The day the office's file stands for (default: today). */
  asOf: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'DATE_FORMAT' })
    .optional(),
  /** The file's name as the user chose it (shown in the snapshot list). */
  fileName: z.string().max(200).optional(),
});
export type PovertyImportQuery = z.infer<typeof PovertyImportQuery>;

export const PovertyImportProblem = RegistryImportProblem;
export type PovertyImportProblem = RegistryImportProblem;

const Counts = z.object({ households: z.number().int(), persons: z.number().int() });

/** What matching found (src/commands/poverty/match-snapshot.ts): counts by kind of match. */
export const PovertyMatchSummary = z.record(z.string(), z.number());

export const PovertyImportResult = z.object({
  /** accepted: a new snapshot; unchanged: the same content as the area's latest snapshot (nothing written); refused. */
  outcome: z.enum(['accepted', 'unchanged', 'refused']),
  applied: z.boolean(),
  /** The new snapshot, or for `unchanged` the latest one whose content the file repeats. */
  snapshotId: z.string().nullable(),
  areaCode: z.string(),
  asOf: z.string(),
  /** Person rows read (the header and the template's example row not counted). */
  rows: z.number().int(),
  households: z.number().int(),
  persons: z.number().int(),
  added: Counts,
  removed: Counts,
  changed: Counts,
  /** The previous snapshot of the same area the difference is taken against (null: the first). */
  previousId: z.string().nullable(),
  match: PovertyMatchSummary.nullable(),
  problemCount: z.number().int(),
  problems: z.array(RegistryImportProblem).max(500),
});
export type PovertyImportResult = z.infer<typeof PovertyImportResult>;

/** A refused import's report, sent back to be rendered as a workbook. */
export const PovertyImportReport = z.object({ problemCount: z.number().int(), problems: z.array(RegistryImportProblem).max(500) });
export type PovertyImportReport = z.infer<typeof PovertyImportReport>;

export const PovertySnapshot = z.object({
  id: z.string(),
  areaCode: z.string(),
  areaName: z.string(),
  asOf: z.string(),
  fileName: z.string(),
  households: z.number().int(),
  persons: z.number().int(),
  added: Counts,
  removed: Counts,
  changed: Counts,
  previousId: z.string().nullable(),
  importedByName: z.string(),
  importedAt: z.string(),
});
export type PovertySnapshot = z.infer<typeof PovertySnapshot>;

export const PovertySnapshotList = z.object({ items: z.array(PovertySnapshot) });
export type PovertySnapshotList = z.infer<typeof PovertySnapshotList>;

export const PovertyChangeQuery = z.object({
  kind: z.enum(['household', 'person']).optional(),
  change: z.enum(['added', 'removed', 'changed']).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type PovertyChangeQuery = z.infer<typeof PovertyChangeQuery>;

/** One changed field: codes for attributes, status and health (the web app names them), the rest as written. */
export const PovertyFieldChange = z.object({ field: z.string(), before: z.string().nullable(), after: z.string().nullable() });
export type PovertyFieldChange = z.infer<typeof PovertyFieldChange>;

export const PovertyChange = z.object({
  kind: z.enum(['household', 'person']),
  change: z.enum(['added', 'removed', 'changed']),
  /** 户编号 of the household (of the person's household). */
  hhNo: z.string(),
  /** The household's head, or the person's name. */
  name: z.string(),
  villageName: z.string(),
  /** A person's ID number, masked (null without a valid number). */
  idNumber: z.string().nullable(),
  fields: z.array(PovertyFieldChange),
});
export type PovertyChange = z.infer<typeof PovertyChange>;

export const PovertyChangePage = z.object({ snapshot: PovertySnapshot, total: z.number().int(), items: z.array(PovertyChange) });
export type PovertyChangePage = z.infer<typeof PovertyChangePage>;
