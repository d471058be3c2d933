import { type AuditEventView, type AuditSearchPage, type AuditSearchQuery, type AuditVerifyStatus, RESPONSIBILITY_STAGES, type ResponsibilityChain, type ResponsibilityItem, type ResponsibilityStage } from '../../contracts/audit.ts';
import { householdRecordIds } from '../../db/access-trail.ts';
import { appendAudit } from '../../db/audit.ts';
import {
  type BrowsedEvent,
  browseTrail,
  caseDecisions,
  caseForChain,
  caseSteps,
  enrollmentsOfDecisions,
  lastEventOf,
  paymentsOfEnrollments,
  type TrailFilter,
  userIdsNamed,
  writesOfRecords,
} from '../../db/audit-browse.ts';
import { RegistryRepo } from '../../db/registry-repo.ts';
import { inScope, notFound, scopeOf } from '../../db/scope.ts';
import { AppError } from '../../kernel/errors.ts';
import type { CommandContext } from '../context.ts';
import { auditActor, nowIso, requirePermission } from '../context.ts';
import { decodeCursor, encodeCursor } from '../shared/cursor.ts';
import { householdOf } from './person-access.ts';
import { verifyAuditTrail } from './verify-audit.ts';

/** Rows of a page when the caller names none. */
export const AUDIT_PAGE = 50;

/**
 * 审计查询 The auditor's browser over the trail (issue 16 point 4, ADR 0047): events by user, person or household,
 * action and time range, newest first, paged by the list cursor (at, chain, seq). A person (ID number) is found as
 * person-access finds them, and stands for their household's records (the household, its cases, enrollments and
 * reviews). The search is itself audited (`audit.search`, the filters without the ID number: only its household).
 * `audit.read` and `audit.persons` (the auditor): the system administrator verifies the chain but sees no case data.
 */
export async function searchTrail(ctx: CommandContext, q: AuditSearchQuery): Promise<AuditSearchPage> {
  requirePermission(ctx.actor, 'audit.read');
  requirePermission(ctx.actor, 'audit.persons');
  const { filter, household } = await trailFilter(ctx, q);
  const c = decodeCursor(q.after);
  if (c) filter.after = { at: c.due, chain: c.county, seq: Number(c.id) };
  const limit = q.limit ?? AUDIT_PAGE;
  const rows = await browseTrail(ctx.db.kysely, filter, limit + 1);
  const items = rows.slice(0, limit).map(presentEvent);
  const last = items[items.length - 1];
  const next = rows.length > limit && last ? encodeCursor({ due: last.at, county: last.chain, id: String(last.seq) }) : null;
  await ctx.db.kysely.transaction().execute((trx) =>
    appendAudit(
      trx,
      auditActor(ctx.actor),
      { chain: 'city', action: 'audit.search', entityType: 'audit_event', detail: { filters: auditedFilters(q, household), page: Boolean(q.after), returned: items.length } },
      nowIso(ctx),
    ),
  );
  return { items, next, household };
}

/** The search's filters as the trail's reads take them (shared with the export of a selection). */
export async function trailFilter(ctx: CommandContext, q: AuditSearchQuery): Promise<{ filter: TrailFilter; household: AuditSearchPage['household'] }> {
  if (q.from && q.to && q.from >= q.to) {
    throw new AppError('AUDIT_RANGE_INVALID', { zh: '起始时间须早于截止时间', en: 'The start of the range must come before its end' }, { field: 'to' });
  }
  const filter: TrailFilter = { action: q.action, from: q.from ? new Date(q.from).toISOString() : undefined, to: q.to ? new Date(q.to).toISOString() : undefined };
  if (q.user) filter.actorIds = await userIdsNamed(ctx.db.kysely, q.user);
  let household: AuditSearchPage['household'] = null;
  if (q.idNumber || q.householdId) {
    const registry = new RegistryRepo(ctx.db.kysely, scopeOf(ctx.actor.areaCode));
    const h = await householdOf(ctx, registry, { idNumber: q.idNumber, county: q.county, householdId: q.householdId });
    household = { county: h.county_code, householdId: h.id };
    filter.records = { chain: h.county_code, ids: [h.id, ...(await householdRecordIds(ctx.db.kysely, h.county_code, h.id))] };
  }
  return { filter, household };
}

