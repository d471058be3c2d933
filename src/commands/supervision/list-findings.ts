import type { FindingPage, FindingQuery, FindingView, RuleCode } from '../../contracts/supervision.ts';
import type { FindingTable } from '../../db/schema.ts';
import { narrowScope, scopeOf } from '../../db/scope.ts';
import { type FindingCursor, SupervisionRepo } from '../../db/supervision-repo.ts';
import { AppError } from '../../kernel/errors.ts';
import { chinaDateOf } from '../../kernel/plain-date.ts';
import { type CommandContext, requirePermission } from '../context.ts';
import { RULES } from './rules/index.ts';

/** Above this many matching findings the page says "more than" (ADR 0010: capped totals keep a page one cheap statement). */
const TOTAL_CAP = 10_000;

/**
 * 问题线索列表 The findings of the reader's area (a township its own, a county its county's, the city all), filtered by
 * rule, status and a narrower area, a page at a time in key order. Facts hold figures, dates and ids only (no name,
 * ID number or account), so nothing is masked here and the list is not a read of personal data.
 */
export async function listFindings(ctx: CommandContext, q: FindingQuery): Promise<FindingPage> {
  requirePermission(ctx.actor, 'findings.read');
  const scope = narrowScope(scopeOf(ctx.actor.areaCode), q.area);
  const repo = new SupervisionRepo(ctx.db.kysely, scope);
  const filter = { rule: q.rule, status: q.status };
  const rows = await repo.listFindings(filter, { limit: q.limit + 1, after: decodeAfter(q.after) });
  const items = rows.slice(0, q.limit);
  const last = items[items.length - 1];
  const today = chinaDateOf(ctx.clock());
  return {
    items: items.map((f) => presentFinding(f, today)),
    total: Math.min(await repo.countFindings(filter), TOTAL_CAP),
    next: rows.length > q.limit && last ? Buffer.from(JSON.stringify([last.county_code, last.id]), 'utf8').toString('base64url') : null,
  };
}

function decodeAfter(text: string | undefined): FindingCursor | undefined {
  if (!text) return undefined;
  try {
    const v = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'string')) return { county: v[0], id: v[1] };
  } catch {
    // the coded error below
  }
  throw new AppError('CURSOR_INVALID', { zh: '翻页位置无效，请从第一页重新开始', en: 'Invalid page position; start again from the first page' }, { field: 'after' });
}

export function presentFinding(f: FindingTable, today: string): FindingView {
  const rule = RULES[f.rule as RuleCode];
  return {
    county: f.county_code,
    id: f.id,
    rule: f.rule as RuleCode,
    ruleName: rule?.name ?? { zh: f.rule, en: f.rule },
    why: rule?.why ?? { zh: '', en: '' },
    citation: rule?.citation ?? '',
    area: f.area_code,
    township: f.township_code,
    village: f.village_code,
    householdId: f.household_id,
    personId: f.person_id,
    enrollmentId: f.enrollment_id,
    caseId: f.case_id,
    rollId: f.roll_id,
    facts: JSON.parse(f.facts) as Record<string, unknown>,
    status: f.status,
    firstFoundAt: f.first_found_at,
    lastFoundAt: f.last_found_at,
    seenInLastRun: Number(f.seen_in_last_run) === 1,
    reopenedCount: Number(f.reopened_count),
    dueOn: f.due_on,
    overdue: f.status !== 'closed' && f.due_on < today,
  };
}
