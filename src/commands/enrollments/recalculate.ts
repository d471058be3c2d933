import type { Transaction } from 'kysely';
import { type AuditActor, appendAudit, appendAuditBatch } from '../../db/audit.ts';
import { statesOf } from '../../db/audit-state.ts';
import type { EnrollmentRepo } from '../../db/enrollment-repo.ts';
import type { RegistryRepo } from '../../db/registry-repo.ts';
import { TekunCareRepo } from '../../db/tekun-care-repo.ts';
import type { Database, EnrollmentTable, EnrollmentTermTable } from '../../db/schema.ts';
import { isAppError } from '../../kernel/errors.ts';
import { addMonths, chinaDateOf, monthOf, type PlainDate, type PlainMonth } from '../../kernel/plain-date.ts';
import type { ParameterSet } from '../../policy/parameter-set.ts';
import { determine } from '../../rules/engine.ts';
import { type Term, termAt } from '../../workflow/review-terms.ts';
import { type CommandContext, auditActor } from '../context.ts';
import { loadParameterSet } from '../policy/parameters.ts';
import { registryFor } from '../registry/load-household.ts';
import { json } from '../shared/json-text.ts';
import { changedParameters, changeMonths, parameterFingerprint } from './change-months.ts';
import { enrollmentsFor, termsOf } from './enrollment-context.ts';
import { situationForEnrollment } from './registry-facts.ts';

export interface RecalculateOptions {
  county: string;
  /** Change months before this one are left alone (default: every month since each enrollment began). */
  from?: PlainMonth;
  /** The parameters in force (default: read now; a run over several counties reads them once). */
  parameters?: ParameterSet;
  batchSize?: number;
  onBatch?: (examined: number) => void;
}

/** What one batch needs besides the options: the actor and time of the run, its months and fingerprint, the tally. */
interface BatchRun extends RecalculateOptions {
  actor: AuditActor;
  months: PlainMonth[];
  fingerprint: string;
  fromKey: string;
  at: string;
  result: RecalculateResult;
}

export interface RecalculateResult {
  county: string;
  /** Enrollments looked at (those not yet recalculated under the county's current parameters). */
  examined: number;
  /** Terms written, and the enrollments they belong to. */
  terms: number;
  enrollments: number;
  /** Change months where the engine finds the household no longer eligible: left for a review, never stopped automatically. */
  ineligible: number;
  /** Enrollments the engine could not assess (registry data incomplete): not stamped, tried again next time. */
  errors: number;
  seconds: number;
}

const BATCH = 500;
const NEVER = '0000-00';

/**
 * 待遇自动重算 For every enrollment of a county, the amount of each month in which a parameter (or dated rule) the
 * amount depends on changes value is determined again by the policy engine with the values in force that month —
 * the 2019-07-01 standard raise changes July's amount with no manual step. Where the amount differs from the term in
 * force, a new term from that month is written (basis `recalculation`, reasons naming the parameters that changed,
 * the traced determination). Only active terms are recalculated: a suspension, a gradual exit or an end is a
 * decision and stays as decided; a household the engine finds ineligible is counted, not stopped. A month in which a
 * member of the household was born is looked at too (the household as the registry dates it).
 *
 * Terms are the truth of what should be paid for each month, so a change month already paid still gets its term;
 * payroll pays the difference as back-pay (or recovers it). Keyset batches of enrollments per county, one
 * transaction per batch; each enrollment done is stamped with the county's parameter fingerprint, so a second run
 * adds nothing and costs one index scan. The household's registry data is read as it stands now (ADR 0007).
 */
export async function recalculateCounty(ctx: CommandContext, o: RecalculateOptions): Promise<RecalculateResult> {
  const { db } = ctx;
  const ps = o.parameters ?? (await loadParameterSet(db));
  const started = performance.now();
  const now = ctx.clock();
  const today = chinaDateOf(now);
  const at = now.toISOString();
  const actor = auditActor(ctx.actor);
  const fingerprint = parameterFingerprint(ps, o.county);
  const fromKey = o.from ?? NEVER;
  const months = changeMonths(ps, o.county, addMonths(monthOf(today), 12)).filter((m) => m >= fromKey);
  const r: RecalculateResult = { county: o.county, examined: 0, terms: 0, enrollments: 0, ineligible: 0, errors: 0, seconds: 0 };
  let after = '';
  for (;;) {
    const batch = await enrollmentsFor(ctx).toRecalculate(o.county, { after, fingerprint, fromKey, limit: o.batchSize ?? BATCH });
    if (batch.length === 0) break;
    after = batch[batch.length - 1].id;
    await db.kysely.transaction().execute((trx) => recalculateBatch(trx, enrollmentsFor(ctx, trx), registryFor(ctx, trx), ps, batch, { ...o, actor, months, fingerprint, fromKey, at, result: r }));
    r.examined += batch.length;
    o.onBatch?.(r.examined);
  }
  r.seconds = (performance.now() - started) / 1000;
  return r;
}