/** What the audit records of a search: never the ID number, only the household it named. */
export function auditedFilters(q: AuditSearchQuery, household: AuditSearchPage['household']): Record<string, unknown> {
  return {
    ...(q.user ? { user: q.user } : {}),
    ...(household ? { household: `${household.county}/${household.householdId}`, by: q.idNumber ? 'idNumber' : 'household' } : {}),
    ...(q.action ? { action: q.action } : {}),
    ...(q.from ? { from: q.from } : {}),
    ...(q.to ? { to: q.to } : {}),
  };
}

export function presentEvent(e: BrowsedEvent): AuditEventView {
  return {
    at: e.at,
    chain: e.chain,
    seq: e.seq,
    actor: e.actor_name,
    actorId: e.actor_id,
    actorName: e.user_name,
    actorRole: e.user_role,
    action: e.action,
    entityType: e.entity_type,
    entityId: e.entity_id,
    detail: e.detail ? (JSON.parse(e.detail) as Record<string, unknown>) : {},
  };
}

const STEP_STAGE: Record<string, ResponsibilityStage> = {
  apply: 'applied',
  resubmit: 'applied',
  assist_first: 'applied',
  accept: 'accepted',
  request_missing: 'accepted',
  investigate: 'investigated',
  close_ineligible: 'investigated',
  return_for_investigation: 'reviewed',
  deliberate: 'deliberated',
  township_review: 'reviewed',
  county_opinion: 'approved',
  approve: 'approved',
  refuse: 'approved',
  collective_decision: 'approved',
};

const ROLL_STAGE: Record<string, ResponsibilityStage> = {
  'payroll.build': 'roll_built',
  'payroll.refresh': 'roll_built',
  'payroll.approve': 'roll_approved',
  'payroll.export': 'bank_file',
  'payroll.results': 'paid',
};

/**
 * 责任链 The chain of responsibility of a case's decision (issue 16 point 4): who filed and accepted it, investigated,
 * deliberated, reviewed and approved it — from the case's own timeline (`case_event`, with each actor's role at the
 * time) and decision records — then who enrolled the household, built, approved and sent to the bank each roll that
 * paid it, and the bank's result for its line; in time order, each linked to the audit event that recorded it. The case
 * is found across the city (the auditor's area); out of the actor's area it is not found. The question is audited.
 */
