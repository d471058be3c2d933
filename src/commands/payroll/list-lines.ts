import type { LinePage, LineQuery } from '../../contracts/payroll.ts';
import { recordBulkRead } from '../../db/read-audit.ts';
import type { CommandContext } from '../context.ts';
import { auditActor, nowIso, requirePermission } from '../context.ts';
import { payrollRepo, requireRoll } from './payroll-context.ts';
import { areaNames, presentLine } from './present.ts';

/**
 * 花名册明细 A page of a roll's lines (names, masked accounts, where each household is registered), by kind, gradual
 * exit, bank result, or held (暂缓发放: the payments without a bank account, for the townships to fix): a bulk read of
 * personal data. The read needs no write
 * lock; its audit event (counts only) is group-committed and awaited before the page is returned (ADR 0007).
 */
export async function listLines(ctx: CommandContext, o: { ref: { county: string; id: string }; query: LineQuery }): Promise<LinePage> {
  const { ref, query: q } = o;
  requirePermission(ctx.actor, 'payroll.read');
  const repo = payrollRepo(ctx);
  const roll = await requireRoll(repo, ref.county, ref.id);
  const flag = (v: 'true' | 'false' | undefined) => (v === undefined ? undefined : v === 'true');
  const filter = { kind: q.kind, gradualExit: flag(q.gradualExit), bankStatus: q.bankStatus, held: flag(q.held) };
  const { rows, total } = await repo.lines(roll, filter, q.page, q.pageSize);
  await recordBulkRead(
    ctx.db.kysely,
    auditActor(ctx.actor),
    { chain: roll.county_code, action: 'payroll.lines.read', entityType: 'payroll_roll', entityId: roll.id, detail: { page: q.page, returned: rows.length, total } },
    nowIso(ctx),
  );
  const areas = await areaNames(ctx.db.kysely, rows.map((l) => l.area_code));
  return { items: rows.map((l) => ({ ...presentLine(ctx.db.keys, l), areaName: areas.get(l.area_code) })), total, page: q.page, pageSize: q.pageSize };
}
