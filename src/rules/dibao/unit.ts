import type { ParamContext } from '../common/param-context.ts';
import { isCounted, isSeverelyDisabled } from '../common/person.ts';
import { REASONS } from '../common/reasons.ts';
import type { Reason } from '../common/result.ts';
import type { Tracer } from '../common/tracer.ts';
import type { Income, Member, Situation } from '../situation.ts';

/** The people a dibao benefit is for, and the income counted for them. */
export interface DibaoUnit {
  members: Member[];
  incomes: Income[];
  /** Members counted in the household, for per-person asset limits. */
  householdSize: number;
}

/**
 * Household unit: every co-resident member (nat-2012 Art.5). Individual inclusion (单人保, seed 二(二)): a
 * severely disabled or seriously ill member of a registered-poor household who has fully or partly lost
 * labour capacity, counted alone with their own income only.
 */
export function selectUnit(s: Situation, ctx: ParamContext, t: Tracer, reasons: Reason[]): DibaoUnit | null {
  const h = s.household;
  // Most households have every member counted: keep the array rather than copy it.
  let n = 0;
  for (let i = 0; i < h.members.length; i++) if (isCounted(h.members[i])) n++;
  const counted = n === h.members.length ? h.members : h.members.filter(isCounted);
  if (counted.length < h.members.length) reasons.push(REASONS.MEMBER_NOT_COUNTED);
  if (t.on) t.step('unit.householdSize', counted.length, [], `${h.members.length} members, ${h.members.length - counted.length} not counted`);
  if (s.unit === 'household') {
    if (counted.length === 0) {
      reasons.push(REASONS.NO_MEMBERS_IN_UNIT);
      return null;
    }
    return { members: counted, incomes: h.incomes, householdSize: counted.length };
  }
  return individualUnit(s, counted.length, ctx, t, reasons);
}

function individualUnit(s: Situation, countedMembers: number, ctx: ParamContext, t: Tracer, reasons: Reason[]): DibaoUnit | null {
  const h = s.household;
  const idx = s.applicant ?? 0;
  const m = h.members[idx];
  const severe = isSeverelyDisabled(m, ctx);
  const sev = ctx.num('person.disability.severeMaxGrade');
  t.step('individual.severe', severe || m.seriousIllness, [sev.use], `disability grade ≤ ${sev.value} or seriously ill`);
  const before = reasons.length;
  if (!h.registeredPoor) reasons.push(REASONS.INDIVIDUAL_NOT_REGISTERED_POOR);
  if (!severe && !m.seriousIllness) reasons.push(REASONS.INDIVIDUAL_NOT_SEVERE);
  if (m.laborCapacity === 'full' || m.laborCapacity === undefined) reasons.push(REASONS.INDIVIDUAL_HAS_LABOR_CAPACITY);
  if (!isCounted(m)) reasons.push(REASONS.NO_MEMBERS_IN_UNIT);
  if (reasons.length > before) return null;
  reasons.push(REASONS.INDIVIDUAL_INCLUSION, REASONS.INDIVIDUAL_OWN_INCOME_ONLY);
  return { members: [m], incomes: h.incomes.filter((i) => i.member === idx), householdSize: Math.max(countedMembers, 1) };
}