export async function responsibilityChain(ctx: CommandContext, ref: { county: string; caseId: string }): Promise<ResponsibilityChain> {
  requirePermission(ctx.actor, 'audit.read');
  requirePermission(ctx.actor, 'audit.persons');
  const db = ctx.db.kysely;
  const c = await caseForChain(db, ref.county, ref.caseId);
  if (!c || !inScope(scopeOf(ctx.actor.areaCode), c.area_code)) throw notFound({ zh: '案件', en: 'case' });
  const steps = await caseSteps(db, c.county_code, c.id);
  const decisions = await caseDecisions(db, c.county_code, c.id);
  const enrollments = await enrollmentsOfDecisions(
    db,
    c.county_code,
    decisions.filter((d) => d.outcome === 'approved').map((d) => d.id),
  );
  const lines = await paymentsOfEnrollments(
    db,
    c.county_code,
    enrollments.map((e) => e.id),
  );
  const rolls = [...new Set(lines.map((l) => l.roll_id))];
  const writes = await writesOfRecords(db, c.county_code, [c.id, ...enrollments.map((e) => e.id), ...rolls]);
  const caseEvents = new Map<string, BrowsedEvent>();
  for (const w of writes) if (w.entity_type === 'case' && w.entity_id === c.id) caseEvents.set(`${w.action}@${w.at}`, w);

  const items: ResponsibilityItem[] = [];
  for (const s of steps) {
    const e = caseEvents.get(`case.${s.step}@${s.at}`);
    const decision = s.step === 'approve' || s.step === 'refuse' ? decisions.find((d) => d.decided_at === s.at) : undefined;
    items.push({
      at: s.at,
      stage: STEP_STAGE[s.step] ?? 'other',
      step: s.step,
      actorName: s.actor_name,
      actorRole: s.actor_role,
      entityType: 'case',
      entityId: c.id,
      event: e ? { chain: e.chain, seq: e.seq } : null,
      detail: { from: s.from_state, to: s.to_state, ...(decision ? { outcome: decision.outcome, amountFen: decision.amount_fen === null ? null : Number(decision.amount_fen), benefitFrom: decision.benefit_from } : {}) },
    });
  }
  for (const w of writes) {
    if (w.entity_type === 'enrollment' && w.action === 'enrollment.create') {
      const en = enrollments.find((x) => x.id === w.entity_id);
      items.push(eventItem(w, 'enrolled', { program: en?.program, startMonth: en?.start_month, monthlyAmountFen: en ? Number(en.monthly_amount_fen) : null }));
    } else if (w.entity_type === 'payroll_roll' && ROLL_STAGE[w.action]) {
      const mine = lines.filter((l) => l.roll_id === w.entity_id);
      const line = mine[0];
      const stage = ROLL_STAGE[w.action];
      items.push(
        eventItem(w, stage, {
          month: line?.month,
          program: line?.program,
          amountFen: mine.reduce((a, l) => a + Number(l.amount_fen), 0),
          ...(stage === 'paid' ? { bankStatus: line?.bank_status ?? null, bankAt: line?.bank_at ?? null } : {}),
          ...(line?.hold_reason ? { held: line.hold_reason } : {}),
        }),
      );
    }
  }
  // Time order; within one instant (one transaction: the approval and the enrollment it makes) the procedure's order.
  const rank = (s: ResponsibilityStage) => RESPONSIBILITY_STAGES.indexOf(s);
  items.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : rank(a.stage) - rank(b.stage) || (a.event?.seq ?? 0) - (b.event?.seq ?? 0)));
  await db.transaction().execute((trx) =>
    appendAudit(trx, auditActor(ctx.actor), { chain: c.county_code, action: 'audit.responsibility', entityType: 'case', entityId: c.id, detail: { items: items.length } }, nowIso(ctx)),
  );
  return { county: c.county_code, caseId: c.id, kind: c.kind, state: c.state, householdId: c.household_id, enrollments: enrollments.map((e) => e.id), rolls, items };
}

function eventItem(w: BrowsedEvent, stage: ResponsibilityStage, detail: Record<string, unknown>): ResponsibilityItem {
  return {
    at: w.at,
    stage,
    step: w.action,
    actorName: w.user_name ?? w.actor_name,
    actorRole: w.user_role,
    entityType: w.entity_type,
    entityId: w.entity_id ?? '',
    event: { chain: w.chain, seq: w.seq },
    detail,
  };
}

const VERIFY_ACTION = 'audit.verify';

/** The chain's last verification from the browser (by anyone with `audit.read`): when, by whom, its result; null before the first. */
export async function auditVerifyStatus(ctx: CommandContext): Promise<AuditVerifyStatus | null> {
  requirePermission(ctx.actor, 'audit.read');
  const e = await lastEventOf(ctx.db.kysely, 'city', VERIFY_ACTION);
  if (!e?.detail) return null;
  const d = JSON.parse(e.detail) as Omit<AuditVerifyStatus, 'at' | 'by'>;
  return { ok: d.ok, chains: d.chains, events: d.events, firstProblem: d.firstProblem ?? null, at: e.at, by: e.user_name ?? e.actor_name };
}

/**
 * Verifies the chain now (verify-audit.ts, as `POST /api/audit/verify`) and records the run and its result in the
 * trail (city chain), so that the browser shows when it was last verified and what it found.
 */
export async function runAuditVerify(ctx: CommandContext): Promise<AuditVerifyStatus> {
  const r = await verifyAuditTrail(ctx);
  const at = nowIso(ctx);
  await ctx.db.kysely.transaction().execute((trx) =>
    appendAudit(trx, auditActor(ctx.actor), { chain: 'city', action: VERIFY_ACTION, entityType: 'audit_event', detail: { ok: r.ok, chains: r.chains, events: r.events, firstProblem: r.firstProblem } }, at),
  );
  return { ...r, at, by: ctx.actor.displayName || ctx.actor.username };
}
