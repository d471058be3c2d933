import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { OverrideCreate, OverrideList, OverrideListQuery, OverrideView } from '../../contracts/policy.ts';
import { appendAudit, type AuditActor } from '../../db/audit.ts';
import type { Db } from '../../db/connect.ts';
import { changeOverrideStatus, getOverride, inForceOrder, insertOverride, lastRollMonths, listOverrides, oneOverrideChangeAtATime, overridesInForce } from '../../db/policy-override-repo.ts';
import type { Database, PolicyOverrideTable } from '../../db/schema.ts';
import { AppError } from '../../kernel/errors.ts';
import { chinaDateOf, monthOf, parsePlainDate, type PlainDate } from '../../kernel/plain-date.ts';
import { loadDefaultPolicy } from '../../policy/loader.ts';
import { changeProblem } from '../../policy/override-check.ts';
import type { ParameterSet } from '../../policy/parameter-set.ts';
import type { ParamOverride } from '../../policy/types.ts';
import { valueProblem } from '../../policy/value-check.ts';
import { paramShown, unitLabel } from '../../rules/explain/words.ts';
import { type Actor, type CommandContext, actorName, auditActor, may, requirePermission, staleVersion } from '../context.ts';
import { parameterSetFrom } from './parameters.ts';
import { areaView } from './present-parameters.ts';

/**
 * 参数调整 Parameter overrides under the two-person rule (ADR 0017): an administrator proposes a dated, cited value; it is
 * checked then (range and precision of its unit, the plan's floors, no county left without a value, retroactivity
 * against approved rolls) and again when a city supervisor — never its author — confirms it, which is when it takes
 * effect. Pending, it can be withdrawn; confirmed, only while its date has not come and no roll has used its month.
 * Every step is audited in the same transaction.
 */
type Q = Kysely<Database> | Transaction<Database>;

/** Who acts, as an override records them: a signed-in user, or the operator (`cli:<user>`, no user id, no role). */
interface OverrideActor extends AuditActor {
  displayName: string;
  may: (p: 'params.manage' | 'params.confirm') => boolean;
}

const OVERRIDE = { zh: '参数调整', en: 'parameter override' };

const overrideActor = (a: Actor): OverrideActor => ({ ...auditActor(a), displayName: actorName(a), may: (p) => may(a, p) });

/** An administrator (or the operator, `doudi policy override add`) proposes an override, pending until a city supervisor confirms it. */
export async function proposeOverride(ctx: CommandContext, input: OverrideCreate): Promise<OverrideView> {
  requirePermission(ctx.actor, 'params.manage');
  return propose(ctx.db, overrideActor(ctx.actor), input, ctx.clock());
}

/**
 * A city supervisor confirms a pending override (not their own): from now on it is in force from its date. The CLI
 * confirms `--as` a named supervisor, at the version it finds (`version` absent).
 */
export async function confirmOverride(ctx: CommandContext, o: { id: string; input: { version?: number } }): Promise<OverrideView> {
  requirePermission(ctx.actor, 'params.confirm');
  const version = o.input.version ?? Number((await requireOverride(ctx.db.kysely, o.id)).version);
  return confirm(ctx.db, overrideActor(ctx.actor), o.id, version, ctx.clock());
}

/** Withdraws a pending override, or a confirmed one not yet in effect (its author's side or the supervisor's; the operator's at the version it finds). */
export async function withdrawOverride(ctx: CommandContext, o: { id: string; input: { version?: number; reason: string } }): Promise<OverrideView> {
  if (!may(ctx.actor, 'params.manage')) requirePermission(ctx.actor, 'params.confirm');
  const version = o.input.version ?? Number((await requireOverride(ctx.db.kysely, o.id)).version);
  return withdraw(ctx.db, overrideActor(ctx.actor), o.id, { version, reason: o.input.reason }, ctx.clock());
}

/** The overrides, newest first (optionally of one status or parameter), with what the user may do with each. */
export async function listParameterOverrides(ctx: CommandContext, q: OverrideListQuery): Promise<OverrideList> {
  if (!may(ctx.actor, 'params.manage') && !may(ctx.actor, 'audit.read')) requirePermission(ctx.actor, 'params.confirm');
  const rows = await listOverrides(ctx.db.kysely, q);
  const today = chinaDateOf(ctx.clock());
  return { items: rows.map((r) => presentOverride(r, overrideActor(ctx.actor), today)) };
}

