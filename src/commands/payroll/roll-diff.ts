import type { RollChange } from '../../contracts/payroll.ts';
import type { LineSnapshot } from '../../db/payroll-ledger.ts';

/** At most this many differences are listed (the counts are whole). */
export const MAX_CHANGES = 500;

/**
 * A line's identity across a refresh: the regular payment of an enrollment for the month; its back-pay or recovery
 * for an earlier month (one net line per month: a back-pay that became a recovery is the same line, changed); the
 * re-issue of one earlier payment.
 */
function keyOf(l: LineSnapshot): string {
  if (l.kind === 'reissue') return `reissue|${l.reissue_of_roll}|${l.reissue_of_seq}`;
  return `${l.kind === 'regular' ? 'regular' : 'adjust'}|${l.enrollment_id}|${l.benefit_month}`;
}

interface Side {
  line: LineSnapshot;
  amountFen: number;
  held: boolean;
}

function index(lines: readonly LineSnapshot[]): Map<string, Side> {
  const out = new Map<string, Side>();
  for (const l of lines) {
    const k = keyOf(l);
    const seen = out.get(k);
    if (seen) {
      seen.amountFen += l.amount_fen;
      seen.held ||= l.hold_reason !== null;
    } else out.set(k, { line: l, amountFen: l.amount_fen, held: l.hold_reason !== null });
  }
  return out;
}

const order = { removed: 0, changed: 1, added: 2 } as const;

/**
 * 差异 What a refresh changed, from the lines it could change as read before and after it: lines added, removed, and
 * changed (amount, or held ↔ payable), each with its household, payee and amounts; sorted by household, then month.
 */
export function diffLines(before: readonly LineSnapshot[], after: readonly LineSnapshot[]): { counts: { added: number; removed: number; changed: number }; items: RollChange[] } {
  const a = index(before);
  const b = index(after);
  const items: RollChange[] = [];
  const item = (change: RollChange['change'], from: Side | undefined, to: Side | undefined): RollChange => {
    const l = (to ?? from)!.line;
    return {
      change,
      kind: l.kind,
      benefitMonth: l.benefit_month,
      householdId: l.household_id,
      payeeName: l.payee_name,
      areaCode: l.area_code,
      before: from ? { amountFen: from.amountFen, held: from.held } : null,
      after: to ? { amountFen: to.amountFen, held: to.held } : null,
    };
  };
  for (const [k, from] of a) {
    const to = b.get(k);
    if (!to) items.push(item('removed', from, undefined));
    else if (to.amountFen !== from.amountFen || to.held !== from.held || to.line.kind !== from.line.kind) items.push(item('changed', from, to));
  }
  for (const [k, to] of b) if (!a.has(k)) items.push(item('added', undefined, to));
  items.sort((x, y) => x.householdId.localeCompare(y.householdId) || x.benefitMonth.localeCompare(y.benefitMonth) || order[x.change] - order[y.change]);
  const count = (c: RollChange['change']) => items.filter((i) => i.change === c).length;
  return { counts: { added: count('added'), removed: count('removed'), changed: count('changed') }, items };
}
