import type { z } from 'zod';
import type { AssignedSpotVisit, AssignedVisit, VisitMember } from '../../contracts/field-visits.ts';
import { type CaseListRow, CaseRepo } from '../../db/case-repo.ts';
import { divisionNames } from '../../db/division-repo.ts';
import { RegistryRepo } from '../../db/registry-repo.ts';
import type { PersonTable } from '../../db/schema.ts';
import { scopeOf } from '../../db/scope.ts';
import { type CaseKind, type CaseState, NEW } from '../../workflow/case-types.ts';
import { TRANSITIONS } from '../../workflow/transitions.ts';
import { type CommandContext, may, todayOf } from '../context.ts';
import { stateOf } from './case-context.ts';
import { presentSummary } from './present-case.ts';

/** The kinds whose investigation is the office form's (temporary aid investigates through its own step, ADR 0037). */
const VISIT_KINDS: readonly CaseKind[] = ['dibao_household', 'dibao_individual', 'tekun'];

/** A member as the visit form shows them: never the ID number, phone or account. */
export function visitMember(m: PersonTable): z.infer<typeof VisitMember> {
  return {
    id: m.id,
    name: m.name,
    relation: m.relation,
    sex: m.sex as 'M' | 'F',
    birthDate: m.birth_date,
    disabilityGrade: m.disability_grade === null ? null : Number(m.disability_grade),
    laborCapacity: m.labor_capacity as 'full' | 'partial' | 'none',
    seriousIllness: Boolean(Number(m.serious_illness)),
  };
}

/**
 * 入户调查任务 The investigations assigned to the user, for the field visits' one list (issue 17 point 4, ADR 0051;
 * `assignedVisits` in src/commands/field-visits/ audits the download): the cases in the user's area at the step where
 * the home visit is recorded (the investigation) and that the user's role takes, soonest due first, each with what the
 * visit form needs — the household's address, head and members (names, relation, sex, birth date, disability grade,
 * labour capacity, serious illness; never ID numbers, phone or account) — and the case's version and state as the
 * visit's base. Out of area = not listed (the repositories' scope). Nothing for a role without `cases.investigate`.
 */
export async function investigationVisits(ctx: CommandContext, limit: number): Promise<{ items: AssignedVisit[]; more: boolean }> {
  const { rows, more } = await dueAt(ctx, 'investigate', limit);
  return { items: await visitItems(ctx, rows, (base) => ({ ...base, kind: 'investigation' as const })), more };
}

/**
 * 县级入户抽查任务 The sampled cases of the user's area waiting for the county's spot visit (the `spot_visit` step: the
 * county approver), with the same household and base as an investigation and the spot-check batch.
 */
export async function spotVisits(ctx: CommandContext, limit: number): Promise<{ items: AssignedSpotVisit[]; more: boolean }> {
  const { rows, more } = await dueAt(ctx, 'spot_visit', limit, 'sampled');
  return { items: await visitItems(ctx, rows, (base, r) => ({ ...base, kind: 'spot_check' as const, spotCheckId: r.spot_check_id ?? '' })), more };
}

/** The cases of the area at a step the user's role takes (its permission held), soonest due first. */
async function dueAt(ctx: CommandContext, step: 'investigate' | 'spot_visit', limit: number, spotCheck?: 'sampled'): Promise<{ rows: CaseListRow[]; more: boolean }> {
  const role = ctx.actor.role;
  const filters = VISIT_KINDS.filter((k) => TRANSITIONS[k][step].roles.includes(role) && may(ctx.actor, TRANSITIONS[k][step].permission)).map((kind) => ({
    kind,
    states: TRANSITIONS[kind][step].from.filter((s): s is CaseState => s !== NEW),
  }));
  if (filters.length === 0) return { rows: [], more: false };
  const { rows } = await new CaseRepo(ctx.db.kysely, scopeOf(ctx.actor.areaCode)).worklist({ filters, limit: limit + 1, ...(spotCheck ? { spotCheck } : {}) });
  return { rows: rows.slice(0, limit), more: rows.length > limit };
}

/** Each case with what its visit form needs: the household, head and members, the case's version and state as the base. */
async function visitItems<T>(ctx: CommandContext, cases: readonly CaseListRow[], as: (base: AssignedVisit, r: CaseListRow) => T): Promise<T[]> {
  const scope = scopeOf(ctx.actor.areaCode);
  const db = ctx.db.kysely;
  const registry = new RegistryRepo(db, scope);
  const households = await registry.householdsByIds(cases.map((r) => r.household_id));
  const names = await divisionNames(db, cases.map((r) => r.area_code));
  const today = todayOf(ctx);
  const items: T[] = [];
  for (const r of cases) {
    const h = households.get(r.household_id);
    if (!h || h.county_code !== r.county_code) continue;
    const { members } = await registry.householdParts(h);
    const s = presentSummary(r, names.get(r.area_code) ?? r.area_code, today);
    const base: AssignedVisit = {
      kind: 'investigation',
      countyCode: r.county_code,
      caseId: r.id,
      caseKind: s.kind,
      base: { version: Number(r.version), state: stateOf(r) },
      appliedOn: s.appliedOn,
      dueDate: s.dueDate,
      applicantName: s.applicantName,
      areaCode: s.areaCode,
      areaName: s.areaName,
      household: { id: h.id, address: h.address, headName: h.head_name, members: members.map(visitMember) },
    };
    items.push(as(base, r));
  }
  return items;
}
