import type { AreaFigures, CountyLists, DualInclusionOverview, DualInclusionQuery } from '../../contracts/dual-inclusion.ts';
import { childDivisions, divisionNames, divisionPath } from '../../db/division-repo.ts';
import type { AreaCounts } from '../../db/dual-inclusion-repo.ts';
import { scopeOf } from '../../db/scope.ts';
import { divisionLevel } from '../../kernel/division-code.ts';
import { type CommandContext, requirePermission } from '../context.ts';
import { listsContext } from './lists-context.ts';

/** Digits of the village code that name an area one level below `areaCode` (none below a village). */
const CHILD_PREFIX: Record<string, number | null> = { province: 4, city: 6, county: 9, township: 12, village: null };

/**
 * 双纳入率 The dual-inclusion rate (ADR 0034): the registered-poor households of the latest snapshot that are on dibao
 * or tekun, over all the registered-poor households of the snapshot in the area (未脱贫 and 已脱贫 alike: both stay in the
 * registry and under 脱贫不脱政策). Four decimals; null for an area without registered-poor households.
 */
export function dualInclusionRate(covered: number, registeredPoor: number): number | null {
  if (registeredPoor === 0) return null;
  return Math.round((covered / registeredPoor) * 10_000) / 10_000;
}

export function figuresOf(code: string, name: string, c: AreaCounts | undefined): AreaFigures {
  const registeredPoor = c?.registeredPoor ?? 0;
  const covered = c?.covered ?? 0;
  return {
    areaCode: code,
    areaName: name,
    registeredPoor,
    covered,
    uncovered: registeredPoor - covered,
    referral: c?.referral ?? 0,
    discrepancies: c?.discrepancies ?? 0,
    rate: dualInclusionRate(covered, registeredPoor),
  };
}

/**
 * 双纳入总览 The figures of an area (the user's, or a part of it) and of each area one level down — the chart's bars and
 * the drill-down — from the latest snapshot of each county against today's enrollments. Counts only: no personal data.
 */
export async function dualInclusionOverview(ctx: CommandContext, q: DualInclusionQuery): Promise<DualInclusionOverview> {
  requirePermission(ctx.actor, 'poverty.read');
  const { repo, scope, month, latest } = await listsContext(ctx, q.area);
  const db = ctx.db.kysely;
  const level = divisionLevel(scope.areaCode);
  const childPrefix = CHILD_PREFIX[level];
  const [whole] = await repo.figures(latest, 0);
  const perChild = childPrefix ? await repo.figures(latest, childPrefix) : [];
  const byCode = new Map(perChild.map((c) => [c.code, c]));
  const kids = childPrefix ? await childDivisions(db, scope.areaCode) : [];
  // Areas with figures but no division row (codes the division table lacks) are shown by their code.
  const codes = [...new Set([...kids.map((k) => k.code), ...perChild.map((c) => c.code)])].sort();
  const names = await divisionNames(db, [...codes, scope.areaCode, ...latest.map((l) => `${l.countyCode}000000`)]);
  const userPrefix = scopeOf(ctx.actor.areaCode).prefix;
  // From the user's own area down: the areas above it are not theirs to open.
  const path = (await divisionPath(db, scope.areaCode)).filter((d) => d.code.startsWith(userPrefix));
  return {
    month,
    snapshots: latest.map((l) => ({ countyCode: l.countyCode, countyName: names.get(`${l.countyCode}000000`) ?? l.countyCode, snapshotId: l.snapshotId, asOf: l.asOf, importedAt: l.importedAt })),
    area: figuresOf(scope.areaCode, names.get(scope.areaCode) ?? scope.areaCode, whole),
    path: path.map((d) => ({ code: d.code, name: d.name })),
    children: codes.map((c) => figuresOf(c, names.get(c) ?? c, byCode.get(c))),
  };
}

/** `doudi poverty lists --json`: the counts of each list and the rate per county of the area (a county's when given). */
export async function countyLists(ctx: CommandContext, o: { county?: string }): Promise<CountyLists> {
  requirePermission(ctx.actor, 'poverty.read');
  const { repo, scope, month, latest } = await listsContext(ctx, o.county);
  const counties = await repo.counties();
  const per = new Map((await repo.figures(latest, 6)).map((c) => [c.code, c]));
  const [whole] = await repo.figures(latest, 0);
  const names = await divisionNames(ctx.db.kysely, [scope.areaCode, ...counties.map((c) => `${c}000000`)]);
  return {
    month,
    counties: counties.map((c) => ({
      ...figuresOf(`${c}000000`, names.get(`${c}000000`) ?? c, per.get(`${c}000000`)),
      snapshotAsOf: latest.find((l) => l.countyCode === c)?.asOf ?? null,
    })),
    total: figuresOf(scope.areaCode, names.get(scope.areaCode) ?? scope.areaCode, whole),
  };
}
