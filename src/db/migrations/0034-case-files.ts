import { type Kysely, sql } from 'kysely';

/**
 * 档案材料 Attachments as records (issue 17 point 1, ADR 0049): `case_file`, one row per uploaded piece of evidence —
 * its owner (a case and the step it was given for, a household, a screening ledger row or a finding), its document
 * type (申请书, 身份证/户口簿 …, src/contracts/case-files.ts), the name it was uploaded under (shown, never used), the
 * media type detected from its content, its size, the SHA-256 digest of its content (the file store's key, carried by
 * the upload's audit event) and of its preview, who uploaded it and when. `area_code` is the owner's, so the area scope
 * reads it like every other table; `key_id` names the data key the stored file is sealed with (`keys retire` refuses a
 * key files still use: key rotation does not re-seal files); a file is never deleted, only marked (`deleted_*`), and the store keeps the bytes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('case_file')
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('owner_kind', 'text', (c) => c.notNull().check(sql`owner_kind in ('case', 'household', 'ledger_row', 'finding')`))
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text')
    .addColumn('step', 'text')
    .addColumn('household_id', 'text')
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('document_type', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'bigint', (c) => c.notNull().check(sql`size_bytes > 0`))
    .addColumn('digest', 'text', (c) => c.notNull().check(sql`length(digest) = 64`))
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('preview_digest', 'text')
    .addColumn('preview_key_id', 'text')
    .addColumn('preview_pending', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('kept_location', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('uploaded_by', 'text')
    .addColumn('uploaded_by_name', 'text', (c) => c.notNull())
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('deleted_by_name', 'text')
    .addColumn('deleted_at', 'text')
    .addPrimaryKeyConstraint('case_file_pk', ['county_code', 'id'])
    .execute();
  await db.schema.createIndex('case_file_owner').on('case_file').columns(['county_code', 'owner_kind', 'owner_id', 'uploaded_at']).execute();
  await db.schema.createIndex('case_file_case').on('case_file').columns(['county_code', 'case_id']).execute();
  await db.schema.createIndex('case_file_household').on('case_file').columns(['county_code', 'household_id']).execute();
  await db.schema.createIndex('case_file_digest').on('case_file').columns(['digest']).execute();
  await db.schema.createIndex('case_file_key').on('case_file').columns(['key_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('case_file').execute();
}
