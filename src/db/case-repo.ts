import { type Kysely, type SelectQueryBuilder, sql, type Transaction } from 'kysely';
import { COUNT_STEP, type PageTotal, cappedCount, countBound, countUpTo, totalOfShortPage, totalUpTo } from './capped-count.ts';
import type { AreaScope } from './scope.ts';
import { codeRange, inScope, outOfArea, whereInScope } from './scope.ts';
import type { AssistanceCaseTable, CaseEventTable, Database } from './schema.ts';

type Q = Kysely<Database> | Transaction<Database>;

/** A case row with what lists show beside it: the applicant's name and the household's size. */
/** `applicant_id_sealed`: the applicant's ID number, sealed (ADR 0012). */
export type CaseListRow = AssistanceCaseTable & { applicant_name: string; applicant_id_sealed: string; member_count: number };

/** '9999-12-31': the step waited for has no statutory deadline (sorts last, keeps keyset ordering simple). */
export const NO_DEADLINE = '9999-12-31';

export interface WorkFilter {
  kind: string;
  states: readonly string[];
}

/** Keyset position in the worklist: (due date, county, id). */
export interface WorkCursor {
  due: string;
  county: string;
  id: string;
}

/**
 * Cases' data access, bound to an area scope exactly as the registry's is (ADR area scope): every read, count and
 * write of a case filters on the scope, so a case outside the user's area is simply not found. The records of a
 * case (case-records-repo.ts) are reached only through a case row read here.
 */
export class CaseRepo {
  readonly db: Q;
  readonly scope: AreaScope;

  constructor(db: Q, scope: AreaScope) {
    this.db = db;
    this.scope = scope;
  }

  private base(): SelectQueryBuilder<Database, 'assistance_case', object> {
    return whereInScope(this.db.selectFrom('assistance_case') as SelectQueryBuilder<Database, 'assistance_case', object>, this.scope, 'assistance_case');
  }

  private listed() {
    return withApplicant(this.base());
  }

  assertInScope(areaCode: string, field?: string): void {
    if (!inScope(this.scope, areaCode)) throw outOfArea(field);
  }

  async getCase(countyCode: string, id: string): Promise<CaseListRow | undefined> {
    const r = await this.listed().where('assistance_case.county_code', '=', countyCode).where('assistance_case.id', '=', id).executeTakeFirst();
    return r as CaseListRow | undefined;
  }

  async openCaseOf(countyCode: string, householdId: string, program: string): Promise<AssistanceCaseTable | undefined> {
    return this.db
      .selectFrom('assistance_case')
      .selectAll()
      .where('county_code', '=', countyCode)
      .where('household_id', '=', householdId)
      .where('open_program', '=', program)
      .executeTakeFirst();
  }

  async activeEnrollmentOf(countyCode: string, householdId: string, program: string): Promise<boolean> {
    const r = await this.db
      .selectFrom('enrollment')
      .select('id')
      .where('county_code', '=', countyCode)
      .where('household_id', '=', householdId)
      .where('program', '=', program as 'dibao' | 'tekun')
      .where('status', '=', 'active')
      .executeTakeFirst();
    return Boolean(r);
  }

  async insertCase(row: AssistanceCaseTable): Promise<void> {
    await this.insertCases([row]);
  }

  /** Cases already decided elsewhere (the demo's synthetic approvals), many at once; each must lie in the scope. */
  async insertCases(rows: readonly AssistanceCaseTable[]): Promise<void> {
    for (const r of rows) this.assertInScope(r.area_code, 'household');
    for (let i = 0; i < rows.length; i += 200) await this.db.insertInto('assistance_case').values(rows.slice(i, i + 200)).execute();
  }

