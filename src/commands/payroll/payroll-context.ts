import { type Program, PROGRAM_VALUES, type RollFreshness } from '../../contracts/payroll.ts';
import { getDivision } from '../../db/division-repo.ts';
import { accountsEntered, changedEnrollments, rollHorizon } from '../../db/payroll-ledger.ts';
import { PayrollRepo } from '../../db/payroll-repo.ts';
import type { PayrollRollTable } from '../../db/schema.ts';
import { scopeOf } from '../../db/scope.ts';
import type { Db } from '../../db/connect.ts';
import { AppError, type BilingualMessage } from '../../kernel/errors.ts';
import { addMonths, chinaDateOf, firstDayOf, monthOf, parsePlainMonth, type PlainMonth } from '../../kernel/plain-date.ts';
import { loadParameterSet } from '../policy/parameters.ts';
import type { CommandContext } from '../context.ts';

export const ROLL = { zh: '花名册', en: 'payment roll' };

export function payrollError(code: string, m: BilingualMessage, field?: string, status = 400, details?: unknown): AppError {
  return new AppError(code, m, { field, status, details });
}

export function payrollRepo(ctx: CommandContext, db = ctx.db.kysely): PayrollRepo {
  return new PayrollRepo(db, scopeOf(ctx.actor.areaCode));
}

export async function requireRoll(repo: PayrollRepo, county: string, id: string): Promise<PayrollRollTable> {
  const r = await repo.getRoll(county, id);
  if (!r) throw new AppError('NOT_FOUND', { zh: '未找到花名册', en: 'Payment roll not found' }, { status: 404 });
  return r;
}


/** The database triggers' refusal (a closed roll, or lines of a built roll), as the error a user sees. */
export function isFrozen(e: unknown): boolean {
  return /PAYROLL_ROLL_FROZEN/.test(String((e as Error)?.message ?? ''));
}
export const frozenError = () =>
  payrollError('PAYROLL_ROLL_CLOSED', { zh: '花名册已关闭（或已生成），不能再修改', en: 'The roll is closed (or already built) and cannot change' }, undefined, 409);

/** Checks what a build is asked for: a county of the city, a program, a month no later than next month. */
export async function validateRollKey(ctx: CommandContext, o: { county: string; program: string; month: string }): Promise<{ county: string; program: Program; month: PlainMonth }> {
  const { db } = ctx;
  if (!(PROGRAM_VALUES as readonly string[]).includes(o.program)) {
    throw payrollError('PAYROLL_PROGRAM', { zh: '项目须为 dibao（低保）或 tekun（特困）', en: 'The program is dibao or tekun' }, 'program');
  }
  const month = parsePlainMonth(String(o.month ?? '').trim());
  if (!month) throw payrollError('PAYROLL_MONTH_FORMAT', { zh: '月份须为 YYYY-MM', en: 'The month is YYYY-MM' }, 'month');
  const latest = addMonths(monthOf(chinaDateOf(ctx.clock())), 1);
  if (month > latest) {
    throw payrollError('PAYROLL_MONTH_FUTURE', { zh: `最多只能生成下月（${latest}）的花名册`, en: `Rolls can be built up to next month (${latest})` }, 'month');
  }
  const county = await knownCounty(ctx, o.county);
  // A month before any standard was in force (1900-01) has nothing to pay: refused here, before a job is queued or a
  // first roll would fix the county's horizon there.
  const day = firstDayOf(month);
  if (!(await loadParameterSet(db)).find('dibao.standard.rural', county, day)) {
    throw payrollError('PAYROLL_MONTH_NO_STANDARD', { zh: `${month} 本县区没有有效的低保标准，不能生成花名册`, en: `No dibao standard was in force in the county in ${month}: no roll can be built for it` }, 'month');
  }
  const h = await rollHorizon(db.kysely, county, o.program as Program);
  // The sequence is checked again in the build's own transaction; here it spares the user a job that can only fail.
  if (h) checkRollSequence(month, h.first_month, h.last_month);
  return { county, program: o.program as Program, month };
}

/** A county of the city named by its 6-digit code (PAYROLL_COUNTY_UNKNOWN otherwise), trimmed. */
export async function knownCounty(ctx: CommandContext, code: unknown): Promise<string> {
  const county = String(code ?? '').trim();
  const d = /^\d{6}$/.test(county) ? await getDivision(ctx.db.kysely, `${county}000000`) : undefined;
  if (d?.level !== 'county') throw payrollError('PAYROLL_COUNTY_UNKNOWN', { zh: '县区代码不存在（应为 6 位县区代码，如 211221）', en: 'Unknown county (a 6-digit county code such as 211221)' }, 'county');
  return county;
}

/** Regular rolls go forward one month at a time: no month before the first, no gap after the last. */
export function checkRollSequence(month: string, first: string, last: string): void {
  if (month < first) {
    throw payrollError('PAYROLL_MONTH_BEFORE_FIRST', { zh: `本县该项目的花名册从 ${first} 开始，不能补建更早的月份`, en: `This county's rolls for the program start at ${first}; an earlier month cannot be built` }, 'month', 409);
  }
  const next = addMonths(last as PlainMonth, 1);
  if (month > next) {
    throw payrollError('PAYROLL_MONTH_GAP', { zh: `请先生成 ${next} 的花名册（花名册按月连续生成）`, en: `Build the roll for ${next} first (rolls are built month after month)` }, 'month', 409, { next });
  }
}

/** The held part of a roll's control totals (a roll built before holds existed held nothing). */
export function heldOf(r: PayrollRollTable): { count: number; fen: number } {
  return { count: Number(r.held_count ?? 0), fen: Number(r.held_fen ?? 0) };
}

/** What the bank file of a roll carries, and its control row: the payments not held. Roll total = this + held. */
export function bankTotalsOf(r: PayrollRollTable): { lines: number; fen: number } {
  const held = heldOf(r);
  return { lines: Number(r.pay_line_count) - held.count, fen: Number(r.total_fen) - held.fen };
}

/**
 * Whether a roll awaiting approval still says what the enrollments say (ADR 0025): the change marks of its county and
 * program for its month or before, if it is the latest roll (an earlier one's differences are settled by the later
 * one); and its held lines whose household has an account now. Two indexed reads. Null for any other status.
 */
export async function freshnessOf(q: Db['kysely'], r: PayrollRollTable): Promise<RollFreshness | null> {
  if (r.status !== 'built') return null;
  const h = await rollHorizon(q, r.county_code, r.program);
  const latest = r.kind === 'regular' && h?.last_month === r.month;
  const changed = latest ? await changedEnrollments(q, r) : 0;
  return { latest, stale: changed > 0, changedEnrollments: changed, accountsEntered: await accountsEntered(q, r) };
}

/** Whoever built or refreshed a roll made it: neither checks it (maker ≠ checker). */
export function madeBy(r: PayrollRollTable, userId: string): 'built' | 'refreshed' | null {
  if (r.built_by === userId) return 'built';
  if (r.refreshed_by !== null && r.refreshed_by === userId) return 'refreshed';
  return null;
}
