import type { Kysely, Transaction } from 'kysely';
import type { OutreachExplanation, OutreachFinding, OutreachKind, OutreachList, OutreachOpenCase, OutreachQuery, OutreachRow } from '../../contracts/outreach.ts';
import { divisionNames } from '../../db/division-repo.ts';
import { coveredHouseholds, outreachLabels } from '../../db/outreach-repo.ts';
import { recordBulkRead } from '../../db/read-audit.ts';
import type { Database } from '../../db/schema.ts';
import { type AreaScope, narrowScope, notFound, scopeOf } from '../../db/scope.ts';
import { countiesInScope, countyBatches, readOnlySnapshot } from '../../db/simulation-source.ts';
import { AppError } from '../../kernel/errors.ts';
import { monthOf, parsePlainMonth, type PlainMonth } from '../../kernel/plain-date.ts';
import type { ParameterSet } from '../../policy/parameter-set.ts';
import { determine } from '../../rules/engine.ts';
import type { Situation } from '../../rules/situation.ts';
import { fileApplication } from '../cases/submit-application.ts';
import { type CommandContext, auditActor, requirePermission, todayOf } from '../context.ts';
import { presentDetermination } from '../policy/calculate.ts';
import { loadParameterSet } from '../policy/parameters.ts';
import { mapRegistry } from '../registry/situation-from-registry.ts';
import { type RegistryHousehold, registrySituations } from '../simulate/registry-situations.ts';

type Q = Kysely<Database> | Transaction<Database>;

/**
 * 应保尽保 The outreach list (issue 16 point 5, ADR 0047): every registry household of the area read through the
 * simulation's batch path (countyBatches → registrySituations: the one registry → situation mapping) and determined for
 * the month — dibao for the household; tekun for each member who could qualify; 单人保 for a severely disabled or
 * seriously ill member without full labour capacity of a registered-poor household the engine does not find eligible
 * as a whole — keeping those eligible that have no dibao or tekun enrollment in force and no open case. Read in one
 * read-only snapshot; nothing is written but the list's read event (a bulk read of personal data, ADR 0009).
 */
export async function listOutreach(ctx: CommandContext, q: OutreachQuery): Promise<OutreachList> {
  requirePermission(ctx.actor, 'outreach.read');
  const ps = await loadParameterSet(ctx.db);
  const { scope, month, counties } = areaOf(ctx, ps, q);
  // A county's or the city's list is shared for a minute (a county of 50,000 households takes 2–3 s: bench/outreach.bench.ts);
  // a township's or a village's is read afresh (0.2 s for 3,000 households), so that the staff who visit see it as it is.
  const wide = scope.prefix.length <= 6;
  const list = wide ? await shared(ctx, `${scope.areaCode}|${month}`, () => computeList(ctx, ps, scope, month, counties)) : await computeList(ctx, ps, scope, month, counties);
  await recordBulkRead(
    ctx.db.kysely,
    auditActor(ctx.actor),
    { chain: scope.countyCode ?? 'city', action: 'outreach.list', entityType: 'household', detail: { area: scope.areaCode, month, scanned: list.scanned, returned: list.rows.length } },
    ctx.clock().toISOString(),
  );
  return list;
}

/** How long a county's or the city's list is kept and shared (the page says when it was computed). */
export const OUTREACH_TTL_MS = 60_000;
const kept = new WeakMap<object, Map<string, { until: number; list: Promise<OutreachList> }>>();

function shared(ctx: CommandContext, key: string, compute: () => Promise<OutreachList>): Promise<OutreachList> {
  let byKey = kept.get(ctx.db.kysely);
  if (!byKey) kept.set(ctx.db.kysely, (byKey = new Map()));
  const now = Date.now();
  const hit = byKey.get(key);
  if (hit && hit.until > now) return hit.list;
  if (byKey.size >= 500) byKey.clear();
  const list = compute();
  const entry = { until: now + OUTREACH_TTL_MS, list };
  byKey.set(key, entry);
  list.catch(() => {
    if (byKey.get(key) === entry) byKey.delete(key);
  });
  return list;
}

/** Forgets the shared lists of this database (a case opened from the list takes its row off at once). */
export function forgetOutreach(db: object): void {
  kept.delete(db);
}

