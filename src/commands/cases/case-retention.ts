import type { RetentionDueList } from '../../contracts/case-files.ts';
import { ArchiveRepo } from '../../db/archive-repo.ts';
import { scopeOf } from '../../db/scope.ts';
import { AppError } from '../../kernel/errors.ts';
import { type PlainDate, parsePlainDate } from '../../kernel/plain-date.ts';
import type { ParameterSet } from '../../policy/parameter-set.ts';
import { type CaseState, isFinal } from '../../workflow/case-types.ts';
import { type CommandContext, requirePermission, todayOf } from '../context.ts';
import { parameterSetOf } from '../policy/parameters.ts';

/**
 * 档案保管期限 How long a case's file is kept (issue 17 point 3, ADR 0050): a dated parameter per program,
 * `procedure.retention.<program>` (years, from the day the case was closed — the day it reached a final state —, the
 * value in force on that day in its county). Shown per case on the household's case-file page (保管至 YYYY-MM-DD).
 * Nothing is ever deleted by the system: the cases past it are listed (`doudi archive due`) for the archive's appraisal.
 */
export const retentionParameter = (program: string): string => `procedure.retention.${program}`;

export interface Retention {
  years: number;
  closedOn: PlainDate;
  retainUntil: PlainDate;
  citation: string;
  illustrative: boolean;
}

/** The day `years` after `day` (29 February → 28 February in a common year). */
export function addYears(day: PlainDate, years: number): PlainDate {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const year = y + years;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const dd = m === 2 && d === 29 && !leap ? 28 : d;
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(dd).padStart(2, '0')}` as PlainDate;
}

/** A closed case's retention; null while the case is open (or its program has no retention parameter). */
export function retentionOf(ps: ParameterSet, c: { program: string; state: string; state_since: string; county_code: string }): Retention | null {
  if (!isFinal(c.state as CaseState)) return null;
  const name = retentionParameter(c.program);
  if (!ps.has(name)) return null;
  const closedOn = c.state_since.slice(0, 10) as PlainDate;
  const r = ps.number(name, c.county_code, closedOn);
  return { years: r.value, closedOn, retainUntil: addYears(closedOn, r.value), citation: r.citation, illustrative: r.illustrative === true };
}

/**
 * 到期清单 The county's closed cases past their retention on `day` (today unless given), oldest first: listed, never
 * deleted (the archive's appraisal decides). Read within the actor's area.
 */
export async function listRetentionDue(ctx: CommandContext, o: { county: string; day?: PlainDate }): Promise<RetentionDueList> {
  requirePermission(ctx.actor, 'cases.read');
  if (!/^\d{6}$/.test(o.county)) throw new AppError('COUNTY_INVALID', { zh: '县区代码应为 6 位数字', en: 'The county is 6 digits' }, { field: 'county' });
  if (o.day !== undefined && parsePlainDate(o.day) === null) throw new AppError('DAY_INVALID', { zh: '日期应为 YYYY-MM-DD', en: 'The day is YYYY-MM-DD' }, { field: 'day' });
  const day = o.day ?? todayOf(ctx);
  const ps = await parameterSetOf(ctx.db.kysely);
  const rows = await new ArchiveRepo(ctx.db.kysely, scopeOf(ctx.actor.areaCode)).closedCases(o.county);
  const items: RetentionDueList['items'] = [];
  for (const c of rows) {
    const r = retentionOf(ps, c);
    if (!r || r.retainUntil >= day) continue;
    items.push({ countyCode: c.county_code, caseId: c.id, householdId: c.household_id, program: c.program, state: c.state, closedOn: r.closedOn, years: r.years, retainUntil: r.retainUntil, citation: r.citation });
  }
  items.sort((a, b) => a.retainUntil.localeCompare(b.retainUntil) || a.caseId.localeCompare(b.caseId));
  return { day, county: o.county, items };
}
