import type { Kysely, Transaction } from 'kysely';
import type { CaseFileTable, Database } from './schema.ts';
import { type AreaScope, whereInScope } from './scope.ts';

type Q = Kysely<Database> | Transaction<Database>;

/**
 * 档案材料 The case archive's file records (migration 0034, ADR 0049), read and written within the actor's area: a
 * file of another area is not found. The bytes live in the file store (src/db/file-store.ts), under `digest`.
 */
export class CaseFileRepo {
  readonly db: Q;
  readonly scope: AreaScope;

  constructor(db: Q, scope: AreaScope) {
    this.db = db;
    this.scope = scope;
  }

  async insert(row: CaseFileTable): Promise<void> {
    await this.db.insertInto('case_file').values(row).execute();
  }

  async get(countyCode: string, id: string): Promise<CaseFileTable | undefined> {
    return whereInScope(this.db.selectFrom('case_file').selectAll().where('county_code', '=', countyCode).where('id', '=', id), this.scope, 'case_file').executeTakeFirst();
  }

  /** The file a device sent with this key (`client_key`, 0038), if it did. */
  async byClientKey(countyCode: string, key: string): Promise<CaseFileTable | undefined> {
    return whereInScope(this.db.selectFrom('case_file').selectAll().where('county_code', '=', countyCode).where('client_key', '=', key), this.scope, 'case_file').executeTakeFirst();
  }

  /** A case's files, oldest first (deleted ones included: the archive shows them struck through). */
  async ofCase(countyCode: string, caseId: string): Promise<CaseFileTable[]> {
    return whereInScope(this.db.selectFrom('case_file').selectAll().where('county_code', '=', countyCode).where('case_id', '=', caseId), this.scope, 'case_file')
      .orderBy('uploaded_at')
      .orderBy('id')
      .execute();
  }

  /** A household's files (its cases' and its own), oldest first. */
  async ofHousehold(countyCode: string, householdId: string): Promise<CaseFileTable[]> {
    return whereInScope(this.db.selectFrom('case_file').selectAll().where('county_code', '=', countyCode).where('household_id', '=', householdId), this.scope, 'case_file')
      .orderBy('uploaded_at')
      .orderBy('id')
      .execute();
  }

  /** An owner's files (a household's own, a ledger row's, a finding's), oldest first. */
  async ofOwner(countyCode: string, kind: CaseFileTable['owner_kind'], ownerId: string): Promise<CaseFileTable[]> {
    return whereInScope(
      this.db.selectFrom('case_file').selectAll().where('county_code', '=', countyCode).where('owner_kind', '=', kind).where('owner_id', '=', ownerId),
      this.scope,
      'case_file',
    )
      .orderBy('uploaded_at')
      .orderBy('id')
      .execute();
  }

  /** The document types a case holds (not deleted) for a step. */
  async typesOf(countyCode: string, caseId: string, step: string): Promise<Set<string>> {
    const rows = await this.db
      .selectFrom('case_file')
      .select('document_type')
      .distinct()
      .where('county_code', '=', countyCode)
      .where('case_id', '=', caseId)
      .where('step', '=', step)
      .where('deleted', '=', 0)
      .execute();
    return new Set(rows.map((r) => r.document_type));
  }

  async markDeleted(countyCode: string, id: string, by: string, at: string): Promise<void> {
    await this.db.updateTable('case_file').set({ deleted: 1, deleted_by_name: by, deleted_at: at }).where('county_code', '=', countyCode).where('id', '=', id).execute();
  }

  /**
   * The PDFs whose preview was never tried (uploaded before previews were rendered, ADR 0050), in key order after
   * `after` (keyset pages), within the scope.
   */
  async pendingPreviews(after: { countyCode: string; id: string } | null, limit: number): Promise<CaseFileTable[]> {
    let q = whereInScope(this.db.selectFrom('case_file').selectAll().where('preview_pending', '=', 1), this.scope, 'case_file');
    if (after) q = q.where((eb) => eb.or([eb('county_code', '>', after.countyCode), eb.and([eb('county_code', '=', after.countyCode), eb('id', '>', after.id)])]));
    return q.orderBy('county_code').orderBy('id').limit(limit).execute();
  }

  /** How many PDFs still wait for their preview, within the scope. */
  async countPendingPreviews(): Promise<number> {
    const r = await whereInScope(this.db.selectFrom('case_file').select((eb) => eb.fn.countAll<number | string>().as('n')).where('preview_pending', '=', 1), this.scope, 'case_file').executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  /** A pending preview's outcome: the preview stored (its digest and key), or failed. Only a row still pending changes. */
  async settlePreview(countyCode: string, id: string, preview: { digest: string; keyId: string } | null): Promise<boolean> {
    const r = await this.db
      .updateTable('case_file')
      .set({ preview_pending: 0, preview_failed: preview ? 0 : 1, preview_digest: preview?.digest ?? null, preview_key_id: preview?.keyId ?? null })
      .where('county_code', '=', countyCode)
      .where('id', '=', id)
      .where('preview_pending', '=', 1)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Every digest (and preview digest) recorded, for a backup's check that the store holds them. */
  async allDigests(): Promise<string[]> {
    const rows = await this.db.selectFrom('case_file').select(['digest', 'preview_digest']).execute();
    return [...new Set(rows.flatMap((r) => [r.digest, r.preview_digest]).filter((d): d is string => d !== null))];
  }
}
