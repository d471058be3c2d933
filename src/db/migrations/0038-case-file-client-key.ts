import { type Kysely, sql } from 'kysely';

/**
 * 设备端文件标识 A file uploaded from a device that may send it twice (a field visit's photo or signature, issue 17
 * point 4, ADR 0051): the device's own id of the file, unique per county when set. A sync cut between the upload and its
 * answer sends the file again with the same key, and the server answers the first record instead of filing a second.
 * Null for every upload made at the office (and for the files recorded before this migration).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('case_file').addColumn('client_key', 'text').execute();
  await db.schema.createIndex('case_file_client_key').unique().on('case_file').columns(['county_code', 'client_key']).where(sql.ref('client_key'), 'is not', null).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('case_file_client_key').execute();
  await db.schema.alterTable('case_file').dropColumn('client_key').execute();
}
