import { addMonths, type PlainMonth } from '../kernel/plain-date.ts';
import { type Refusal, refusal } from './refusals.ts';

/**
 * 待遇变更 What a change does to an enrollment's terms (POLICY.md §4, §6): every change takes effect the month after
 * the decision, as new terms; terms already written are never rewritten. Pure: the caller supplies the terms, the
 * month the change takes effect and, where an amount is needed, the policy engine's verdict for that month.
 */
export type TermStatus = 'active' | 'gradual_exit' | 'suspended' | 'ended';

export interface Term {
  fromMonth: PlainMonth;
  status: TermStatus;
  amountFen: number;
  basis: string;
}

export const CHANGE_KINDS = ['suspend', 'resume', 'increase', 'reduce', 'stop', 'terminate', 'keep', 'change', 'review_stop', 'gradual_exit'] as const;
/** suspend … stop: the county's direct changes; terminate: tekun after its notice; keep … gradual_exit: review outcomes. */
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** The engine's verdict for the month the change takes effect, on the household as the registry holds it. */
export interface EngineAmount {
  eligible: boolean;
  fen: number;
}

export interface ChangeInput {
  kind: ChangeKind;
  program: 'dibao' | 'tekun';
  terms: readonly Term[];
  /** The first month the change applies to (the month after the decision). */
  month: PlainMonth;
  engine?: EngineAmount;
  /** Gradual exit: the months the county grants and the bound in force (gradual-exit rule). */
  gradual?: { months: number; maxMonths: number };
}

export interface PlannedTerm {
  fromMonth: PlainMonth;
  status: TermStatus;
  amountFen: number;
  basis: string;
}

export type ChangePlan =
  | { ok: true; terms: PlannedTerm[]; status: 'active' | 'suspended' | 'ended'; endMonth: PlainMonth | null }
  | { ok: false; refusal: Refusal };

/** The term in force in `month`: the latest one starting on or before it. */
export function termAt(terms: readonly Term[], month: PlainMonth): Term | undefined {
  let hit: Term | undefined;
  for (const t of terms) if (t.fromMonth <= month && (!hit || t.fromMonth > hit.fromMonth)) hit = t;
  return hit;
}

const STATUS_ZH: Record<TermStatus, string> = { active: '正常发放', gradual_exit: '渐退期', suspended: '暂停', ended: '已终止' };

const no = (kind: Refusal['kind'], code: string, zh: string, en: string, field?: string): ChangePlan => ({ ok: false, refusal: refusal(kind, code, zh, en, field) });

function needStatus(t: Term, allowed: readonly TermStatus[], month: PlainMonth): ChangePlan | null {
  if (allowed.includes(t.status)) return null;
  return no(
    'state',
    t.status === 'ended' ? 'ENROLLMENT_ENDED' : 'ENROLLMENT_STATUS',
    `${month} 的待遇状态为“${STATUS_ZH[t.status]}”，不能执行此变更`,
    `In ${month} the benefit is ${t.status.replace('_', ' ')}: this change does not apply`,
  );
}

function needEligible(e: EngineAmount | undefined, month: PlainMonth): ChangePlan | null {
  if (e?.eligible && e.fen > 0) return null;
  return no('state', 'ENGINE_NOT_ELIGIBLE', `按 ${month} 的政策和现有登记信息计算，已不符合条件，请作停发或渐退处理`, `Under the rules of ${month} and the registry as it stands the household no longer qualifies: stop the benefit or grant a gradual exit`);
}

const one = (month: PlainMonth, status: TermStatus, amountFen: number, basis: string): PlannedTerm[] => [{ fromMonth: month, status, amountFen, basis }];

