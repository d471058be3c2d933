import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/connect.ts';
import { appendAudit, type AuditActor } from '../../db/audit.ts';
import { AppError } from '../../kernel/errors.ts';
import { parsePlainDate } from '../../kernel/plain-date.ts';
import { loadDefaultPolicy } from '../../policy/loader.ts';
import type { ParameterSet } from '../../policy/parameter-set.ts';
import type { ParamOverride } from '../../policy/types.ts';
import type { CommandContext } from '../context.ts';
import { requirePermission } from '../context.ts';

/**
 * The parameters in force: the shipped YAML files with the administrators' dated overrides from the database
 * layered on top. Read once per use case (a few rows), never per determination.
 */
export async function loadParameterSet(db: Db): Promise<ParameterSet> {
  const rows = await db.kysely.selectFrom('policy_override').selectAll().orderBy('effective_from').orderBy('created_at').execute();
  const base = loadDefaultPolicy();
  if (rows.length === 0) return base;
  return base.withOverrides(
    rows.map(
      (r): ParamOverride => ({ name: r.name, area: r.area, effectiveFrom: r.effective_from, value: JSON.parse(r.value_json), citation: r.citation, author: r.author }),
    ),
  );
}

export interface OverrideInput {
  name: string;
  area: string;
  effectiveFrom: string;
  value: number | string[] | null;
  citation: string;
}

/**
 * 参数调整 An administrator adds a dated value for one parameter in the city or one county. Author, citation and
 * effective date are required; the value must have the parameter's kind (a number, a list, or null to end a
 * county's own value). Audited in the same transaction. The set is validated by building it before writing.
 */
export async function addParameterOverride(ctx: CommandContext, input: OverrideInput): Promise<{ id: string }> {
  requirePermission(ctx.actor, 'params.manage');
  return writeOverride(ctx.db, { userId: ctx.actor.userId, username: ctx.actor.username }, input, ctx.clock());
}

/**
 * The same for the operator on the server (`doudi policy override add`): the author is `cli:<user>`, and the
 * audit event is the same as an administrator's.
 */
export async function addParameterOverrideAsOperator(db: Db, operator: string, input: OverrideInput, now: Date): Promise<{ id: string }> {
  return writeOverride(db, { userId: null, username: operator }, input, now);
}

async function writeOverride(db: Db, actor: AuditActor, input: OverrideInput, now: Date): Promise<{ id: string }> {
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
  if (!input.citation.trim()) {
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
  const override: ParamOverride = { ...input, citation: input.citation.trim(), author: actor.username };
  ps.withOverrides([override]);
  const id = randomUUID();
  const at = now.toISOString();
  await db.kysely.transaction().execute(async (trx) => {
    await trx
      .insertInto('policy_override')
      .values({ id, name: input.name, area: input.area, effective_from: input.effectiveFrom, value_json: JSON.stringify(v), citation: override.citation, author: actor.username, created_at: at })
      .execute();
    await appendAudit(trx, actor, { chain: 'city', action: 'policy.override', entityType: 'parameter', entityId: input.name, after: override }, at);
  });
  return { id };
}
