import type { Kysely } from 'kysely';

/**
 * 首页预览 A PDF's first-page preview, rendered (issue 17 point 1, ADR 0050): `preview_failed` says that a PDF's
 * preview could not be made (damaged, hostile, too slow: the PDF itself is stored all the same), beside
 * `preview_pending` (0034), which now means only "not tried yet" — the PDFs uploaded before this change, given their
 * previews by `doudi files previews` (the migration of the existing data: the bytes are in the file store, which a
 * schema migration does not open).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('case_file')
    .addColumn('preview_failed', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('case_file_preview_pending').on('case_file').columns(['preview_pending']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('case_file_preview_pending').execute();
  await db.schema.alterTable('case_file').dropColumn('preview_failed').execute();
}
