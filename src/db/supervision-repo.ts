import { type Kysely, sql, type Transaction } from 'kysely';
import type { DialectName } from './connect.ts';
import type { Database, FindingCandidateTable, FindingTable, SupervisionRunTable } from './schema.ts';
import { type AreaScope, codeRange, whereInScope } from './scope.ts';

type Q = Kysely<Database> | Transaction<Database>;

/** What a county's merge did, per rule. */
export interface RuleCounts {
  /** New findings (opened by this run). */
  new: number;
  /** Findings already open or answered, found again. */
  open: number;
  /** Closed findings found again: reopened. */
  reopened: number;
  /** Open or answered findings of the rule that this run did not find (left open, marked not seen). */
  notSeen: number;
}

export interface FindingFilter {
  rule?: string;
  status?: FindingTable['status'];
  /** Only findings the latest run of their rule saw (true) or did not see (false). */
  seen?: boolean;
}

export interface FindingCursor {
  county: string;
  id: string;
}

/**
 * 问题线索 Findings, their history, the runs that find them and the staged candidates (ADR 0046). Findings are
 * area-scoped like every case table (`area_code`: the village, the township or the county's `XXXXXX000000`): a township
 * reads its own, a county its county's, the city all; out of area is not found. The run's writes (`stage…`, `merge`)
 * are the job's, over the counties the run covers, checked by the command that started it.
 */
export class SupervisionRepo {
  readonly db: Q;
  readonly scope: AreaScope;

  constructor(db: Q, scope: AreaScope) {
    this.db = db;
    this.scope = scope;
  }

  async listFindings(f: FindingFilter, page: { limit: number; after?: FindingCursor }): Promise<FindingTable[]> {
    let q = whereInScope(this.db.selectFrom('finding').selectAll(), this.scope, 'finding');
    if (f.rule) q = q.where('rule', '=', f.rule);
    if (f.status) q = q.where('status', '=', f.status);
    if (f.seen !== undefined) q = q.where('seen_in_last_run', '=', f.seen ? 1 : 0);
    const after = page.after;
    if (after) q = q.where((eb) => eb.or([eb('county_code', '>', after.county), eb.and([eb('county_code', '=', after.county), eb('id', '>', after.id)])]));
    return q.orderBy('county_code').orderBy('id').limit(page.limit).execute();
  }

  async countFindings(f: FindingFilter): Promise<number> {
    let q = whereInScope(this.db.selectFrom('finding').select(sql<number>`count(*)`.as('n')), this.scope, 'finding');
    if (f.rule) q = q.where('rule', '=', f.rule);
    if (f.status) q = q.where('status', '=', f.status);
    if (f.seen !== undefined) q = q.where('seen_in_last_run', '=', f.seen ? 1 : 0);
    return Number((await q.executeTakeFirstOrThrow()).n);
  }

  async getFinding(county: string, id: string): Promise<FindingTable | undefined> {
    return whereInScope(this.db.selectFrom('finding').selectAll(), this.scope, 'finding').where('county_code', '=', county).where('id', '=', id).executeTakeFirst();
  }

  async history(county: string, id: string): Promise<Database['finding_history'][]> {
    return this.db.selectFrom('finding_history').selectAll().where('county_code', '=', county).where('finding_id', '=', id).orderBy('seq').execute();
  }

  /** A run, when it covers an area within the scope (a county reads its county's runs, the city every run). */
  async getRun(id: string): Promise<SupervisionRunTable | undefined> {
    const [lo, hi] = codeRange(this.scope.prefix, 12);
    return this.db.selectFrom('supervision_run').selectAll().where('id', '=', id).where('area_code', '>=', lo).where('area_code', '<=', hi).executeTakeFirst();
  }

  /** Runs of the scope still marked running (a new run joins or replaces them). */
  async runningRuns(): Promise<SupervisionRunTable[]> {
    const [lo, hi] = codeRange(this.scope.prefix, 12);
    return this.db.selectFrom('supervision_run').selectAll().where('status', '=', 'running').where('area_code', '>=', lo).where('area_code', '<=', hi).execute();
  }

  async insertRun(row: SupervisionRunTable): Promise<void> {
    await this.db.insertInto('supervision_run').values(row).execute();
  }
}

/** Job bookkeeping from the run itself (a worker thread acting for whoever started it). */
export async function updateRun(db: Q, id: string, patch: Partial<SupervisionRunTable>, o: { onlyRunning?: boolean } = {}): Promise<void> {
  let q = db.updateTable('supervision_run').set(patch).where('id', '=', id);
  if (o.onlyRunning) q = q.where('status', '=', 'running');
  await q.execute();
}