async function propose(db: Db, actor: OverrideActor, input: OverrideCreate, now: Date): Promise<OverrideView> {
  const o = checkInput(input, actor);
  const at = now.toISOString();
  const id = randomUUID();
  const row: PolicyOverrideTable = {
    id, name: o.name, area: o.area, effective_from: o.effectiveFrom, value_json: JSON.stringify(o.value), citation: o.citation, author: actor.username,
    created_at: at, status: 'pending', author_id: actor.userId, author_name: actor.displayName, back_pay: input.backPay ? 1 : 0,
    confirmed_by: null, confirmed_by_name: null, confirmed_at: null, withdrawn_by: null, withdrawn_by_name: null, withdrawn_at: null, withdraw_reason: null, version: 1,
  };
  await db.kysely.transaction().execute(async (trx) => {
    // Checked now, so that the author hears at once what the supervisor would be refused; checked again on confirmation.
    await checkAgainstInForce(trx, row);
    await insertOverride(trx, row);
    await appendAudit(trx, actor, { chain: 'city', action: 'policy.override.propose', entityType: 'parameter_override', entityId: id, after: auditView(row) }, at);
  });
  return presentOverride(row, actor, chinaDateOf(now));
}

async function confirm(db: Db, actor: OverrideActor, id: string, version: number, now: Date): Promise<OverrideView> {
  const at = now.toISOString();
  const done = await db.kysely.transaction().execute(async (trx) => {
    await oneChangeAtATime(trx, db);
    const row = await requireOverride(trx, id);
    if (row.status !== 'pending') throw notPending(row);
    if (Number(row.version) !== version) throw staleVersion(OVERRIDE);
    if ((row.author_id !== null && row.author_id === actor.userId) || row.author === actor.username) {
      throw new AppError('PARAM_OVERRIDE_OWN', { zh: '不能确认本人提出的参数调整：须由另一人（市局督查）确认', en: 'You cannot confirm an override you proposed: a second person (a city supervisor) confirms it' }, { status: 403 });
    }
    // Against what is in force now: another override may have been confirmed, or a roll approved, since it was proposed.
    await checkAgainstInForce(trx, row);
    const set = { status: 'confirmed' as const, confirmed_by: actor.username, confirmed_by_name: actor.displayName, confirmed_at: at };
    if (!(await changeOverrideStatus(trx, id, { status: 'pending', version }, set))) throw staleVersion(OVERRIDE);
    const after = { ...row, ...set, version: version + 1 };
    await appendAudit(trx, actor, { chain: 'city', action: 'policy.override.confirm', entityType: 'parameter_override', entityId: id, before: { status: 'pending' }, after: auditView(after) }, at);
    return after;
  });
  return presentOverride(done, actor, chinaDateOf(now));
}

async function withdraw(db: Db, actor: OverrideActor, id: string, body: { version: number; reason: string }, now: Date): Promise<OverrideView> {
  const reason = body.reason.trim();
  if (!reason) throw new AppError('PARAM_WITHDRAW_REASON', { zh: '请写明撤回理由', en: 'Give the reason for withdrawing' }, { field: 'reason' });
  const at = now.toISOString();
  const today = chinaDateOf(now);
  const done = await db.kysely.transaction().execute(async (trx) => {
    await oneChangeAtATime(trx, db);
    const row = await requireOverride(trx, id);
    if (row.status === 'withdrawn') throw notPending(row);
    if (Number(row.version) !== body.version) throw staleVersion(OVERRIDE);
    if (row.status === 'confirmed') await checkWithdrawable(trx, row, today);
    const set = { status: 'withdrawn' as const, withdrawn_by: actor.username, withdrawn_by_name: actor.displayName, withdrawn_at: at, withdraw_reason: reason };
    if (!(await changeOverrideStatus(trx, id, { status: row.status, version: body.version }, set))) throw staleVersion(OVERRIDE);
    const after = { ...row, ...set, version: body.version + 1 };
    await appendAudit(trx, actor, { chain: 'city', action: 'policy.override.withdraw', entityType: 'parameter_override', entityId: id, before: { status: row.status }, after: auditView(after) }, at);
    return after;
  });
  return presentOverride(done, actor, today);
}

