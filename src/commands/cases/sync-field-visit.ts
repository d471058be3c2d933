import type { FieldVisitSync, FieldVisitSynced, SpotVisitSync } from '../../contracts/field-visits.ts';
import { CaseRecordsRepo } from '../../db/case-records-repo.ts';
import { type CaseState, STATE_LABELS } from '../../workflow/case-types.ts';
import { type CommandContext, requirePermission } from '../context.ts';
import { syncVisit, visitIdTaken } from '../shared/visit-sync.ts';
import { type CaseRef, casesFor, requireCase, stateOf } from './case-context.ts';
import { getCase } from './get-case.ts';
import { recordInvestigation } from './record-investigation.ts';
import { recordSpotVisit } from './record-spot-visit.ts';

/**
 * 同步入户调查 A home visit recorded offline on a phone arrives (issue 17 point 4, ADR 0051). Its photos and signatures
 * were uploaded before as case files of the investigate step (the upload route); this records the investigation
 * through the office's own command (`recordInvestigation`: the same validation, refusals, audit event and timeline),
 * keeping the time it was recorded in the home (`recordedAt`, the device's clock) beside the time it arrived, through
 * the field visits' one sync (`syncVisit`: idempotent by the visit's id, 409 `FIELD_VISIT_CONFLICT` when the case
 * moved on since the base, nothing written then; the device keeps the record).
 */
export async function syncFieldVisit(ctx: CommandContext, props: { ref: CaseRef; input: FieldVisitSync }): Promise<FieldVisitSynced> {
  requirePermission(ctx.actor, 'cases.investigate');
  const { visitId, recordedAt, baseState, ...investigation } = props.input;
  return syncCaseVisit(ctx, props.ref, { visitId, recordedAt, baseState, version: investigation.version }, {
    byVisit: (records, county) => records.investigationByVisit(county, visitId),
    record: (visit) => recordInvestigation(ctx, { ref: props.ref, input: investigation, visit }),
  });
}

/**
 * 同步入户抽查 The county's spot visit of a sampled case recorded offline arrives (ADR 0051 amended): recorded by the
 * office's own step (`recordSpotVisit`: the sample checked, the visit on the sampled item, the timeline and audit event),
 * the visit's id and the time recorded in the home kept on the item; through the one sync (`syncVisit`): idempotent by
 * visit id, 409 `FIELD_VISIT_CONFLICT` when the case moved on since the base (the case's version: a visit recorded
 * meanwhile at the office, or the county's opinion given).
 */
export async function syncSpotVisit(ctx: CommandContext, props: { ref: CaseRef; input: SpotVisitSync }): Promise<FieldVisitSynced> {
  requirePermission(ctx.actor, 'cases.approve');
  const { visitId, recordedAt, baseState, ...visit } = props.input;
  return syncCaseVisit(ctx, props.ref, { visitId, recordedAt, baseState, version: visit.version }, {
    byVisit: (records, county) => records.spotItemByVisit(county, visitId),
    record: (v) => recordSpotVisit(ctx, { ref: props.ref, input: visit, visit: v }),
  });
}

/** A case's visit through the one sync: the record it left if this visit arrived before, the case's base, the office's step. */
async function syncCaseVisit(
  ctx: CommandContext,
  ref: CaseRef,
  sent: { visitId: string; recordedAt: string; baseState: CaseState; version: number },
  kind: {
    byVisit: (records: CaseRecordsRepo, county: string) => Promise<{ case_id: string } | undefined>;
    record: (visit: { id: string; recordedAt: string }) => Promise<Awaited<ReturnType<typeof getCase>>>;
  },
): Promise<FieldVisitSynced> {
  const row = await requireCase(casesFor(ctx), ref);
  const records = new CaseRecordsRepo(ctx.db.kysely);
  const out = await syncVisit<CaseState, Awaited<ReturnType<typeof getCase>>>({
    recordedAt: sent.recordedAt,
    now: ctx.clock().getTime(),
    base: { version: sent.version, state: sent.baseState },
    arrived: async () => {
      const earlier = await kind.byVisit(records, row.county_code);
      if (!earlier) return null;
      if (earlier.case_id !== row.id) throw visitIdTaken();
      return getCase(ctx, ref);
    },
    current: async () => {
      const now = await requireCase(casesFor(ctx), ref);
      return { version: Number(now.version), state: stateOf(now) };
    },
    record: () => kind.record({ id: sent.visitId, recordedAt: sent.recordedAt }),
    entity: { zh: '案件', en: 'case' },
    stateLabel: (s) => STATE_LABELS[s],
  });
  return { duplicate: out.duplicate, case: out.result };
}
