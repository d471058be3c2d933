import type { AssignedScreeningVisit, ScreeningVisitSynced } from '../../contracts/field-visits.ts';
import { type SCREENING_VISIT_STATES, SCREENING_VISIT_STATE_LABELS, ScreeningVisitMeta } from '../../contracts/field-visits.ts';
import { divisionNames } from '../../db/division-repo.ts';
import type { ScreeningRowTable } from '../../db/schema.ts';
import { AppError } from '../../kernel/errors.ts';
import { type CommandContext, may, requirePermission } from '../context.ts';
import { fillRow, type RowRef } from '../screening/fill-row.ts';
import { getRow } from '../screening/read-campaigns.ts';
import { requireRow, screeningRepo } from '../screening/screening-context.ts';
import { syncVisit, visitIdTaken } from '../shared/visit-sync.ts';

type RowState = (typeof SCREENING_VISIT_STATES)[number];

/** Where a row stands for a visit's base: concluded, verified (findings recorded), or open (its verification visit due). */
export function rowVisitState(r: Pick<ScreeningRowTable, 'conclusion' | 'findings'>): RowState {
  if (r.conclusion !== null) return 'concluded';
  return r.findings !== null ? 'verified' : 'open';
}

/**
 * 集中排查核查任务 The screening ledger rows of the user's area waiting for their verification visit (issue 12 point 5,
 * ADR 0035; ADR 0051 amended): rows of open campaigns with no findings and no conclusion yet, for the roles that fill
 * the ledger (`screening.fill`: the village assistant their village's rows, the township caseworker their township's),
 * with the office's record of the household (names, relation, birth date, sex, health, disability grade, labour
 * capacity — never ID numbers) and the row's version and state as the base.
 */
export async function screeningVisits(ctx: CommandContext, limit: number): Promise<{ items: AssignedScreeningVisit[]; more: boolean }> {
  if (!may(ctx.actor, 'screening.fill')) return { items: [], more: false };
  const repo = screeningRepo(ctx.actor, ctx.db.kysely);
  const rows = await repo.rowsAwaitingVisit(limit + 1);
  const more = rows.length > limit;
  const shown = rows.slice(0, limit);
  const names = await divisionNames(ctx.db.kysely, shown.map((r) => r.area_code));
  const items: AssignedScreeningVisit[] = [];
  for (const r of shown) {
    const persons = await repo.persons(r);
    items.push({
      kind: 'screening',
      countyCode: r.county_code,
      campaignId: r.campaign_id,
      hhNo: r.hh_no,
      headName: r.head_name,
      attribute: r.attribute,
      status: r.status,
      base: { version: Number(r.version), state: rowVisitState(r) },
      dueDate: r.deadline,
      areaCode: r.area_code,
      areaName: names.get(r.area_code) ?? r.area_code,
      members: persons.map((p) => ({
        personKey: p.person_key,
        name: p.name,
        relation: p.relation ?? null,
        birthDate: p.birth_date ?? null,
        sex: p.sex ?? null,
        health: p.health ?? null,
        disabilityGrade: p.disability_grade === null || p.disability_grade === undefined ? null : Number(p.disability_grade),
        laborCapacity: p.labor_capacity ?? null,
      })),
    });
  }
  return { items, more };
}

/**
 * 同步核查走访 A screening row's verification visit recorded offline arrives: the ledger's own fill (`fillRow`: the
 * methods and findings read and validated there, the engine's assessment, the version, the audit event), the visit's id
 * and the time recorded in the home kept on the row; through the one sync (`syncVisit`): idempotent by visit id, 409
 * `FIELD_VISIT_CONFLICT` when the row moved on since the base (filled or concluded meanwhile), nothing written then.
 */
export async function syncScreeningVisit(ctx: CommandContext, props: { ref: RowRef; input: unknown }): Promise<ScreeningVisitSynced> {
  requirePermission(ctx.actor, 'screening.fill');
  const meta = ScreeningVisitMeta.safeParse(props.input);
  if (!meta.success) {
    const field = meta.error.issues[0]?.path.map(String).join('.') || 'visitId';
    throw new AppError('VALIDATION', { zh: `输入无效：${field}`, en: `Invalid input: ${field}` }, { field });
  }
  const { version, visitId, recordedAt, baseState } = meta.data;
  const { visitId: _v, recordedAt: _r, baseState: _b, ...fill } = props.input as Record<string, unknown>;
  const repo = screeningRepo(ctx.actor, ctx.db.kysely);
  const row = await requireRow(repo, { campaignId: props.ref.campaignId, countyCode: props.ref.countyCode, hhNo: props.ref.hhNo });
  const out = await syncVisit<RowState, Awaited<ReturnType<typeof getRow>>>({
    recordedAt,
    now: ctx.clock().getTime(),
    base: { version, state: baseState },
    arrived: async () => {
      const earlier = await repo.rowByVisit(row.county_code, visitId);
      if (!earlier) return null;
      if (earlier.campaign_id !== row.campaign_id || earlier.hh_no !== row.hh_no) throw visitIdTaken();
      return getRow(ctx, props.ref);
    },
    current: async () => {
      const now = await requireRow(repo, { campaignId: row.campaign_id, countyCode: row.county_code, hhNo: row.hh_no });
      return { version: Number(now.version), state: rowVisitState(now) };
    },
    record: () => fillRow(ctx, props.ref, fill, { id: visitId, recordedAt }),
    entity: { zh: '台账记录', en: 'ledger row' },
    stateLabel: (s) => SCREENING_VISIT_STATE_LABELS[s],
  });
  return { duplicate: out.duplicate, row: out.result };
}
