import type { Transaction } from 'kysely';
import type { ReserveEntryView, ReserveSummary } from '../../contracts/temporary-reserve.ts';
import type { Db } from '../../db/connect.ts';
import { getDivision } from '../../db/division-repo.ts';
import { isTownshipCode, type ReserveKey, ReserveRepo } from '../../db/reserve-repo.ts';
import type { Database, TownshipReserveEntryTable } from '../../db/schema.ts';
import { outOfArea, scopeOf } from '../../db/scope.ts';
import { AppError } from '../../kernel/errors.ts';
import { formatYuanGrouped } from '../../kernel/money.ts';
import { type Actor, CITY_AREA, may } from '../context.ts';

type Q = Db['kysely'] | Transaction<Database>;

/** The reserves the actor reaches: their area's (the operator's: the city's). */
export const reserveRepo = (actor: Actor, q: Q): ReserveRepo => new ReserveRepo(q, scopeOf(actor.operator ? CITY_AREA : actor.areaCode));

/** A township's code as given (12 digits, or the 9 significant ones) to the reserve's key; anything else is refused. */
export function reserveKey(township: unknown): ReserveKey {
  const text = typeof township === 'string' ? township.trim() : '';
  const code = /^\d{9}$/.test(text) ? `${text}000` : text;
  if (!isTownshipCode(code) || code.startsWith('00')) {
    throw new AppError('TOWNSHIP_CODE', { zh: '请给出乡镇（街道）的区划代码（12 位，末三位为 000）', en: 'Give the township’s 12-digit division code (ending in 000)' }, { field: 'township' });
  }
  return { countyCode: code.slice(0, 6), townshipCode: code };
}

/** Refuses a code that is no township of the divisions (a typing error would otherwise open a reserve nowhere). */
export async function requireTownship(q: Q, k: ReserveKey): Promise<string> {
  const row = await getDivision(q, k.townshipCode);
  if (row?.level !== 'township') {
    throw new AppError('TOWNSHIP_UNKNOWN', { zh: `${k.townshipCode} 不是本市的乡镇（街道）`, en: `${k.townshipCode} is not a township of the city` }, { status: 404, field: 'township' });
  }
  return row.name;
}

/** Refuses a township outside the actor's area before anything is read. */
export function requireReach(actor: Actor, k: ReserveKey): void {
  if (!k.townshipCode.startsWith(scopeOf(actor.operator ? CITY_AREA : actor.areaCode).prefix)) throw outOfArea('township');
}

export const yuanText = (fen: number): string => `${formatYuanGrouped(fen)} 元`;

/** The county's approver (of the township's county) tops up; everyone else reads. */
export const mayTopUp = (actor: Actor, k: ReserveKey): boolean => may(actor, 'reserve.top_up') && !actor.operator && k.townshipCode.startsWith(scopeOf(actor.areaCode).prefix);

export function presentSummary(
  actor: Actor,
  r: { county_code: string; township_code: string; balance_fen: number | null; updated_at: string | null },
  name: string,
): ReserveSummary {
  return {
    countyCode: r.county_code,
    townshipCode: r.township_code,
    townshipName: name,
    balanceFen: Number(r.balance_fen ?? 0),
    opened: r.balance_fen !== null,
    updatedAt: r.updated_at,
    can: { topUp: mayTopUp(actor, { countyCode: r.county_code, townshipCode: r.township_code }) },
  };
}

/** One ledger entry; the case and the payee's name only for roles that may read cases. */
export function presentEntry(actor: Actor, e: TownshipReserveEntryTable): ReserveEntryView {
  const cases = may(actor, 'cases.read');
  return {
    seq: Number(e.seq),
    at: e.at,
    kind: e.kind,
    amountFen: Number(e.amount_fen),
    balanceAfterFen: Number(e.balance_after_fen),
    case: cases && e.case_id ? { countyCode: e.county_code, id: e.case_id } : null,
    payeeName: cases ? e.payee_name : null,
    note: e.note,
    actorName: e.actor_name,
  };
}
