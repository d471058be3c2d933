import type { AssetItemTable, HouseholdTable, IncomeItemTable, PersonTable } from '../../db/schema.ts';
import { AppError } from '../../kernel/errors.ts';
import { lastDayOf, type PlainMonth } from '../../kernel/plain-date.ts';
import { parseSituation, type Situation, type SituationInput } from '../../rules/situation.ts';
import { type CaseKind, PROGRAM_OF } from '../../workflow/case-types.ts';
import { selfCareItems } from './person-row.ts';

export interface RegistryFacts {
  household: HouseholdTable;
  members: PersonTable[];
  incomes: IncomeItemTable[];
  assets: AssetItemTable[];
}

/**
 * The policy engine's situation for a case, built from the registry rows as they stand (the household's county,
 * the benefit month given by the caller). Amounts go from fen to yuan exactly (two decimals); birth date and sex are
 * the registry's own (read from the ID number when it was registered; the number itself stays sealed, ADR 0012).
 */
export function situationFromRegistry(f: RegistryFacts, c: { kind: CaseKind; applicantPersonId: string; month: PlainMonth }): Situation {
  const index = new Map(f.members.map((m, i) => [m.id, i]));
  const applicant = index.get(c.applicantPersonId);
  if (applicant === undefined) {
    throw new AppError(
      'APPLICANT_NOT_IN_HOUSEHOLD',
      { zh: '申请人已不在该家庭中，请先核实家庭成员', en: 'The applicant is no longer a member of the household; check the members first' },
      { status: 409, field: 'applicantPersonId' },
    );
  }
  // A member born after the benefit month is not in the household that month (the engine refused it through the ID
  // number before the numbers were sealed; the registry's birth date says the same).
  const unborn = f.members.findIndex((m) => m.birth_date > lastDayOf(c.month));
  if (unborn >= 0) {
    throw new AppError(
      'SITUATION_INVALID',
      { zh: '家庭成员的出生日期晚于待遇月份，请核实家庭信息', en: 'A member was born after the benefit month; check the household' },
      { status: 422, field: `household.members.${unborn}.birthDate`, details: { issues: [`household.members.${unborn}.birthDate`] } },
    );
  }
  const program = PROGRAM_OF[c.kind];
  const input: SituationInput = {
    program,
    month: c.month,
    county: f.household.county_code,
    unit: c.kind === 'dibao_individual' ? 'individual' : 'household',
    ...(program === 'tekun' || c.kind === 'dibao_individual' ? { applicant } : {}),
    household: {
      hukou: f.household.hukou_type,
      registeredPoor: Number(f.household.registered_poor) === 1,
      members: f.members.map((m) => ({
        birthDate: m.birth_date,
        sex: m.sex,
        relation: m.relation as NonNullable<SituationInput['household']['members'][number]['relation']>,
        ...(m.disability_kind && m.disability_grade != null
          ? { disability: { kind: m.disability_kind as 'physical', grade: Number(m.disability_grade) } }
          : {}),
        seriousIllness: Number(m.serious_illness) === 1,
        laborCapacity: m.labor_capacity,
        selfCareFailed: selfCareItems(Number(m.self_care_mask)).length,
        supporter: m.supporter_status as 'none' | 'able' | 'unable',
      })),
      incomes: f.incomes.map((i) => ({
        kind: i.kind as 'wage',
        annual: Number(i.annual_fen) / 100,
        ...(i.person_id && index.has(i.person_id) ? { member: index.get(i.person_id) } : {}),
      })),
      assets: {
        financial: f.assets.filter((a) => a.kind === 'financial').reduce((s, a) => s + Number(a.value_fen), 0) / 100,
        vehicles: f.assets.filter((a) => a.kind === 'vehicle').reduce((s, a) => s + Number(a.quantity), 0),
      },
    },
  };
  const parsed = parseSituation(input);
  if (!parsed.ok) {
    throw new AppError(
      'SITUATION_INVALID',
      { zh: '登记数据不足以计算待遇，请核实家庭信息', en: 'The registry data cannot be assessed; check the household' },
      { status: 422, field: parsed.issues[0]?.path, details: { issues: parsed.issues.map((i) => i.path) } },
    );
  }
  return parsed.situation;
}