/**
 * Changes to what is in force are checked against what is in force: two confirmations (or a confirmation and a
 * withdrawal) of different overrides must not each pass alone and break a floor together. SQLite's write transaction is
 * exclusive already; on PostgreSQL a self-conflicting table lock queues them (reads go on).
 */
async function oneChangeAtATime(trx: Transaction<Database>, db: Db): Promise<void> {
  await oneOverrideChangeAtATime(trx, db.dialect);
}

/** The proposal's own fields: known parameter, real date, the city or one of its counties, a citation, a value of the parameter's kind, unit and range. */
function checkInput(input: OverrideCreate, actor: OverrideActor): ParamOverride & { value: ParamOverride['value'] } {
  const ps = loadDefaultPolicy();
  if (!ps.has(input.name)) {
    throw new AppError('PARAM_UNKNOWN', { zh: `没有名为 ${input.name} 的参数`, en: `No parameter named ${input.name}` }, { field: 'name' });
  }
  const def = ps.definition(input.name);
  if (!parsePlainDate(input.effectiveFrom)) {
    throw new AppError('DATE_INVALID', { zh: `生效日期无效：${input.effectiveFrom}`, en: `Invalid effective date: ${input.effectiveFrom}` }, { field: 'effectiveFrom' });
  }
  const city = ps.jurisdiction.city;
  if (input.area !== city && !ps.hasCounty(input.area)) {
    throw new AppError('PARAM_AREA_UNKNOWN', { zh: `地区须为全市 ${city} 或本市某县（区）代码`, en: `The area must be the city ${city} or one of its county codes` }, { field: 'area' });
  }
  const citation = input.citation.trim();
  if (!citation) {
    throw new AppError('PARAM_CITATION_REQUIRED', { zh: '请填写依据（文件名称、文号、条款）', en: 'Give the citation (document, number, clause)' }, { field: 'citation' });
  }
  const v = input.value;
  const okKind = v === null || (def.kind === 'number' ? typeof v === 'number' && Number.isFinite(v) && v >= 0 : Array.isArray(v) && v.every((x) => typeof x === 'string'));
  if (!okKind) {
    throw new AppError(
      'PARAM_VALUE_KIND',
      { zh: def.kind === 'number' ? '参数值须为不小于 0 的数字' : '参数值须为代码列表', en: def.kind === 'number' ? 'The value must be a number ≥ 0' : 'The value must be a list of codes' },
      { field: 'value' },
    );
  }
  const problem = valueProblem(def, v);
  if (problem) throw new AppError(problem.code, problem.message, { field: 'value' });
  return { name: input.name, area: input.area, effectiveFrom: input.effectiveFrom, value: v, citation, author: actor.username };
}

/**
 * The checks of the set the override would change (src/policy/override-check.ts): the files, the overrides in force and
 * this one, layered in the order they will be in force — no county left without a value of any parameter from any day
 * on, no floor of the plan newly failing or failing further; then retroactivity.
 */
async function checkAgainstInForce(trx: Q, row: PolicyOverrideTable): Promise<void> {
  const rows = await overridesInForce(trx);
  const current = parameterSetFrom(rows);
  const after = parameterSetFrom(inForceOrder([...rows.filter((r) => r.id !== row.id), row]));
  const problem = changeProblem(current, after, { kind: 'set', name: row.name, area: row.area, from: row.effective_from as PlainDate });
  if (problem) throw problem;
  if (Number(row.back_pay) === 1) return;
  const months = await lastRollMonths(trx, affectedCounties(current, row.area), ['approved', 'closed']);
  const from = monthOf(row.effective_from as PlainDate);
  for (const [county, month] of months) {
    if (from <= month) {
      const name = areaView(current, county).name;
      throw new AppError(
        'PARAM_RETROACTIVE',
        {
          zh: `生效日期 ${row.effective_from} 早于${name.zh}已审批的 ${month} 花名册；如确需追溯调整，请选择“补发”（差额在下一期花名册中补发）`,
          en: `The effective date ${row.effective_from} is before ${name.en}'s approved roll of ${month}; to make it retroactive, ask for back-pay (the difference is paid in the next roll)`,
        },
        { field: 'effectiveFrom', status: 409, details: { county, month } },
      );
    }
  }
}