/** Plans the terms a change writes, or says why it cannot be made. */
export function planChange(i: ChangeInput): ChangePlan {
  const { month } = i;
  const current = termAt(i.terms, month);
  if (!current) return no('state', 'ENROLLMENT_NOT_STARTED', `待遇自 ${month} 起尚未开始`, `The benefit has not started by ${month}`);
  const same = i.terms.find((t) => t.fromMonth === month && t.basis !== 'recalculation');
  if (same) {
    return no('state', 'CHANGE_ALREADY_DECIDED', `${month} 起的待遇已有决定，新的变更请于下月作出`, `A decision already applies from ${month}; make a further change next month`);
  }
  const stopBasis = (basis: string): ChangePlan => {
    if (i.program === 'tekun' && basis !== 'termination') {
      return no('state', 'TEKUN_NEEDS_NOTICE', '终止特困供养须先书面告知，7日后方可停发', 'Tekun support stops only after a 7-day written notice: issue a termination notice');
    }
    return needStatus(current, ['active', 'suspended', 'gradual_exit'], month) ?? { ok: true, terms: one(month, 'ended', 0, basis), status: 'ended', endMonth: month };
  };
  switch (i.kind) {
    case 'suspend':
      return needStatus(current, ['active'], month) ?? { ok: true, terms: one(month, 'suspended', 0, 'suspend'), status: 'suspended', endMonth: null };
    case 'resume':
      return (
        needStatus(current, ['suspended'], month) ??
        needEligible(i.engine, month) ?? { ok: true, terms: one(month, 'active', i.engine?.fen ?? 0, 'resume'), status: 'active', endMonth: null }
      );
    case 'increase':
    case 'reduce': {
      const bad = needStatus(current, ['active'], month) ?? needEligible(i.engine, month);
      if (bad) return bad;
      const fen = i.engine?.fen ?? 0;
      const up = i.kind === 'increase';
      if (up ? fen <= current.amountFen : fen >= current.amountFen) {
        return no(
          'state',
          up ? 'AMOUNT_NOT_HIGHER' : 'AMOUNT_NOT_LOWER',
          `按现有登记信息计算的金额（${fen / 100} 元）${up ? '不高于' : '不低于'}现发金额（${current.amountFen / 100} 元），请先核实家庭变化`,
          `The engine's amount (${fen / 100} yuan) is not ${up ? 'above' : 'below'} the current ${current.amountFen / 100} yuan: record the household's change in the registry first`,
        );
      }
      return { ok: true, terms: one(month, 'active', fen, i.kind), status: 'active', endMonth: null };
    }
    case 'stop':
      return stopBasis('stop');
    case 'terminate':
      return stopBasis('termination');
    case 'review_stop':
      return stopBasis('review_stop');
    case 'keep': {
      const bad = needStatus(current, ['active', 'suspended'], month);
      if (bad) return bad;
      if (current.status === 'active') {
        const e = needEligible(i.engine, month);
        if (e) return e;
        if (i.engine?.fen !== current.amountFen) {
          return no('state', 'REVIEW_AMOUNT_CHANGED', `按现有登记信息计算的金额为 ${(i.engine?.fen ?? 0) / 100} 元，与现发金额不同，请选择“调整金额”`, `The engine now gives ${(i.engine?.fen ?? 0) / 100} yuan, not the current amount: decide "change" instead`);
        }
      }
      return { ok: true, terms: [], status: current.status === 'suspended' ? 'suspended' : 'active', endMonth: null };
    }
    case 'change': {
      const bad = needStatus(current, ['active', 'suspended'], month) ?? needEligible(i.engine, month);
      if (bad) return bad;
      const fen = i.engine?.fen ?? 0;
      if (current.status === 'active' && fen === current.amountFen) {
        return no('state', 'REVIEW_AMOUNT_UNCHANGED', '计算金额与现发金额相同，请选择“维持”', 'The amount is unchanged: decide "keep" instead');
      }
      return { ok: true, terms: one(month, 'active', fen, 'review'), status: 'active', endMonth: null };
    }
    case 'gradual_exit': {
      const bad = needStatus(current, ['active'], month);
      if (bad) return bad;
      if (i.engine?.eligible && i.engine.fen > 0) {
        return no('state', 'GRADUAL_EXIT_STILL_ELIGIBLE', '按现有登记信息该家庭仍符合低保条件，不适用渐退', 'The household still qualifies: a gradual exit is for households whose income rose above the standard');
      }
      const g = i.gradual;
      if (!g || g.maxMonths <= 0) {
        return no('state', 'GRADUAL_EXIT_NOT_AVAILABLE', '按现行规定该家庭不适用渐退期', 'No gradual exit is available to this household under the rules in force', 'gradualExitMonths');
      }
      if (!Number.isInteger(g.months) || g.months < 1 || g.months > g.maxMonths) {
        return no(
          'record',
          'GRADUAL_EXIT_TOO_LONG',
          `渐退期须为 1 至 ${g.maxMonths} 个月（现为 ${g.months}）`,
          `The gradual-exit period must be 1 to ${g.maxMonths} months (given: ${g.months})`,
          'gradualExitMonths',
        );
      }
      const end = addMonths(month, g.months);
      return {
        ok: true,
        terms: [
          { fromMonth: month, status: 'gradual_exit', amountFen: current.amountFen, basis: 'gradual_exit' },
          { fromMonth: end, status: 'ended', amountFen: 0, basis: 'gradual_exit_end' },
        ],
        status: 'active',
        endMonth: end,
      };
    }
    default: {
      const never: never = i.kind;
      throw new Error(`unknown change ${String(never)}`);
    }
  }
}
