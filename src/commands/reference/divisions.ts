import type { DivisionView } from '../../contracts/session.ts';
import { childDivisions, divisionPath, getDivision, searchDivisions as searchDivisionRows } from '../../db/division-repo.ts';
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

/** At most this many divisions answer a search (a township's name typed in full finds it; a word finds its villages). */
export const DIVISION_SEARCH_LIMIT = 50;

/** 区划查询 Divisions by name (a part of it) or by code (its beginning), each with its parent's name. */
export async function searchDivisions(ctx: CommandContext, o: { q: string }): Promise<(DivisionView & { parentName: string | null })[]> {
  requirePermission(ctx.actor, 'divisions.read');
  const text = o.q.replace(/[%_\\]/g, '').trim();
  if (text === '') return [];
  return (await searchDivisionRows(ctx.db.kysely, text, DIVISION_SEARCH_LIMIT)).map((d) => ({ ...view(d), parentName: d.parent_name }));
}
