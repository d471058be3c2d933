import type { ParameterDetail, ParameterList } from '../../contracts/policy.ts';
import type { CommandContext } from '../context.ts';
import { requirePermission } from '../context.ts';
import { loadParameterSet } from './parameters.ts';
import { dayOrToday, presentParameterDetail, presentParameterList } from './present-parameters.ts';

/** 政策参数 Every parameter with its value in force per county on a day (today when none is given). */
export async function listParameters(ctx: CommandContext, q: { at?: string }): Promise<ParameterList> {
  requirePermission(ctx.actor, 'params.read');
  const at = dayOrToday(q.at, ctx.clock());
  return presentParameterList(await loadParameterSet(ctx.db), at);
}

/** One parameter's full dated history per area: files and database overrides, with citations. */
export async function getParameter(ctx: CommandContext, o: { name: string }): Promise<ParameterDetail> {
  requirePermission(ctx.actor, 'params.read');
  return presentParameterDetail(await loadParameterSet(ctx.db), o.name);
}
