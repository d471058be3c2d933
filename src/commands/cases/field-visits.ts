import type { AssignedVisitList } from '../../contracts/field-visits.ts';
import { CaseRepo } from '../../db/case-repo.ts';
import { divisionNames } from '../../db/division-repo.ts';
import { recordBulkRead } from '../../db/read-audit.ts';
import { RegistryRepo } from '../../db/registry-repo.ts';
import { scopeOf } from '../../db/scope.ts';
import { type CaseKind, type CaseState, NEW } from '../../workflow/case-types.ts';
import { TRANSITIONS } from '../../workflow/transitions.ts';
import { type CommandContext, requirePermission, todayOf } from '../context.ts';
import { stateOf } from './case-context.ts';
import { presentSummary } from './present-case.ts';

/** The kinds whose investigation is the office form's (temporary aid investigates through its own step, ADR 0037). */
const VISIT_KINDS: readonly CaseKind[] = ['dibao_household', 'dibao_individual', 'tekun'];
/** At most this many visits per download, soonest due first: a phone holds a working week, not the township's archive. */
export const ASSIGNED_VISITS_LIMIT = 200;

/**
 * 外出走访任务 The field visits assigned to the user, to download to a phone (issue 17 point 4, ADR 0051): the cases in
 * the user's area at the step where the home visit is recorded (the investigation) and that the user's role takes,
 * soonest due first, each with what the visit form needs — the household's address, head and members (names,
 * relation, sex, birth date, disability grade, labour capacity, serious illness; never ID numbers, phone or account)
 * — and the case's version and state as the visit's base. Out of area = not listed (the repositories' scope). A bulk
 * read of personal data: audited with counts (`field_visit.download`), before anything is returned.
 */
export async function assignedVisits(ctx: CommandContext): Promise<AssignedVisitList> {
  requirePermission(ctx.actor, 'cases.investigate');
  const scope = scopeOf(ctx.actor.areaCode);
  const db = ctx.db.kysely;
  const role = ctx.actor.role;
  const filters = VISIT_KINDS.filter((k) => TRANSITIONS[k].investigate.roles.includes(role)).map((kind) => ({
    kind,
    states: TRANSITIONS[kind].investigate.from.filter((s): s is CaseState => s !== NEW),
  }));
  const { rows } = await new CaseRepo(db, scope).worklist({ filters, limit: ASSIGNED_VISITS_LIMIT + 1 });
  const more = rows.length > ASSIGNED_VISITS_LIMIT;
  const cases = rows.slice(0, ASSIGNED_VISITS_LIMIT);
  const registry = new RegistryRepo(db, scope);
  const households = await registry.householdsByIds(cases.map((r) => r.household_id));
  const names = await divisionNames(db, cases.map((r) => r.area_code));
  const today = todayOf(ctx);
  const items = [];
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
      household: {
        id: h.id,
        address: h.address,
        headName: h.head_name,
        members: members.map((m) => ({
          id: m.id,
          name: m.name,
          relation: m.relation,
          sex: m.sex,
          birthDate: m.birth_date,
          disabilityGrade: m.disability_grade === null ? null : Number(m.disability_grade),
          laborCapacity: m.labor_capacity,
          seriousIllness: Boolean(Number(m.serious_illness)),
        })),
      },
    });
  }
  const at = ctx.clock().toISOString();
  await recordBulkRead(
    db,
    { userId: ctx.actor.userId, username: ctx.actor.username },
    { chain: scope.countyCode ?? 'city', action: 'field_visit.download', entityType: 'case', detail: { area: scope.areaCode, returned: items.length, more } },
    at,
  );
  return { items, downloadedAt: at, limit: ASSIGNED_VISITS_LIMIT, more };
}
