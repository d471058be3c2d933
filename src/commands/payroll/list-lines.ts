import type { LinePage, LineQuery } from '../../contracts/payroll.ts';
import { recordBulkRead } from '../../db/read-audit.ts';
import type { CommandContext } from '../context.ts';
import { auditActor, nowIso, requirePermission } from '../context.ts';
import { payrollRepo, requireRoll } from './payroll-context.ts';
import { presentLine } from './present.ts';

/**
 * 花名册明细 A page of a roll's lines (names, masked accounts): a bulk read of personal data. The read needs no write
 * lock; its audit event (counts only) is group-committed and awaited before the page is returned (ADR 0007).
 */
export async function listLines(ctx: CommandContext, o: { ref: { county: string; id: string }; query: LineQuery }): Promise<LinePage> {
  const { ref, query: q } = o;
  requirePermission(ctx.actor, 'payroll.read');
  const repo = payrollRepo(ctx);
  const roll = await requireRoll(repo, ref.county, ref.id);
  const filter = { kind: q.kind, gradualExit: q.gradualExit === undefined ? undefined : q.gradualExit === 'true', bankStatus: q.bankStatus };
  const { rows, total } = await repo.lines(roll, filter, q.page, q.pageSize);
  await recordBulkRead(
    ctx.db.kysely,
    auditActor(ctx.actor),
    { chain: roll.county_code, action: 'payroll.lines.read', entityType: 'payroll_roll', entityId: roll.id, detail: { page: q.page, returned: rows.length, total } },
    nowIso(ctx),
  );
  return { items: rows.map((l) => presentLine(ctx.db.keys, l)), total, page: q.page, pageSize: q.pageSize };
}
