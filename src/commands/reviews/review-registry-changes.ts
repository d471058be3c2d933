import type { RegistryChangeView, ReviewRegistryChanges } from '../../contracts/enrollments.ts';
import type { ASSET_KINDS, INCOME_KINDS, RELATIONS } from '../../contracts/registry.ts';
import type { ReviewRow } from '../../db/enrollment-repo.ts';
import type { IncomeItemTable, PersonTable } from '../../db/schema.ts';
import { AppError, isAppError } from '../../kernel/errors.ts';
import { formatYuan } from '../../kernel/money.ts';
import type { CommandContext } from '../context.ts';
import { addMemberIn } from '../registry/add-member.ts';
import type { RegistryWrite } from '../registry/change-source.ts';
import { HOUSEHOLD, registryFor, requireHousehold } from '../registry/load-household.ts';
import { removeMemberIn } from '../registry/remove-member.ts';
import { updateHouseholdIn } from '../registry/update-household.ts';
import { updatePersonIn } from '../registry/update-person.ts';

/** A refusal of a registry command, its field placed under the review's input (`registry.updated.0.disabilityGrade`). */
async function under<T>(prefix: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (!isAppError(err)) throw err;
    const field = err.field ? `registry.${prefix}${prefix ? '.' : ''}${err.field.replace(/^(person|member)\./, '')}` : `registry.${prefix}`;
    throw new AppError(err.code, err.messages, { field, status: err.status, details: err.details });
  }
}

function notAMember(field: string): AppError {
  return new AppError('REVIEW_MEMBER_UNKNOWN', { zh: '该成员不在本户', en: 'This person is not a member of the household' }, { field, status: 404 });
}

/** The circumstances of a member as the review page compares them (registry codes; see `RegistryChangeView`). */
function circumstances(p: PersonTable): Record<(typeof FIELDS)[number], string> {
  return {
    relation: p.relation,
    laborCapacity: p.labor_capacity,
    disability: p.disability_kind ? `${p.disability_kind}:${p.disability_grade ?? ''}` : 'none',
    seriousIllness: Number(p.serious_illness) === 1 ? 'yes' : 'no',
    selfCare: String(bitCount(Number(p.self_care_mask))),
    supporterStatus: p.supporter_status,
    inSchool: Number(p.in_school) === 1 ? 'yes' : 'no',
  };
}
const FIELDS = ['relation', 'laborCapacity', 'disability', 'seriousIllness', 'selfCare', 'supporterStatus', 'inSchool'] as const;
const bitCount = (n: number) => n.toString(2).replaceAll('0', '').length;

/** Incomes before → after, summed by kind and owner (the registry's grain), each changed sum one line. */
export function incomeChanges(
  before: readonly IncomeItemTable[],
  after: readonly IncomeItemTable[],
  nameOf: (personId: string) => string | null,
): RegistryChangeView[] {
  const sums = (rows: readonly IncomeItemTable[]) => {
    const m = new Map<string, number>();
    for (const r of rows) m.set(`${r.kind}|${r.person_id ?? ''}`, (m.get(`${r.kind}|${r.person_id ?? ''}`) ?? 0) + Number(r.annual_fen));
    return m;
  };
  const [b, a] = [sums(before), sums(after)];
  const out: RegistryChangeView[] = [];
  for (const key of new Set([...b.keys(), ...a.keys()])) {
    if (b.get(key) === a.get(key)) continue;
    const [kind, personId] = key.split('|');
    const fen = (m: Map<string, number>) => (m.has(key) ? formatYuan(m.get(key) as number) : null);
    out.push({ type: 'income', incomeKind: kind as (typeof INCOME_KINDS)[number], personName: personId ? nameOf(personId) : null, beforeYuan: fen(b), afterYuan: fen(a) });
  }
  return out;
}

/**
 * 复核中的家庭变化 (issue 11 point 10) Writes what the review's investigation found changed to the registry, inside the
 * step's transaction and through the registry's own commands (their validation, locks and audit events, each naming
 * the review as its source): members' circumstances first, then members who left, then members who joined, then the
 * household's incomes as they now are. Returns the changes, before → after, for the review's timeline. Any refusal
 * — its field under `registry.` — leaves nothing written, the investigation included.
 */