async function computeList(ctx: CommandContext, ps: ParameterSet, scope: AreaScope, month: PlainMonth, counties: readonly string[]): Promise<OutreachList> {
  const started = performance.now();
  const found: { county: string; household: RegistryHousehold; findings: OutreachFinding[] }[] = [];
  let scanned = 0;
  await readOnlySnapshot(ctx.db.kysely, ctx.db.dialect, async (tx) => {
    for (const county of counties) {
      const covered = await coveredHouseholds(tx, scope, county);
      for await (const batch of countyBatches(tx, { scope, county, withIds: true })) {
        scanned += batch.households.length;
        for (const h of registrySituations(batch, month)) {
          if (covered.has(h.householdId)) continue;
          const findings = assessHousehold(h, month, ps);
          if (findings.length > 0) found.push({ county, household: h, findings });
        }
      }
    }
  });
  const rows: OutreachRow[] = [];
  for (const county of counties) {
    const mine = found.filter((f) => f.county === county);
    if (mine.length === 0) continue;
    const personIds = mine.flatMap((f) => f.findings.map((x) => x.personId).filter((x): x is string => x !== null));
    const labels = await outreachLabels(
      ctx.db.kysely,
      scope,
      county,
      mine.map((f) => f.household.householdId),
      personIds,
    );
    for (const f of mine) {
      const h = labels.households.get(f.household.householdId);
      if (!h) continue;
      rows.push({
        county,
        householdId: f.household.householdId,
        areaCode: h.area_code,
        areaName: '',
        townshipCode: `${h.area_code.slice(0, 9)}000`,
        townshipName: '',
        headName: h.head_name,
        memberCount: Number(h.member_count),
        registeredPoor: Number(h.registered_poor) === 1,
        findings: f.findings.map((x) => ({ ...x, personName: x.personId ? (labels.persons.get(x.personId) ?? null) : null })),
      });
    }
  }
  const names = await divisionNames(ctx.db.kysely, [...rows.map((r) => r.areaCode), ...rows.map((r) => r.townshipCode)]);
  for (const r of rows) {
    r.areaName = names.get(r.areaCode) ?? r.areaCode;
    r.townshipName = names.get(r.townshipCode) ?? r.townshipCode;
  }
  rows.sort((a, b) => (a.areaCode < b.areaCode ? -1 : a.areaCode > b.areaCode ? 1 : a.householdId < b.householdId ? -1 : 1));
  const townships = new Map<string, { code: string; name: string; households: number; monthlyFen: number }>();
  for (const r of rows) {
    const t = townships.get(r.townshipCode) ?? { code: r.townshipCode, name: r.townshipName, households: 0, monthlyFen: 0 };
    t.households++;
    t.monthlyFen += r.findings.reduce((a, x) => a + x.monthlyFen, 0);
    townships.set(r.townshipCode, t);
  }
  const at = ctx.clock().toISOString();
  return { month, areaCode: scope.areaCode, scanned, rows, townships: [...townships.values()], computedAt: at, seconds: Number(((performance.now() - started) / 1000).toFixed(3)) };
}

/** The scope (the user's, narrowed to the county or township asked for), the month, and the counties to read. */
function areaOf(ctx: CommandContext, ps: ParameterSet, q: OutreachQuery): { scope: AreaScope; month: PlainMonth; counties: string[] } {
  const month = q.month ? parsePlainMonth(q.month) : monthOf(todayOf(ctx));
  if (!month) throw new AppError('MONTH_FORMAT', { zh: `月份应为 YYYY-MM：${q.month}`, en: `The month must be YYYY-MM: ${q.month}` }, { field: 'month' });
  if (q.township && q.county && !q.township.startsWith(q.county)) {
    throw new AppError('TOWNSHIP_NOT_IN_COUNTY', { zh: '所选乡镇不属于所选县区', en: 'The township chosen is not in the county chosen' }, { field: 'township' });
  }
  const all = ps.counties().map((c) => c.code);
  if (q.county && !all.includes(q.county)) {
    throw new AppError('COUNTY_UNKNOWN', { zh: `${q.county} 不是本市所辖县区`, en: `${q.county} is not a county of the city` }, { field: 'county' });
  }
  const scope = narrowScope(scopeOf(ctx.actor.areaCode), q.township ?? q.county);
  return { scope, month, counties: countiesInScope(scope, all) };
}

/**
 * What the engine finds for one household not covered: dibao for the household; tekun for each member the engine
 * finds eligible (mapped for that member, by id, through the same mapping); 单人保 when the household is not eligible as
 * a whole, for each member who could be included alone.
 */
export function assessHousehold(h: RegistryHousehold, month: PlainMonth, ps: ParameterSet): OutreachFinding[] {
  const out: OutreachFinding[] = [];
  const household = determine(h.dibao, ps);
  if (household.eligible) out.push({ kind: 'dibao_household', personId: null, personName: null, monthlyFen: household.amount.fen });
  // The cheap test first (the situation by member index, as the simulation does); members named only when one passes.
  const anyTekun = h.tekunCandidates.some((i) => determine({ ...h.dibao, program: 'tekun', applicant: i }, ps).eligible);
  if (anyTekun) {
    for (const p of h.rows.members) {
      if (p.labor_capacity !== 'none' || !p.id) continue;
      const d = memberDetermination(h, month, ps, 'tekun', p.id);
      if (d?.eligible) out.push({ kind: 'tekun', personId: p.id, personName: null, monthlyFen: d.amount.fen });
    }
  }
  if (!household.eligible && Number(h.rows.household.registered_poor) === 1) {
    for (const p of h.rows.members) {
      const severe = (p.disability_grade !== null && Number(p.disability_grade) <= 2) || Number(p.serious_illness) === 1;
      if (!severe || p.labor_capacity === 'full' || !p.id) continue;
      const d = memberDetermination(h, month, ps, 'dibao_individual', p.id);
      if (d?.eligible) out.push({ kind: 'dibao_individual', personId: p.id, personName: null, monthlyFen: d.amount.fen });
    }
  }
  return out;
}

