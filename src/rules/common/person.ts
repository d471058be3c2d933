import { ageOn, type PlainDate } from '../../kernel/plain-date.ts';
import type { Member } from '../situation.ts';
import type { ParamContext } from './param-context.ts';

/** Completed years on the first day of the benefit month: a birthday during the month counts from the next. */
export function ageAt(m: Member, day: PlainDate): number {
  return ageOn(m.birthDate, day);
}

/** 重度残疾 severe disability: grade 1 or 2 of any kind (grade bound is a parameter). */
export function isSeverelyDisabled(m: Member, ctx: ParamContext): boolean {
  return m.disability !== undefined && m.disability.grade <= ctx.num('person.disability.severeMaxGrade').value;
}

export function isCounted(m: Member): boolean {
  return m.status === 'resident';
}
