import { type RawBuilder, sql } from 'kysely';
import { AppError } from '../kernel/errors.ts';
import { divisionLevel, scopePrefix } from '../kernel/division-code.ts';

/**
 * The area a user may see: records whose village code starts with `prefix`. `countyCode` is set whenever the
 * area lies within one county, so that every scoped query also filters on the distribution key (Citus).
 */
export interface AreaScope {
  areaCode: string;
  prefix: string;
  countyCode: string | null;
}

export function scopeOf(areaCode: string): AreaScope {
  const level = divisionLevel(areaCode);
  const prefix = scopePrefix(areaCode);
  const countyCode = level === 'county' || level === 'township' || level === 'village' ? areaCode.slice(0, 6) : null;
  return { areaCode, prefix, countyCode };
}

export function inScope(scope: AreaScope, code: string): boolean {
  return code.startsWith(scope.prefix);
}

/** A 12-digit or 6-digit code narrowed to the scope, or an error when it lies outside. */
export function narrowScope(scope: AreaScope, code: string | undefined): AreaScope {
  if (!code) return scope;
  const full = code.length === 6 ? `${code}000000` : code;
  const narrowed = scopeOf(full);
  if (narrowed.prefix.startsWith(scope.prefix)) return narrowed;
  if (scope.prefix.startsWith(narrowed.prefix)) return scope;
  throw outOfArea();
}

export function outOfArea(field?: string): AppError {
  return new AppError(
    'AREA_FORBIDDEN',
    { zh: '该记录不在您的管辖区域内', en: 'This record is outside your area' },
    { status: 403, field },
  );
}

export function notFound(entity: { zh: string; en: string }): AppError {
  return new AppError('NOT_FOUND', { zh: `未找到${entity.zh}`, en: `${entity.en} not found` }, { status: 404 });
}

/**
 * The scope as a range of codes: `[prefix000…, prefix999…]`. `LIKE 'prefix%'` cannot use an index on SQLite (nor on
 * PostgreSQL without pattern ops), a range can; division codes are digit strings of fixed length, so both agree.
 */
export function codeRange(prefix: string, length: number): [string, string] {
  return [prefix.padEnd(length, '0'), prefix.padEnd(length, '9')];
}

/** Applies an area scope to a query over `table` (which has `county_code` and a 12-digit `area_code`). */
export function whereInScope<QB extends { where: (...args: any[]) => QB }>(qb: QB, scope: AreaScope, table: string): QB {
  let q = qb;
  if (scope.countyCode) q = q.where(`${table}.county_code`, '=', scope.countyCode);
  else {
    const [lo, hi] = codeRange(scope.prefix.slice(0, 6), 6);
    q = q.where(`${table}.county_code`, '>=', lo).where(`${table}.county_code`, '<=', hi);
  }
  if (scope.prefix.length > 6) {
    const [lo, hi] = codeRange(scope.prefix, 12);
    q = q.where(`${table}.area_code`, '>=', lo).where(`${table}.area_code`, '<=', hi);
  }
  return q;
}

/**
 * The scope as a condition in raw SQL (the twin of `whereInScope` for statements written with `sql`): `alias.county_code`
 * equal to the scope's county (the distribution key) or, above a county, within the range of the city's counties; and,
 * below a county, `alias.<areaColumn>` (a 12-digit area code) within the prefix's range. `areaColumn` null: the county
 * alone, for a table of the county's without an area of its own (payment rolls, enrollments).
 */
export function scopeCondition(scope: AreaScope, alias: string, areaColumn: string | null = 'area_code'): RawBuilder<unknown> {
  const county = sql.ref(`${alias}.county_code`);
  const parts: RawBuilder<unknown>[] = [];
  if (scope.countyCode) parts.push(sql`${county} = ${scope.countyCode}`);
  else {
    const [lo, hi] = codeRange(scope.prefix.slice(0, 6), 6);
    parts.push(sql`${county} >= ${lo} and ${county} <= ${hi}`);
  }
  if (areaColumn && scope.prefix.length > 6) {
    const area = sql.ref(`${alias}.${areaColumn}`);
    const [lo, hi] = codeRange(scope.prefix, 12);
    parts.push(sql`${area} >= ${lo} and ${area} <= ${hi}`);
  }
  return sql.join(parts, sql` and `);
}
