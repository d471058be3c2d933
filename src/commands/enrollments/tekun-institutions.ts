import { randomUUID } from 'node:crypto';
import type { InstitutionList, InstitutionView, PlacementPage, PlacementQuery } from '../../contracts/tekun-care.ts';
import { appendAudit } from '../../db/audit.ts';
import { narrowScope, outOfArea, scopeOf } from '../../db/scope.ts';
import { TekunCareRepo } from '../../db/tekun-care-repo.ts';
import { divisionLevel } from '../../kernel/division-code.ts';
import { AppError } from '../../kernel/errors.ts';
import { monthOf } from '../../kernel/plain-date.ts';
import { type CommandContext, auditActor, recordRead, requirePermission, todayOf } from '../context.ts';
import { parameterSetOf } from '../policy/parameters.ts';
import { assessedLevel, presentInstitution } from './tekun-care.ts';

/** 供养服务机构 A county's institutions (those open), for the placement's choice. */
export async function listInstitutions(ctx: CommandContext, q: { county: string }): Promise<InstitutionList> {
  requirePermission(ctx.actor, 'cases.read');
  narrowScope(scopeOf(ctx.actor.areaCode), q.county);
  const rows = await new TekunCareRepo(ctx.db.kysely, scopeOf(ctx.actor.areaCode)).institutions(q.county);
  return { items: rows.map(presentInstitution) };
}

/**
 * Adds an institution to a county's list: its administrator (registry write at county level or above, within the
 * area), audited. Name and address are required; the same name twice in a county is refused.
 */
export async function addInstitution(ctx: CommandContext, props: { input: { county: string; name: string; address: string }; synthetic?: boolean }): Promise<InstitutionView> {
  requirePermission(ctx.actor, 'registry.write');
  const { county } = props.input;
  const level = divisionLevel(ctx.actor.areaCode);
  if (!ctx.actor.operator && level !== 'county' && level !== 'city' && level !== 'province') {
    throw new AppError('COUNTY_ADMIN_ONLY', { zh: '供养服务机构名录由县（市、区）管理', en: "The county manages its institutions' list" }, { status: 403 });
  }
  narrowScope(scopeOf(ctx.actor.areaCode), county);
  const name = props.input.name.trim();
  const address = props.input.address.trim();
  if (!name) throw new AppError('FIELD_REQUIRED', { zh: '请填写机构名称', en: 'Give the name' }, { field: 'name' });
  if (!address) throw new AppError('FIELD_REQUIRED', { zh: '请填写机构地址', en: 'Give the address' }, { field: 'address' });
  const at = ctx.clock().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const repo = new TekunCareRepo(trx, scopeOf(ctx.actor.areaCode));
    if ((await repo.institutions(county, { all: true })).some((i) => i.name === name)) {
      throw new AppError('INSTITUTION_EXISTS', { zh: '本县已有同名的供养服务机构', en: 'The county already has an institution of that name' }, { field: 'name', status: 409 });
    }
    const row = { county_code: county, id: randomUUID(), name, address, synthetic: props.synthetic ? 1 : 0, active: 1, created_at: at };
    await repo.insertInstitutions([row]);
    await appendAudit(trx, auditActor(ctx.actor), { chain: county, action: 'tekun_institution.add', entityType: 'tekun_institution', entityId: row.id, detail: { name, synthetic: row.synthetic === 1 } }, at);
    return presentInstitution(row);
  });
}

/**
 * 特困供养名册 The county's tekun enrollments in a month (this month by default) with their placement and care level,
 * of one placement if asked: the list the caseworker filters, and the read heating and reports build on.
 */
export async function listPlacements(ctx: CommandContext, q: PlacementQuery): Promise<PlacementPage> {
  requirePermission(ctx.actor, 'cases.read');
  const scope = scopeOf(ctx.actor.areaCode);
  if (!scope.prefix.startsWith(q.county) && !q.county.startsWith(scope.prefix.slice(0, 6))) throw outOfArea('county');
  const month = q.month ?? monthOf(todayOf(ctx));
  const repo = new TekunCareRepo(ctx.db.kysely, scope);
  const { rows, withoutRecord } = await repo.placements(q.county, { month, placement: q.placement, limit: 500 });
  const ps = await parameterSetOf(ctx.db.kysely);
  const items = rows.map((r) => {
    const assessed = assessedLevel(ps, r.county_code, `${month}-01`, r.self_care_mask);
    const level = r.level_override ?? assessed;
    return {
      enrollmentId: r.enrollment_id,
      countyCode: r.county_code,
      householdId: r.household_id,
      personName: r.person_name,
      areaCode: r.area_code,
      fromMonth: r.from_month,
      placement: r.placement,
      institutionName: r.institution_name,
      level,
      overridden: level !== assessed,
    };
  });
  await recordRead(ctx, { chain: q.county, action: 'tekun_care.list', entityType: 'enrollment', entityId: q.county, detail: { month, placement: q.placement ?? null, returned: items.length } });
  return { month, items, withoutRecord };
}
