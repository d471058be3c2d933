import type { Kysely, Transaction } from 'kysely';
import type { NumberedKind } from '../kernel/document-number.ts';
import type { Database, IssuedDocumentTable } from './schema.ts';
import { type AreaScope, codeRange } from './scope.ts';

type Q = Kysely<Database> | Transaction<Database>;

/**
 * 文号 The county registers of document numbers (ADR 0030). A number is taken with `nextNumber` in the transaction of the
 * event that issues the document and written with `insert` in the same transaction. Reads are by the case or the
 * enrollment the caller has already read through its own area-scoped repository, and stay within the scope's counties.
 */
export class DocumentRepo {
  readonly db: Q;
  readonly scope: AreaScope;

  constructor(db: Q, scope: AreaScope) {
    this.db = db;
    this.scope = scope;
  }

  private inCounties<QB extends { where: (...args: any[]) => QB }>(q: QB): QB {
    if (this.scope.countyCode) return q.where('county_code', '=', this.scope.countyCode);
    const [lo, hi] = codeRange(this.scope.prefix.slice(0, 6), 6);
    return q.where('county_code', '>=', lo).where('county_code', '<=', hi);
  }

  /**
   * The next number of a county's register for a kind and year: one statement that creates the counter at 1 or adds
   * 1 to it and returns the value. The row stays locked until the transaction ends (PostgreSQL), and SQLite has one
   * writer at a time, so two issues never get the same number; a rolled-back issue rolls its increment back, so the
   * register has no gaps.
   */
  async nextNumber(countyCode: string, kind: NumberedKind, year: number): Promise<number> {
    const r = await this.db
      .insertInto('document_counter')
      .values({ county_code: countyCode, kind, year, last_seq: 1 })
      .onConflict((oc) => oc.columns(['county_code', 'kind', 'year']).doUpdateSet((eb) => ({ last_seq: eb('document_counter.last_seq', '+', 1) })))
      .returning('last_seq')
      .executeTakeFirstOrThrow();
    return Number(r.last_seq);
  }

  async insert(row: IssuedDocumentTable): Promise<void> {
    await this.db.insertInto('issued_document').values(row).execute();
  }

  /** The documents issued for a case, oldest first. */
  async ofCase(countyCode: string, caseId: string): Promise<IssuedDocumentTable[]> {
    return this.inCounties(this.db.selectFrom('issued_document').selectAll().where('county_code', '=', countyCode).where('case_id', '=', caseId))
      .orderBy('issued_at')
      .orderBy('seq')
      .execute();
  }

  /** The notices issued for enrollments' changes, oldest first. */
  async ofEnrollments(countyCode: string, enrollmentIds: readonly string[]): Promise<IssuedDocumentTable[]> {
    if (enrollmentIds.length === 0) return [];
    return this.inCounties(this.db.selectFrom('issued_document').selectAll().where('county_code', '=', countyCode).where('enrollment_id', 'in', enrollmentIds))
      .orderBy('issued_at')
      .orderBy('seq')
      .execute();
  }

  async get(countyCode: string, id: string): Promise<IssuedDocumentTable | undefined> {
    return this.inCounties(this.db.selectFrom('issued_document').selectAll().where('county_code', '=', countyCode).where('id', '=', id)).executeTakeFirst();
  }
}