  /**
   * Takes the optimistic lock: bumps the version only if it is still `version`. First write of every step, so on
   * PostgreSQL the row lock is taken before anything else is written and a concurrent step waits, then finds 0 rows.
   */
  async claim(countyCode: string, id: string, version: number, at: string): Promise<boolean> {
    let q = this.db
      .updateTable('assistance_case')
      .set({ version: version + 1, updated_at: at })
      .where('county_code', '=', countyCode)
      .where('id', '=', id)
      .where('version', '=', version);
    if (this.scope.prefix.length > 6) q = q.where('area_code', '>=', codeRange(this.scope.prefix, 12)[0]).where('area_code', '<=', codeRange(this.scope.prefix, 12)[1]);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Writes a step's changes to a case the caller has just claimed. */
  async patchCase(countyCode: string, id: string, patch: Partial<AssistanceCaseTable>): Promise<void> {
    await this.db.updateTable('assistance_case').set(patch).where('county_code', '=', countyCode).where('id', '=', id).execute();
  }

  async insertEvent(row: CaseEventTable): Promise<void> {
    await this.db.insertInto('case_event').values(row).execute();
  }

  async events(countyCode: string, caseId: string): Promise<CaseEventTable[]> {
    return this.db.selectFrom('case_event').selectAll().where('county_code', '=', countyCode).where('case_id', '=', caseId).orderBy('seq').execute();
  }

  /** Users who took a given step on a case (e.g. every township reviewer, for the separation of duties). */
  async actorsOf(countyCode: string, caseId: string, step: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('case_event')
      .select('actor_id')
      .where('county_code', '=', countyCode)
      .where('case_id', '=', caseId)
      .where('step', '=', step)
      .execute();
    return rows.map((r) => r.actor_id).filter((x): x is string => x !== null);
  }

  /** Every open case of the scope with a statutory deadline (the operator's `doudi deadlines`), keyset by due date. */
  async withDeadlines(opts: { county?: string; before?: string; limit: number; after?: WorkCursor }): Promise<AssistanceCaseTable[]> {
    let q = this.base().selectAll().where('due_date', '<', NO_DEADLINE).where('open_program', 'is not', null);
    if (opts.county) q = q.where('county_code', '=', opts.county);
    if (opts.before) q = q.where('due_date', '<', opts.before);
    const a = opts.after;
    if (a) {
      q = q.where((eb) =>
        eb.or([
          eb('due_date', '>', a.due),
          eb.and([eb('due_date', '=', a.due), eb('county_code', '>', a.county)]),
          eb.and([eb('due_date', '=', a.due), eb('county_code', '=', a.county), eb('id', '>', a.id)]),
        ]),
      );
    }
    return q.orderBy('due_date').orderBy('county_code').orderBy('id').limit(opts.limit).execute();
  }

  /** A page of cases by state and program; the total is counted only up to a bound (capped-count.ts, `countStep` its step). */
  async search(opts: { state?: string; program?: string; overdueBefore?: string; page: number; pageSize: number; countStep?: number }): Promise<{ rows: CaseListRow[] } & PageTotal> {
    let q = this.base();
    if (opts.state) q = q.where('assistance_case.state', '=', opts.state);
    // Open cases past their due day (a case without a deadline carries 9999-12-31, a closed one no open program).
    if (opts.overdueBefore) q = q.where('assistance_case.open_program', 'is not', null).where('assistance_case.due_date', '<', opts.overdueBefore);
    if (opts.program) q = q.where('assistance_case.program', '=', opts.program as 'dibao' | 'tekun');
    const offset = (opts.page - 1) * opts.pageSize;
    const page = q
      .select(['assistance_case.county_code', 'assistance_case.id'])
      .orderBy('assistance_case.county_code')
      .orderBy('assistance_case.applied_on', 'desc')
      .orderBy('assistance_case.id')
      .limit(opts.pageSize)
      .offset(offset);
    const bound = countBound(offset, opts.pageSize, opts.countStep);
    const { rows, counted } = await this.pageJoined(page, [['county_code', 'asc'], ['applied_on', 'desc'], ['id', 'asc']], { rows: q, bound });
    const total = totalOfShortPage(offset, opts.pageSize, rows.length) ?? (counted ?? (await cappedCount(this.db, q, bound)));
    return { rows, ...total };
  }

  /**
   * Cases in given states (per kind), ordered by due date then key, from a keyset position. The total is of the whole
   * list (not only past the cursor), counted only up to `countBound` rows (capped-count.ts): a keyset page has no
   * offset to measure depth by, so the bound is fixed.
   */
  async worklist(opts: {
    filters: readonly WorkFilter[];
    overdueBefore?: string;
    /** Only the cases at this spot-check status (the spot visits due: `sampled`). */
    spotCheck?: 'sampled';
    after?: WorkCursor;
    limit: number;
    countBound?: number;
  }): Promise<{ rows: CaseListRow[] } & PageTotal> {
    if (opts.filters.length === 0) return { rows: [], total: 0, totalCapped: false };
    let q = this.base().where((eb) =>
      eb.or(opts.filters.map((f) => eb.and([eb('assistance_case.kind', '=', f.kind as AssistanceCaseTable['kind']), eb('assistance_case.state', 'in', [...f.states])]))),
    );
    if (opts.overdueBefore) q = q.where('assistance_case.due_date', '<', opts.overdueBefore);
    if (opts.spotCheck) q = q.where('assistance_case.spot_check', '=', opts.spotCheck);
    const whole = q;
    const a = opts.after;
    if (a) {
      q = q.where((eb) =>
        eb.or([
          eb('assistance_case.due_date', '>', a.due),
          eb.and([eb('assistance_case.due_date', '=', a.due), eb('assistance_case.county_code', '>', a.county)]),
          eb.and([eb('assistance_case.due_date', '=', a.due), eb('assistance_case.county_code', '=', a.county), eb('assistance_case.id', '>', a.id)]),
        ]),
      );
    }
    const page = q
      .select(['assistance_case.county_code', 'assistance_case.id'])
      .orderBy('assistance_case.due_date')
      .orderBy('assistance_case.county_code')
      .orderBy('assistance_case.id')
      .limit(opts.limit);
    const bound = opts.countBound ?? COUNT_STEP;
    const { rows, counted } = await this.pageJoined(page, [['due_date', 'asc'], ['county_code', 'asc'], ['id', 'asc']], { rows: whole, bound });
    const total = (a ? null : totalOfShortPage(0, opts.limit, rows.length)) ?? counted ?? (await cappedCount(this.db, whole, bound));
    return { rows, ...total };
  }

  /** Cases under a notice of the given level now (村公示 or 县公示). */
  async underNotice(state: 'village_notice' | 'county_notice'): Promise<CaseListRow[]> {
    const page = this.base()
      .where('assistance_case.state', '=', state)
      .select(['assistance_case.county_code', 'assistance_case.id'])
      .orderBy('assistance_case.county_code')
      .orderBy('assistance_case.area_code')
      .orderBy('assistance_case.id')
      .limit(5_000);
    return (await this.pageJoined(page, [['county_code', 'asc'], ['area_code', 'asc'], ['id', 'asc']])).rows;
  }

  /** Cases at the county waiting for a spot-check draw. */
  async awaitingDraw(): Promise<AssistanceCaseTable[]> {
    return (await this.base()
      .selectAll('assistance_case')
      .where('assistance_case.state', '=', 'county_review')
      .where('assistance_case.spot_check', 'is', null)
      .orderBy('assistance_case.id')
      .execute()) as AssistanceCaseTable[];
  }

  /**
   * A list page in one statement: the page's keys are chosen on the narrow index (`page`: ordered, limited, selecting
   * county and id), then joined to the case, applicant and household rows, with the capped count of `count.rows`
   * (capped-count.ts) as a scalar beside each row — one round trip where keys, count and rows took three
   * (bench/api.bench.ts on PostgreSQL). `counted` is null when the page is empty (no row to carry it) or no count was asked.
   */
  private async pageJoined(
    page: SelectQueryBuilder<Database, 'assistance_case', { county_code: string; id: string }>,
    order: readonly (readonly [keyof AssistanceCaseTable & string, 'asc' | 'desc'])[],
    count?: { rows: SelectQueryBuilder<Database, 'assistance_case', object>; bound: number },
  ): Promise<{ rows: CaseListRow[]; counted: PageTotal | null }> {
    const keyed = this.db
      .selectFrom(page.as('k'))
      .innerJoin('assistance_case', (j) => j.onRef('assistance_case.county_code', '=', 'k.county_code').onRef('assistance_case.id', '=', 'k.id'));
    let q = withApplicant(keyed as unknown as SelectQueryBuilder<Database, 'assistance_case', object>).select(
      count ? countUpTo(count.rows, count.bound).as('capped_n') : sql<null>`null`.as('capped_n'),
    );
    for (const [col, dir] of order) q = q.orderBy(`assistance_case.${col}`, dir);
    const found = await q.execute();
    const rows = found.map(({ capped_n: _, ...r }) => r as CaseListRow);
    return { rows, counted: count && found.length > 0 ? totalUpTo(Number(found[0].capped_n), count.bound) : null };
  }
}

/** The applicant's name and ID number and the household's size beside each case row: what every case list shows. */
function withApplicant(qb: SelectQueryBuilder<Database, 'assistance_case', object>) {
  return qb
    .innerJoin('person', (j) => j.onRef('person.county_code', '=', 'assistance_case.county_code').onRef('person.id', '=', 'assistance_case.applicant_person_id'))
    .innerJoin('household', (j) => j.onRef('household.county_code', '=', 'assistance_case.county_code').onRef('household.id', '=', 'assistance_case.household_id'))
    .selectAll('assistance_case')
    .select(['person.name as applicant_name', 'person.id_number_sealed as applicant_id_sealed', 'household.member_count as member_count']);
}
