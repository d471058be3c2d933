import type { z } from 'zod';
import type { AssignedVisit, VisitMember } from '../../contracts/field-visits.ts';
import { CaseRepo } from '../../db/case-repo.ts';
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
  if (!may(ctx.actor, 'cases.investigate')) return { items: [], more: false };
  const scope = scopeOf(ctx.actor.areaCode);
  const db = ctx.db.kysely;
  const role = ctx.actor.role;
  const filters = VISIT_KINDS.filter((k) => TRANSITIONS[k].investigate.roles.includes(role)).map((kind) => ({
    kind,
    states: TRANSITIONS[kind].investigate.from.filter((s): s is CaseState => s !== NEW),
  }));
  if (filters.length === 0) return { items: [], more: false };
  const { rows } = await new CaseRepo(db, scope).worklist({ filters, limit: limit + 1 });
  const more = rows.length > limit;
  const cases = rows.slice(0, limit);
  const registry = new RegistryRepo(db, scope);
  const households = await registry.householdsByIds(cases.map((r) => r.household_id));
  const names = await divisionNames(db, cases.map((r) => r.area_code));
  const today = todayOf(ctx);
  const items: AssignedVisit[] = [];
  for (const r of cases) {
    const h = households.get(r.household_id);
    if (!h || h.county_code !== r.county_code) continue;
    const { members } = await registry.householdParts(h);
    const s = presentSummary(r, names.get(r.area_code) ?? r.area_code, today);
    items.push({
      kind: 'investigation' as const,
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
    });
  }
  return { items, more };
}
