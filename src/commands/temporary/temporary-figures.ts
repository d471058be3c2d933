import type { TemporaryCategory, TemporaryFigures } from '../../contracts/temporary.ts';
import { narrowScope, scopeOf } from '../../db/scope.ts';
import { TemporaryRepo } from '../../db/temporary-repo.ts';
import { AppError } from '../../kernel/errors.ts';
import { formatYuan } from '../../kernel/money.ts';
import { type CommandContext, requirePermission } from '../context.ts';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * 临时救助统计 The figures the quarterly report reads (issue 13 point 10): per county and month of the event, by category,
 * approval level, assist-first or not and registered poor or not — how many cases, how many approved, the amounts
 * approved, paid first and owed back. Counts and sums only, no personal data; the reader's area (or one county of it).
 */
export async function temporaryFigures(ctx: CommandContext, q: { from: string; to: string; county?: string }): Promise<TemporaryFigures> {
  requirePermission(ctx.actor, 'cases.read');
  if (!MONTH.test(q.from) || !MONTH.test(q.to) || q.from > q.to) {
    throw new AppError('MONTH_RANGE', { zh: '起止月份须为 YYYY-MM，且起始不晚于截止', en: 'The months are YYYY-MM, the first not after the last' }, { field: 'from' });
  }
  const scope = narrowScope(scopeOf(ctx.actor.areaCode), q.county);
  const rows = await new TemporaryRepo(ctx.db.kysely, scope).figures({ fromMonth: q.from, toMonth: q.to, county: q.county?.slice(0, 6) });
  const groups = rows.map((r) => ({
    countyCode: r.county_code,
    month: r.month,
    category: r.category as TemporaryCategory,
    approvalLevel: r.approval_level,
    assistedFirst: Number(r.assisted_first) === 1,
    registeredPoor: Number(r.registered_poor) === 1,
    outcome: r.outcome,
    cases: Number(r.cases),
    approvedYuan: formatYuan(Number(r.approved_fen ?? 0)),
    paidFirstYuan: formatYuan(Number(r.paid_first_fen ?? 0)),
    recoveryYuan: formatYuan(Number(r.recovery_fen ?? 0)),
  }));
  const sum = (k: 'approved_fen' | 'paid_first_fen' | 'recovery_fen') => formatYuan(rows.reduce((n, r) => n + Number(r[k] ?? 0), 0));
  return {
    from: q.from,
    to: q.to,
    groups,
    total: {
      cases: rows.reduce((n, r) => n + Number(r.cases), 0),
      approved: rows.filter((r) => r.outcome === 'approved').reduce((n, r) => n + Number(r.cases), 0),
      registeredPoor: rows.filter((r) => Number(r.registered_poor) === 1).reduce((n, r) => n + Number(r.cases), 0),
      assistedFirst: rows.filter((r) => Number(r.assisted_first) === 1).reduce((n, r) => n + Number(r.cases), 0),
      approvedYuan: sum('approved_fen'),
      paidFirstYuan: sum('paid_first_fen'),
      recoveryYuan: sum('recovery_fen'),
    },
  };
}