/** A confirmed override can still be withdrawn before its date, while no roll has read its month, and if nothing breaks without it. */
async function checkWithdrawable(trx: Q, row: PolicyOverrideTable, today: PlainDate): Promise<void> {
  const rows = await overridesInForce(trx);
  const current = parameterSetFrom(rows);
  const inEffect = () =>
    new AppError('PARAM_OVERRIDE_IN_EFFECT', { zh: '该调整已生效（或已用于花名册），不能撤回；如需更正，请提出新的调整', en: 'This override is in effect (or a roll has used it) and cannot be withdrawn; propose a new one to correct it' }, { status: 409 });
  if (row.effective_from <= today) throw inEffect();
  const rolls = await lastRollMonths(trx, affectedCounties(current, row.area), ['building', 'built', 'approved', 'closed']);
  const from = monthOf(row.effective_from as PlainDate);
  for (const month of rolls.values()) if (from <= month) throw inEffect();
  const without = parameterSetFrom(rows.filter((r) => r.id !== row.id));
  const problem = changeProblem(current, without, { kind: 'withdraw', name: row.name, area: row.area, from: row.effective_from as PlainDate });
  if (problem) throw problem;
}

function affectedCounties(ps: ParameterSet, area: string): string[] {
  return area === ps.jurisdiction.city ? ps.counties().map((c) => c.code) : [area];
}

async function requireOverride(q: Q, id: string): Promise<PolicyOverrideTable> {
  const row = await getOverride(q, id);
  if (!row) throw new AppError('NOT_FOUND', { zh: '未找到该参数调整', en: 'Parameter override not found' }, { status: 404 });
  return row;
}

function notPending(row: PolicyOverrideTable): AppError {
  const s = { confirmed: { zh: '已确认', en: 'confirmed' }, withdrawn: { zh: '已撤回', en: 'withdrawn' }, pending: { zh: '待确认', en: 'pending' } }[row.status];
  return new AppError('PARAM_OVERRIDE_STATE', { zh: `该参数调整${s.zh}，不能再执行此操作`, en: `This override is ${s.en}: this can no longer be done` }, { status: 409 });
}

/** What the audit trail keeps of an override: no personal data, so all of it. */
function auditView(r: PolicyOverrideTable) {
  return { name: r.name, area: r.area, effectiveFrom: r.effective_from, value: JSON.parse(r.value_json), citation: r.citation, backPay: Number(r.back_pay) === 1, status: r.status };
}

/** An override's value in words (null when it ends an area's own value). */
function valueTextOf(value: number | string[] | null, unit: string): OverrideView['valueText'] {
  return value === null ? null : paramShown(value, unit);
}

function presentOverride(r: PolicyOverrideTable, actor: OverrideActor, today: PlainDate): OverrideView {
  const ps = loadDefaultPolicy();
  const def = ps.has(r.name) ? ps.definition(r.name) : { description: { zh: r.name, en: r.name }, unit: '' };
  // The operator confirms only as a named city supervisor (`--as`), never as `cli:<user>` (context.ts).
  const mayConfirm = actor.may('params.confirm');
  const mayWithdraw = actor.may('params.manage') || actor.may('params.confirm');
  const own = (r.author_id !== null && r.author_id === actor.userId) || r.author === actor.username;
  return {
    id: r.id,
    name: r.name,
    description: def.description,
    unit: def.unit,
    unitLabel: unitLabel(def.unit),
    area: areaView(ps, r.area),
    effectiveFrom: r.effective_from,
    value: JSON.parse(r.value_json),
    valueText: valueTextOf(JSON.parse(r.value_json), def.unit),
    citation: r.citation,
    backPay: Number(r.back_pay) === 1,
    status: r.status,
    proposedBy: { username: r.author, displayName: r.author_name ?? r.author },
    proposedAt: r.created_at,
    confirmedBy: r.confirmed_by ? { username: r.confirmed_by, displayName: r.confirmed_by_name ?? r.confirmed_by } : null,
    confirmedAt: r.confirmed_at,
    withdrawnBy: r.withdrawn_by ? { username: r.withdrawn_by, displayName: r.withdrawn_by_name ?? r.withdrawn_by } : null,
    withdrawnAt: r.withdrawn_at,
    withdrawReason: r.withdraw_reason,
    version: Number(r.version),
    can: {
      confirm: r.status === 'pending' && mayConfirm && !own,
      withdraw: mayWithdraw && (r.status === 'pending' || (r.status === 'confirmed' && r.effective_from > today)),
    },
  };
}