export async function applyReviewRegistryChanges(ctx: CommandContext, o: { row: ReviewRow; trx: RegistryWrite['trx'] }, input: ReviewRegistryChanges): Promise<RegistryChangeView[]> {
  const { row } = o;
  const w: RegistryWrite = { trx: o.trx, source: { review: { countyCode: row.county_code, id: row.id } } };
  const repo = registryFor(ctx, o.trx);
  const ref = { countyCode: row.county_code };
  const household = await requireHousehold(repo, row.county_code, row.household_id);
  if (household.version !== input.householdVersion) {
    throw new AppError(
      'HOUSEHOLD_CHANGED',
      { zh: `该${HOUSEHOLD.zh}的登记信息已在别处被修改，请刷新后重新录入变化`, en: `This ${HOUSEHOLD.en} was changed elsewhere; reload it and record the changes again` },
      { status: 409, field: 'registry.householdVersion' },
    );
  }
  const before = await repo.householdParts(household);
  const names = new Map(before.members.map((m) => [m.id, m.name]));
  const member = (id: string, field: string) => {
    const m = before.members.find((p) => p.id === id);
    if (!m) throw notAMember(field);
    return m;
  };
  const changes: RegistryChangeView[] = [];
  for (const [i, u] of input.updated.entries()) {
    const was = member(u.id, `registry.updated.${i}.id`);
    const { id, ...person } = u;
    await under(`updated.${i}`, () => updatePersonIn(ctx, { ...ref, id, input: person }, w));
    const now = await repo.getPerson(row.county_code, id);
    if (!now) throw notAMember(`registry.updated.${i}.id`);
    names.set(id, now.name);
    const [b, a] = [circumstances(was), circumstances(now)];
    for (const f of FIELDS) if (b[f] !== a[f]) changes.push({ type: 'member_changed', name: now.name, field: f, before: b[f], after: a[f] });
  }
  for (const [i, l] of input.left.entries()) {
    const was = member(l.id, `registry.left.${i}.id`);
    const { id, ...leave } = l;
    await under(`left.${i}`, () => removeMemberIn(ctx, { ...ref, id, input: leave }, w));
    changes.push({ type: 'member_left', name: names.get(id) ?? was.name, relation: was.relation as (typeof RELATIONS)[number], reason: l.reason, leftOn: l.leftOn });
  }
  for (const [i, add] of input.added.entries()) {
    const { reason, ...person } = add;
    const detail = await under(`added.${i}`, () => addMemberIn(ctx, { ...ref, householdId: household.id, input: person }, w));
    const joined = detail.members.filter((m) => !names.has(m.id));
    for (const m of joined) names.set(m.id, m.name);
    changes.push({ type: 'member_added', name: person.name, relation: person.relation, reason });
  }
  if (input.incomes) {
    const current = await requireHousehold(repo, row.county_code, household.id);
    const parts = await repo.householdParts(current);
    const ids = parts.members.map((m) => m.id);
    await under('', () =>
      updateHouseholdIn(
        ctx,
        {
          ...ref,
          id: household.id,
          input: {
            areaCode: current.area_code,
            address: current.address,
            hukouType: current.hukou_type,
            registeredPoor: Number(current.registered_poor) === 1,
            bankName: current.bank_name,
            // The bank account and phone are left out: they stay as stored (ADR 0012).
            incomes: (input.incomes ?? []).map((it) => ({ kind: it.kind, annualYuan: it.annualYuan, note: it.note ?? null, personIndex: it.personId ? ids.indexOf(it.personId) : null })),
            assets: parts.assets.map((a) => ({ kind: a.kind as (typeof ASSET_KINDS)[number], valueYuan: formatYuan(Number(a.value_fen)), quantity: Number(a.quantity), note: a.note })),
            version: current.version,
          },
        },
        w,
      ),
    );
  }
  const after = await repo.householdParts(await requireHousehold(repo, row.county_code, household.id));
  changes.push(...incomeChanges(before.incomes, after.incomes, (id) => names.get(id) ?? null));
  return changes;
}
