import type { DivisionView } from '../../contracts/session.ts';
import { childDivisions, divisionPath, getDivision } from '../../db/division-repo.ts';
import type { DivisionTable } from '../../db/schema.ts';
import { notFound } from '../../db/scope.ts';
import type { CommandContext } from '../context.ts';
import { requirePermission } from '../context.ts';

const view = (d: DivisionTable): DivisionView => ({ code: d.code, name: d.name, level: d.level, parentCode: d.parent_code });
const DIVISION = { zh: '区划', en: 'division' };

/** Division codes are public reference data (names of places), readable by every signed-in user. */
export async function getDivisionWithPath(ctx: CommandContext, o: { code: string }): Promise<DivisionView & { path: DivisionView[] }> {
  requirePermission(ctx.actor, 'divisions.read');
  const d = await getDivision(ctx.db.kysely, o.code);
  if (!d) throw notFound(DIVISION);
  return { ...view(d), path: (await divisionPath(ctx.db.kysely, d.code)).map(view) };
}

export async function listChildDivisions(ctx: CommandContext, o: { code: string }): Promise<DivisionView[]> {
  requirePermission(ctx.actor, 'divisions.read');
  return (await childDivisions(ctx.db.kysely, o.code)).map(view);
}