export async function readRun(db: Q, id: string): Promise<SupervisionRunTable | undefined> {
  return db.selectFrom('supervision_run').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Removes what a run staged for a county (before staging it again, after a crash, and by the merge). */
export async function clearCandidates(db: Q, runId: string, county: string): Promise<void> {
  await db.deleteFrom('finding_candidate').where('run_id', '=', runId).where('county_code', '=', county).execute();
}

/**
 * Stages candidates computed outside SQL (the registry's determination, the parameters' floor) in one transaction:
 * full chunks of 100 rows per statement, the rest one row per statement — two statement texts whatever the number
 * (multi-row inserts of every length would each be kept in the SQLite connection's statement cache), few round trips.
 */
const STAGE_CHUNK = 100;
export async function stageCandidates(db: Kysely<Database>, rows: readonly FindingCandidateTable[]): Promise<void> {
  if (rows.length === 0) return;
  await db.transaction().execute(async (trx) => {
    const full = rows.length - (rows.length % STAGE_CHUNK);
    for (let i = 0; i < full; i += STAGE_CHUNK) await trx.insertInto('finding_candidate').values(rows.slice(i, i + STAGE_CHUNK)).execute();
    for (const row of rows.slice(full)) await trx.insertInto('finding_candidate').values(row).execute();
  });
}

/** PostgreSQL: fresh statistics of the staging table before a merge reads it (its size swings from nothing to a county's findings). */
export async function analyzeCandidates(db: Q): Promise<void> {
  await sql`analyze finding_candidate`.execute(db);
}

export interface MergeInput {
  runId: string;
  county: string;
  /** The rules the run ran: only their findings are marked seen or not seen. */
  rules: readonly string[];
  at: string;
  /** The rectification deadline of a finding opened or reopened now. */
  dueOn: string;
  actor: { id: string | null; name: string };
  dialect: DialectName;
}

/**
 * Merges a county's staged candidates into its findings, set-based, inside the caller's transaction:
 * a new fingerprint → an open finding (history `found`); found again → `last_found_at`, the facts and the run
 * updated; a closed finding found again → reopened with a new deadline (history `reopened`); an open or answered
 * finding of the run's rules not found → left as it is but marked not seen. Two runs merging one county at once (a
 * county's run and the city's, on PostgreSQL) cannot open one fingerprint twice: the second's insert skips it. Returns the counts per rule, then drops
 * the candidates.
 */
export async function mergeCandidates(trx: Transaction<Database>, m: MergeInput): Promise<Record<string, RuleCounts>> {
  const counts: Record<string, RuleCounts> = Object.fromEntries(m.rules.map((r) => [r, { new: 0, open: 0, reopened: 0, notSeen: 0 }]));
  const bump = (rows: { rule: string; status: string | null; n: number | string | bigint }[]) => {
    for (const row of rows) {
      const c = (counts[row.rule] ??= { new: 0, open: 0, reopened: 0, notSeen: 0 });
      const n = Number(row.n);
      if (row.status === null) c.new += n;
      else if (row.status === 'closed') c.reopened += n;
      else c.open += n;
    }
  };
  bump(
    await sql<{ rule: string; status: string | null; n: number }>`select c.rule, f.status, count(*) as n
      from finding_candidate c left join finding f on f.county_code = c.county_code and f.fingerprint = c.fingerprint
      where c.run_id = ${m.runId} and c.county_code = ${m.county}
      group by c.rule, f.status`
      .execute(trx)
      .then((r) => r.rows),
  );
  const rules = m.rules.length > 0 ? m.rules : ['-'];
  const notSeen = await sql<{ rule: string; n: number }>`select f.rule, count(*) as n from finding f
    where f.county_code = ${m.county} and f.rule in (${sql.join(rules)}) and f.status <> 'closed'
      and not exists (select 1 from finding_candidate c where c.run_id = ${m.runId} and c.county_code = f.county_code and c.fingerprint = f.fingerprint)
    group by f.rule`.execute(trx);
  for (const row of notSeen.rows) (counts[row.rule] ??= { new: 0, open: 0, reopened: 0, notSeen: 0 }).notSeen += Number(row.n);

  const inRun = sql`c.run_id = ${m.runId} and c.county_code = finding.county_code and c.fingerprint = finding.fingerprint`;
  // Reopened: the history row first (numbered after the finding's last), then the finding.
  await sql`insert into finding_history (county_code, finding_id, seq, at, event, run_id, actor_id, actor_name, record)
    select f.county_code, f.id, (select max(h.seq) from finding_history h where h.county_code = f.county_code and h.finding_id = f.id) + 1,
      ${m.at}, 'reopened', ${m.runId}, ${m.actor.id}, ${m.actor.name}, ${JSON.stringify({ dueOn: m.dueOn })}
    from finding f join finding_candidate c on c.run_id = ${m.runId} and c.county_code = f.county_code and c.fingerprint = f.fingerprint
    where f.county_code = ${m.county} and f.status = 'closed'`.execute(trx);
  // Joined updates (UPDATE … FROM, both databases): a correlated subquery per finding would, on PostgreSQL, be planned
  // against a staging table it has no statistics of, as a scan per row.
  await sql`update finding set status = 'open', reopened_count = finding.reopened_count + 1, due_on = ${m.dueOn}, closed_by = null, closed_by_name = null,
      closed_at = null, close_note = null, version = finding.version + 1
    from finding_candidate c
    where finding.county_code = ${m.county} and finding.status = 'closed' and ${inRun}`.execute(trx);
  await sql`update finding set last_found_at = ${m.at}, last_run_id = ${m.runId}, seen_in_last_run = 1, updated_at = ${m.at}, facts = c.facts
    from finding_candidate c
    where finding.county_code = ${m.county} and ${inRun}`.execute(trx);
  await sql`update finding set seen_in_last_run = 0
    where county_code = ${m.county} and rule in (${sql.join(rules)}) and status <> 'closed' and seen_in_last_run = 1
      and not exists (select 1 from finding_candidate c where ${inRun})`.execute(trx);
  // New findings: every candidate, the fingerprints already there skipped by the unique key (an anti-join of the table
  // being inserted into would, on PostgreSQL, scan the rows this very statement adds: quadratic). Their `found` rows are
  // the findings created now by this run.
  const newId = m.dialect === 'postgres' ? sql`gen_random_uuid()::text` : sql`lower(hex(randomblob(16)))`;
  await sql`insert into finding (county_code, id, rule, fingerprint, area_code, township_code, village_code, household_id, person_id, enrollment_id, case_id,
      roll_id, line_seq, facts, status, first_found_at, last_found_at, last_run_id, seen_in_last_run, reopened_count, due_on, sent_back_count, version, created_at, updated_at)
    select c.county_code, ${newId}, c.rule, c.fingerprint, c.area_code,
      case when substr(c.area_code, 7, 6) = '000000' then null else substr(c.area_code, 1, 9) || '000' end,
      case when substr(c.area_code, 10, 3) = '000' then null else c.area_code end,
      c.household_id, c.person_id, c.enrollment_id, c.case_id, c.roll_id, c.line_seq, c.facts, 'open', ${m.at}, ${m.at}, ${m.runId}, 1, 0, ${m.dueOn}, 0, 1, ${m.at}, ${m.at}
    from finding_candidate c
    where c.run_id = ${m.runId} and c.county_code = ${m.county}
    on conflict (county_code, fingerprint) do nothing`.execute(trx);
  await sql`insert into finding_history (county_code, finding_id, seq, at, event, run_id, actor_id, actor_name, record)
    select f.county_code, f.id, 1, ${m.at}, 'found', ${m.runId}, ${m.actor.id}, ${m.actor.name}, ${JSON.stringify({ dueOn: m.dueOn })}
    from finding f where f.county_code = ${m.county} and f.last_run_id = ${m.runId} and f.created_at = ${m.at}
    on conflict (county_code, finding_id, seq) do nothing`.execute(trx);
  await clearCandidates(trx, m.runId, m.county);
  return counts;
}

/**
 * 死亡信息 The death records (city-wide, keyed by the ID number's keyed hash) and the person index's counties they are
 * checked against. The import reads the index by hash for the rows of its file only and keeps the rows of persons of
 * the importer's area; the rules read the records by join.
 */
export class DeathRecordRepo {
  readonly db: Q;
  readonly scope: AreaScope;

  constructor(db: Q, scope: AreaScope) {
    this.db = db;
    this.scope = scope;
  }

  /** The hashes of `hashes` that belong to a person of the registry within the scope's counties. */
  async knownInScope(hashes: readonly string[]): Promise<Set<string>> {
    const out = new Set<string>();
    const [lo, hi] = codeRange(this.scope.prefix.slice(0, 6), 6);
    for (let i = 0; i < hashes.length; i += 500) {
      const chunk = hashes.slice(i, i + 500);
      let q = this.db.selectFrom('person_index').select('id_hash').where('id_hash', 'in', chunk);
      q = this.scope.countyCode ? q.where('county_code', '=', this.scope.countyCode) : q.where('county_code', '>=', lo).where('county_code', '<=', hi);
      for (const r of await q.execute()) out.add(r.id_hash);
    }
    return out;
  }

  /** The dates of death already recorded for some hashes. */
  async recorded(hashes: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (let i = 0; i < hashes.length; i += 500) {
      for (const r of await this.db.selectFrom('death_record').select(['id_hash', 'died_on']).where('id_hash', 'in', hashes.slice(i, i + 500)).execute()) out.set(r.id_hash, r.died_on);
    }
    return out;
  }

  /** Writes the records (a record already there takes the file's date and import). */
  async upsert(rows: readonly Database['death_record'][]): Promise<void> {
    for (let i = 0; i < rows.length; i += 200) {
      await this.db
        .insertInto('death_record')
        .values(rows.slice(i, i + 200))
        .onConflict((oc) =>
          oc.column('id_hash').doUpdateSet((eb) => ({
            died_on: eb.ref('excluded.died_on'),
            id_number_sealed: eb.ref('excluded.id_number_sealed'),
            import_id: eb.ref('excluded.import_id'),
            imported_at: eb.ref('excluded.imported_at'),
            imported_by_name: eb.ref('excluded.imported_by_name'),
          })),
        )
        .execute();
    }
  }
}
