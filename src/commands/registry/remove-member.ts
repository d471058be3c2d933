import type { HouseholdDetail, PersonLeave } from '../../contracts/registry.ts';
import { appendAudit } from '../../db/audit.ts';
import { stateOf } from '../../db/audit-state.ts';
import { notFound } from '../../db/scope.ts';
import { AppError } from '../../kernel/errors.ts';
import { compareDates, type PlainDate } from '../../kernel/plain-date.ts';
import type { CommandContext } from '../context.ts';
import { requirePermission, staleVersion, todayOf } from '../context.ts';
import { type RegistryWrite, sourced } from './change-source.ts';
import { detailOf, PERSON, registryFor, requireHousehold } from './load-household.ts';

/**
 * 成员减少 A member leaves the household — died, married out, moved away — on a day not after today. The registry keeps
 * no history of members (ADR 0007 point 4): the person leaves it with their own incomes, and the audit event keeps
 * the reason, the day and the digest of their row (ADR 0031). The head cannot leave a household that keeps other members (name a new
 * head first), the last member cannot leave, and the applicant of a case or the person of an enrollment is ended
 * through that case or enrollment, not removed under it. A move into another household of the county is `movePerson`.
 */
export async function removeMember(ctx: CommandContext, props: { countyCode: string; id: string; input: PersonLeave }): Promise<HouseholdDetail> {
  requirePermission(ctx.actor, 'registry.write');
  return ctx.db.kysely.transaction().execute((trx) => removeMemberIn(ctx, props, { trx }));
}

/** `removeMember` inside the caller's transaction (a review's investigation: `w.source` names it in the audit events). */
export async function removeMemberIn(ctx: CommandContext, props: { countyCode: string; id: string; input: PersonLeave }, w: RegistryWrite): Promise<HouseholdDetail> {
  requirePermission(ctx.actor, 'registry.write');
  const { trx } = w;
  const { input } = props;
  const at = ctx.clock().toISOString();
  const repo = registryFor(ctx, trx);
  const person = await repo.getPerson(props.countyCode, props.id);
  if (!person) throw notFound(PERSON);
  if (person.version !== input.version) throw staleVersion(PERSON);
  if (compareDates(input.leftOn as PlainDate, todayOf(ctx)) > 0 || compareDates(input.leftOn as PlainDate, person.birth_date as PlainDate) < 0) {
    throw new AppError('LEFT_ON_OUT_OF_RANGE', { zh: '减少日期须在出生日期与今天之间', en: 'The day a member left must lie between their birth and today' }, { field: 'leftOn' });
  }
  const h = await requireHousehold(repo, person.county_code, person.household_id);
  const { members } = await repo.householdParts(h);
  if (members.length === 1) throw new AppError('LEAVE_LAST_MEMBER', { zh: '家庭的最后一名成员不能减少', en: 'The last member of a household cannot leave it' }, { field: 'id' });
  if (person.relation === 'head') throw new AppError('LEAVE_HEAD', { zh: '户主减少前请先指定新的户主', en: 'Name a new head before the head leaves' }, { field: 'id' });
  if (await repo.personReferenced(person.county_code, person.id)) {
    throw new AppError(
      'LEAVE_PERSON_OF_CASE',
      { zh: '该成员是申请或保障的当事人，请通过终止保障或撤回申请办理，不能直接减少', en: 'This member is the person of an application or a benefit: end that instead of removing them' },
      { field: 'id', status: 409 },
    );
  }
  if (!(await repo.deletePerson(person.county_code, person.id, input.version))) throw staleVersion(PERSON);
  await repo.refreshHouseholdSummary(h.county_code, h.id);
  await repo.touchHousehold(h, at);
  const actor = { userId: ctx.actor.userId, username: ctx.actor.username };
  await appendAudit(trx, actor, { chain: person.county_code, action: 'person.leave', entityType: 'person', entityId: person.id, before: person, detail: sourced({ household: h.id, reason: input.reason, leftOn: input.leftOn }, w.source) }, at);
  // The household's state holds its members and incomes: it changed too (audit verify --deep checks households, ADR 0015).
  await appendAudit(trx, actor, { chain: h.county_code, action: 'household.members', entityType: 'household', entityId: h.id, after: await stateOf(trx, 'household', h.county_code, h.id), detail: sourced({ person: person.id, change: 'leave' }, w.source) }, at);
  return detailOf(repo, await requireHousehold(repo, h.county_code, h.id));
}
