/**
 * 户籍导入 The registry import's contract: the query of an upload, and its row-by-row report (applied whole, or refused
 * with every problem found — nothing changed).
 */
import { z } from 'zod';

const Bilingual = z.object({ zh: z.string(), en: z.string() });

/**
 * What a file imports: `households` registers new households (ADR 0028); `heating` records the heating of households
 * already registered (ADR 0042), found by their 户编号 or a member's ID number.
 */
export const REGISTRY_IMPORT_KINDS = ['households', 'heating'] as const;
export type RegistryImportKind = (typeof REGISTRY_IMPORT_KINDS)[number];

export const RegistryImportQuery = z.object({
  /** The village or township the file is for (12 digits); every row's village must lie within it. */
  area: z.string().regex(/^\d{12}$/, { message: 'DIVISION_CODE_FORMAT' }),
  format: z.enum(['csv', 'xlsx']).default('xlsx'),
  kind: z.enum(REGISTRY_IMPORT_KINDS).default('households'),
});
export type RegistryImportQuery = z.infer<typeof RegistryImportQuery>;

/** One problem: the row as the spreadsheet numbers it (1 is the header), the column as the file names it. */
export const RegistryImportProblem = z.object({
  row: z.number().int(),
  column: z.string().nullable(),
  code: z.string(),
  message: Bilingual,
});
export type RegistryImportProblem = z.infer<typeof RegistryImportProblem>;

export const RegistryImportReport = z.object({
  /** Left out: `households` (reports made before the heating import). */
  kind: z.enum(REGISTRY_IMPORT_KINDS).optional(),
  applied: z.boolean(),
  area: z.string(),
  /** Person rows read (the header and example rows not counted). */
  rows: z.number().int(),
  /** Households registered (`households`), or whose heating was written (`heating`). */
  households: z.number().int(),
  persons: z.number().int(),
  /** `heating`: households the file gives as they were already recorded (nothing written for them). */
  unchanged: z.number().int().optional(),
  problemCount: z.number().int(),
  /** The first problems, in file order (at most 500). */
  problems: z.array(RegistryImportProblem).max(500),
});
export type RegistryImportReport = z.infer<typeof RegistryImportReport>;
