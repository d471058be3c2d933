import type { Transaction } from 'kysely';
import type { TemporaryCategory } from '../../contracts/temporary.ts';
import { RegistryRepo } from '../../db/registry-repo.ts';
import type { Database, HouseholdTable } from '../../db/schema.ts';
import { notFound, scopeOf } from '../../db/scope.ts';
import { AppError } from '../../kernel/errors.ts';
import { type Fen, fenToYuan } from '../../kernel/money.ts';
import { monthOf, type PlainDate } from '../../kernel/plain-date.ts';
import type { ParameterSet } from '../../policy/parameter-set.ts';
import type { Determination } from '../../rules/common/result.ts';
import { determine } from '../../rules/engine.ts';
import type { Situation } from '../../rules/situation.ts';
import type { Actor } from '../context.ts';
import { situationFromRegistry } from '../registry/situation-from-registry.ts';

export interface TemporaryAssessment {
  situation: Situation;
  determination: Determination;
  /** 分级审批: who approves this need (township ≤ ceiling < county ≤ maximum < 一事一议). */
  level: 'township' | 'county' | 'collective';
  /** What the engine proposes: the need within the category's standard, at most the normal maximum. */
  proposedFen: Fen;
  /** The normal maximum (一般最高额) for this household. */
  maximumFen: Fen;
  /** The township's approval ceiling (the most it may approve, and pay first). */
  townshipCeilingFen: Fen;
  household: HouseholdTable;
  /** The applicant's name as the registry has it (the payee). */
  applicantName: string;
}

/**
 * The policy engine on a temporary-aid need: the household as the registry holds it today (read through the actor's
 * scope), the category and the need, for the month of `day`. Returns the engine's determination — its amount, its
 * approval level and its trace with citations — and the figures the procedure keeps on the aid (ADR 0037). A household
 * the engine finds not eligible (a category the county does not offer, an expenditure need with income above the
 * limit) is refused with the engine's reasons.
 */
export async function assessTemporary(
  trx: Transaction<Database>,
  actor: Actor,
  ps: ParameterSet,
  o: { countyCode: string; householdId: string; applicantPersonId: string; kind: 'temporary_emergency' | 'temporary_expenditure'; category: TemporaryCategory; needFen: Fen; day: PlainDate },
): Promise<TemporaryAssessment> {
  const registry = new RegistryRepo(trx, scopeOf(actor.areaCode));
  const household = await registry.getHousehold(o.countyCode, o.householdId);
  if (!household) throw notFound({ zh: '家庭', en: 'household' });
  const parts = await registry.householdParts(household);
  const applicant = parts.members.find((m) => m.id === o.applicantPersonId);
  if (!applicant) {
    throw new AppError('APPLICANT_NOT_IN_HOUSEHOLD', { zh: '申请人须是该家庭的成员', en: 'The applicant must be a member of the household' }, { field: 'applicantPersonId' });
  }
  const month = monthOf(o.day);
  const base = situationFromRegistry({ household, ...parts }, { kind: o.kind, applicantPersonId: o.applicantPersonId, month });
  const situation: Situation = {
    ...base,
    temporary: { type: o.kind === 'temporary_emergency' ? 'emergency' : 'expenditure', need: fenToYuan(o.needFen).toNumber(), category: o.category },
  };
  const determination = determine(situation, ps, { trace: true });
  if (!determination.eligible) {
    const why = determination.reasons.map((r) => r.message.zh).join('；');
    const whyEn = determination.reasons.map((r) => r.message.en).join('; ');
    throw new AppError('TEMPORARY_NOT_ELIGIBLE', { zh: `按政策计算不符合临时救助条件：${why}`, en: `Not eligible for temporary aid: ${whyEn}` }, { status: 422, field: 'category' });
  }
  // The engine's own limits for this household and day (its trace cites them): nothing read twice.
  const maximumFen = Number(determination.details?.maximumFen) as Fen;
  const townshipCeilingFen = Number(determination.details?.townshipCeilingFen) as Fen;
  return {
    situation,
    determination,
    level: determination.approvalLevel === 'collective' ? 'collective' : determination.approvalLevel === 'county' ? 'county' : 'township',
    proposedFen: determination.amount.fen,
    maximumFen,
    townshipCeilingFen,
    household,
    applicantName: applicant.name,
  };
}