async function recalculateBatch(
  trx: Transaction<Database>,
  repo: EnrollmentRepo,
  registry: RegistryRepo,
  ps: ParameterSet,
  batch: EnrollmentTable[],
  o: BatchRun,
): Promise<void> {
  const county = o.county;
  const ids = batch.map((e) => e.id);
  const termRows = await repo.terms(county, ids);
  const byEnrollment = new Map<string, Term[]>();
  for (const t of termsOf(termRows).map((t, i) => ({ ...t, id: termRows[i].enrollment_id }))) {
    const list = byEnrollment.get(t.id) ?? [];
    list.push(t);
    byEnrollment.set(t.id, list);
  }
  // Only enrollments that were ever active after their first month need the registry at all.
  const live = (e: EnrollmentTable) => (byEnrollment.get(e.id) ?? []).some((t) => t.status === 'active');
  const facts = await registry.householdsWithParts(county, batch.filter(live).map((e) => e.household_id));
  // Tekun enrollments' care records (placement, care level: ADR 0027), each month assessed with the one in force.
  const careRows = await new TekunCareRepo(trx, repo.scope).careOf(county, 'enrollment', batch.filter((e) => e.program === 'tekun' && live(e)).map((e) => e.id));
  // Grouped once: looked up for every month of every enrollment below (a filter there was batch × rows × months).
  const careOf = new Map<string, typeof careRows>();
  for (const c of careRows) {
    const list = careOf.get(c.owner_id);
    if (list) list.push(c);
    else careOf.set(c.owner_id, [c]);
  }
  const written: EnrollmentTermTable[] = [];
  const stamped: string[] = [];
  const changed = new Map<string, { version: number; amount: number }>();
  for (const e of batch) {
    const terms = byEnrollment.get(e.id) ?? [];
    let ok = true;
    for (const m of monthsFor(e, o.months, facts.get(e.household_id)?.members ?? [], o.fromKey)) {
      if (m <= e.start_month) continue;
      const now = termAt(terms, m);
      if (!now || now.fromMonth === m || now.status !== 'active') continue;
      const f = facts.get(e.household_id);
      let d: ReturnType<typeof determine>;
      try {
        if (!f) throw new Error(`household ${e.household_id} not found`);
        d = determine(situationForEnrollment(f, e, m, careOf.get(e.id)), ps, { trace: true });
      } catch (err) {
        if (!isAppError(err) && !(err instanceof Error && err.message.startsWith('household '))) throw err;
        ok = false;
        break;
      }
      if (!d.eligible || d.amount.fen <= 0) {
        o.result.ineligible++;
        continue;
      }
      if (d.amount.fen === now.amountFen) continue;
      const uses = d.trace.flatMap((s) => s.params);
      const reasons = [
        `重算 recalculated ${m}: ${(now.amountFen / 100).toFixed(2)} → ${d.amount.yuan} 元/月`,
        ...changedParameters(ps, county, m, uses),
        ...d.reasons.map((x) => `${x.code}: ${x.message.zh}`),
      ];
      const term: Term = { fromMonth: m, status: 'active', amountFen: d.amount.fen, basis: 'recalculation' };
      terms.push(term);
      terms.sort((a, b) => (a.fromMonth < b.fromMonth ? -1 : 1));
      written.push({
        county_code: county,
        enrollment_id: e.id,
        from_month: m,
        status: 'active',
        amount_fen: d.amount.fen,
        basis: 'recalculation',
        reasons: json(reasons),
        determination: json(d),
        actor_id: null,
        actor_name: o.actor.username,
        created_at: o.at,
      });
      const latestPaid = [...terms].reverse().find((t) => t.amountFen > 0);
      changed.set(e.id, { version: Number(e.version), amount: latestPaid?.amountFen ?? d.amount.fen });
    }
    if (ok) stamped.push(e.id);
    else o.result.errors++;
  }
  // A decision taken since the batch was read (the version moved) wins: that enrollment's terms are not written now.
  const kept = new Set<string>();
  for (const [id, c] of changed) if (await repo.setAmountIfUnchanged(county, id, c.version, c.amount)) kept.add(id);
  const rows = written.filter((t) => kept.has(t.enrollment_id));
  await repo.insertTerms(rows, { keepExisting: true });
  const stamps = stamped.filter((id) => !changed.has(id) || kept.has(id)).map((id) => ({ county_code: county, enrollment_id: id, fingerprint: o.fingerprint, from_month: o.fromKey, checked_at: o.at }));
  await repo.stampRecalculated(stamps);
  o.result.terms += rows.length;
  o.result.enrollments += kept.size;
  if (kept.size > 0) {
    // Each enrollment recalculated carries its new state (audit verify --deep, ADR 0015).
    const states = await statesOf(trx, 'enrollment', county, [...kept]);
    await appendAuditBatch(
      trx,
      [...states].map(([id, after]) => ({
        actor: o.actor,
        at: o.at,
        input: { chain: county, action: 'enrollment.recalculated', entityType: 'enrollment', entityId: id, after, detail: { terms: rows.filter((t) => t.enrollment_id === id).map((t) => `${t.from_month}:${t.amount_fen}`) } },
      })),
    );
  }
  if (rows.length > 0) {
    await appendAudit(
      trx,
      o.actor,
      {
        chain: county,
        action: 'enrollment.recalculate',
        entityType: 'enrollment',
        detail: { enrollments: kept.size, terms: rows.length, months: [...new Set(rows.map((t) => t.from_month))].sort(), from: o.fromKey === NEVER ? null : o.fromKey },
      },
      o.at,
    );
  }
}

/**
 * The months to look at for one enrollment: the county's change months, and the months in which a member of the
 * household was born (the registry dates the household's composition by birth only, so a month is assessed on the
 * members born by its end: a child born after the decision joins the unit in its month of birth).
 */
function monthsFor(e: EnrollmentTable, months: readonly PlainMonth[], members: readonly { birth_date: string }[], fromKey: string): PlainMonth[] {
  const births = members.map((m) => monthOf(m.birth_date as PlainDate)).filter((m) => m > e.start_month && m >= fromKey);
  if (births.length === 0) return months as PlainMonth[];
  return [...new Set([...months, ...births])].sort();
}

/** Counties that have enrollments (the default scope of a run over the whole city). */
export async function enrolledCounties(ctx: CommandContext, o: { county?: string } = {}): Promise<string[]> {
  if (o.county) return [o.county];
  return enrollmentsFor(ctx).enrolledCounties();
}
