import type { HouseholdDetail, PersonMove } from '../../contracts/registry.ts';
import { appendAudit } from '../../db/audit.ts';
import { stateOf } from '../../db/audit-state.ts';
import { notFound } from '../../db/scope.ts';
import { AppError } from '../../kernel/errors.ts';
import type { CommandContext } from '../context.ts';
import { requirePermission, staleVersion } from '../context.ts';
import { oneHead } from './create-household.ts';
import { detailOf, HOUSEHOLD, PERSON, registryFor, requireHousehold } from './load-household.ts';

/**
 * 成员迁移 Moves a person into another household of the same county (marriage, separation, care). Both households
 * must be in the user's area; the person's incomes stay with the person. A head cannot leave a household that
 * keeps other members (name a new head first), and the last member cannot leave (the household would be empty).
 */
export async function movePerson(
  ctx: CommandContext,
  props: { countyCode: string; id: string; input: PersonMove },
): Promise<HouseholdDetail> {
  requirePermission(ctx.actor, 'registry.write');
  const now = ctx.clock();
  const at = now.toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const repo = registryFor(ctx, trx);
    const person = await repo.getPerson(props.countyCode, props.id);
    if (!person) throw notFound(PERSON);
    if (person.version !== props.input.version) throw staleVersion(PERSON);
    const from = await requireHousehold(repo, person.county_code, person.household_id);
    const target = await repo.getHousehold(person.county_code, props.input.targetHouseholdId);
    if (!target) throw new AppError('MOVE_TARGET_UNKNOWN', { zh: `目标${HOUSEHOLD.zh}不存在或不在您的区域内`, en: 'Target household not found in your area' }, { field: 'targetHouseholdId', status: 404 });
    if (target.id === from.id) throw new AppError('MOVE_SAME_HOUSEHOLD', { zh: '目标家庭与原家庭相同', en: 'The target is the same household' }, { field: 'targetHouseholdId' });
    const fromParts = await repo.householdParts(from);
    if (fromParts.members.length === 1) throw new AppError('MOVE_LAST_MEMBER', { zh: '家庭的最后一名成员不能迁出', en: 'The last member of a household cannot move out' }, { field: 'id' });
    if (person.relation === 'head') throw new AppError('MOVE_HEAD', { zh: '户主迁出前请先指定新的户主', en: 'Name a new head before the head moves out' }, { field: 'id' });
    if (props.input.relation === 'head') {
      const toParts = await repo.householdParts(target);
      const problem = oneHead(toParts.members.filter((m) => m.relation === 'head').length + 1);
      if (problem) throw problem;
    }
    const patch = { household_id: target.id, area_code: target.area_code, relation: props.input.relation, updated_at: at };
    if (!(await repo.updatePerson(person.county_code, person.id, person.version, patch))) throw staleVersion(PERSON);
    await repo.moveIncomes(person.county_code, person.id, target.id);
    for (const h of [from, target]) {
      await repo.refreshHouseholdSummary(h.county_code, h.id);
      await repo.touchHousehold(h, at);
    }
    await appendAudit(
      trx,
      { userId: ctx.actor.userId, username: ctx.actor.username },
      { chain: person.county_code, action: 'person.move', entityType: 'person', entityId: person.id, before: person, after: { ...person, ...patch }, detail: { from: from.id, to: target.id } },
      at,
    );
    // Both households' states hold their members: both changed (audit verify --deep checks households, ADR 0015).
    for (const h of [from, target]) {
      await appendAudit(trx, { userId: ctx.actor.userId, username: ctx.actor.username }, { chain: h.county_code, action: 'household.members', entityType: 'household', entityId: h.id, after: await stateOf(trx, 'household', h.county_code, h.id), detail: { person: person.id, change: h === from ? 'move_out' : 'move_in' } }, at);
    }
    return detailOf(repo, await requireHousehold(repo, target.county_code, target.id));
  });
}