function situationOf(h: RegistryHousehold, month: PlainMonth, kind: OutreachKind, personId: string | null): Situation | null {
  if (kind === 'dibao_household') return h.dibao;
  if (!personId) return null;
  const m = mapRegistry(h.rows, { kind, month, applicantPersonId: personId });
  return m.ok ? m.situation : null;
}

function memberDetermination(h: RegistryHousehold, month: PlainMonth, ps: ParameterSet, kind: 'tekun' | 'dibao_individual', personId: string) {
  const s = situationOf(h, month, kind, personId);
  return s ? determine(s, ps) : null;
}

/** One household of the area, read through the same batch path (its rows alone). */
async function oneHousehold(q: Q, scope: AreaScope, county: string, householdId: string, month: PlainMonth): Promise<RegistryHousehold | null> {
  for await (const batch of countyBatches(q, { scope, county, withIds: true, ids: [householdId] })) {
    for (const h of registrySituations(batch, month)) if (h.householdId === householdId) return h;
  }
  return null;
}

const household = { zh: '家庭', en: 'household' };

/** The engine's explanation of one finding of a row (the one trace presenter, src/rules/explain). */
export async function explainOutreach(
  ctx: CommandContext,
  ref: { county: string; householdId: string; kind: OutreachKind; personId?: string; month?: string },
): Promise<OutreachExplanation> {
  requirePermission(ctx.actor, 'outreach.read');
  const ps = await loadParameterSet(ctx.db);
  const { scope, month } = areaOf(ctx, ps, { month: ref.month });
  const h = await readOnlySnapshot(ctx.db.kysely, ctx.db.dialect, (tx) => oneHousehold(tx, scope, ref.county, ref.householdId, month));
  if (!h) throw notFound(household);
  const s = situationOf(h, month, ref.kind, ref.personId ?? null);
  if (!s) throw notFound({ zh: '家庭成员', en: 'member' });
  const view = presentDetermination(determine(s, ps, { trace: true }), ps);
  return { county: ref.county, householdId: ref.householdId, kind: ref.kind, personId: ref.personId ?? null, determination: view };
}

/**
 * 上门动员申请 Opens a case from a row, after the visit: the household applies (declaration signed, authorisation given)
 * and the caseworker files it on the household's behalf through the case procedure's own application
 * (`fileApplication`), with `origin = 'outreach'` and the engine's figure of the month in its payload. The row must still
 * hold: the household (in the area) is found eligible for that programme now; an enrollment or an open case refuses as
 * an application would.
 */
export async function openOutreachCase(ctx: CommandContext, ref: { county: string; householdId: string }, input: OutreachOpenCase): Promise<{ countyCode: string; id: string; state: string; kind: string }> {
  requirePermission(ctx.actor, 'outreach.read');
  requirePermission(ctx.actor, 'cases.apply');
  const ps = await loadParameterSet(ctx.db);
  const { scope, month } = areaOf(ctx, ps, { month: input.month });
  const h = await oneHousehold(ctx.db.kysely, scope, ref.county, ref.householdId, month);
  if (!h) throw notFound(household);
  const finding = assessHousehold(h, month, ps).find((f) => f.kind === input.kind && (input.kind === 'dibao_household' || f.personId === input.personId));
  if (!finding) {
    throw new AppError(
      'OUTREACH_NOT_ELIGIBLE',
      { zh: '按当前登记信息，该户（该成员）不符合所选保障类别，不能从应保尽保名单开案', en: 'On the registry as it stands, the household (member) is not eligible for that programme: no case can be opened from the list' },
      { status: 409, field: 'kind' },
    );
  }
  const head = h.rows.members.find((m) => m.relation === 'head') ?? h.rows.members[0];
  const applicant = input.kind === 'dibao_household' ? head?.id : input.personId;
  if (!applicant) throw notFound({ zh: '家庭成员', en: 'member' });
  const opened = await ctx.db.kysely.transaction().execute((trx) =>
    fileApplication(
      ctx,
      trx,
      {
        kind: input.kind,
        household: { countyCode: ref.county, id: ref.householdId },
        applicantPersonId: applicant,
        signedDeclaration: input.signedDeclaration,
        dataCheckAuthorised: input.dataCheckAuthorised,
        staffRelative: input.staffRelative,
        onBehalf: true,
        attachments: [],
      },
      { origin: 'outreach', payload: { outreach: { month, monthlyFen: finding.monthlyFen } } },
    ),
  );
  forgetOutreach(ctx.db.kysely);
  return { countyCode: opened.county_code, id: opened.id, state: opened.state, kind: opened.kind };
}
