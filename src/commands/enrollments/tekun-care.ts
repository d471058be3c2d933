import type { Kysely, Transaction } from 'kysely';
import type { CaseTekunCareInput, CareLevel, InstitutionView, TekunCareView } from '../../contracts/tekun-care.ts';
import type { Database, TekunCareTable, TekunInstitutionTable } from '../../db/schema.ts';
import { scopeOf } from '../../db/scope.ts';
import { careAt, TekunCareRepo } from '../../db/tekun-care-repo.ts';
import { AppError } from '../../kernel/errors.ts';
import { compareDates, firstDayOf, type PlainDate, type PlainMonth } from '../../kernel/plain-date.ts';
import type { ParameterSet } from '../../policy/parameter-set.ts';
import type { Situation } from '../../rules/situation.ts';
import { tierOfFailed } from '../../rules/tekun/care.ts';
import type { Actor } from '../context.ts';
import { parseJson } from '../shared/json-text.ts';
import { selfCareItems, selfCareMask } from '../registry/person-row.ts';

type Q = Kysely<Database> | Transaction<Database>;

export function tekunCareFor(actor: Actor, db: Q): TekunCareRepo {
  return new TekunCareRepo(db, scopeOf(actor.areaCode));
}

/** What a care record is, checked: the institution is the county's and open, an override has its reason, the day is not in the future. */
export async function checkCare(
  repo: TekunCareRepo,
  county: string,
  input: Omit<CaseTekunCareInput, 'reasons'>,
  today: PlainDate,
): Promise<Pick<TekunCareTable, 'placement' | 'institution_id' | 'self_care_mask' | 'assessed_on' | 'level_override' | 'override_reason'>> {
  let institutionId: string | null = null;
  if (input.placement === 'institution') {
    if (!input.institutionId) {
      throw new AppError('INSTITUTION_REQUIRED', { zh: '集中供养须选择供养服务机构', en: 'Choose the institution for institutional care' }, { field: 'institutionId' });
    }
    const inst = await repo.institution(county, input.institutionId);
    if (Number(inst?.active) !== 1 || !inst) {
      throw new AppError('INSTITUTION_UNKNOWN', { zh: '所选供养服务机构不是本县（市、区）在册的机构', en: "The institution is not one of the county's institutions" }, { field: 'institutionId' });
    }
    institutionId = inst.id;
  } else if (input.institutionId) {
    throw new AppError('INSTITUTION_NOT_FOR_HOME', { zh: '分散供养不选择供养服务机构', en: 'Care at home names no institution' }, { field: 'institutionId' });
  }
  if (compareDates(input.assessedOn as PlainDate, today) > 0) {
    throw new AppError('ASSESSED_IN_FUTURE', { zh: '评估日期不能晚于今天', en: 'The assessment date cannot be in the future' }, { field: 'assessedOn' });
  }
  if (new Set(input.selfCareFailed).size !== input.selfCareFailed.length) {
    throw new AppError('SELF_CARE_ITEM_TWICE', { zh: '同一自理项目只能选择一次', en: 'Each self-care item only once' }, { field: 'selfCareFailed' });
  }
  const reason = input.overrideReason?.trim() || null;
  if (input.levelOverride && !reason) {
    throw new AppError('OVERRIDE_REASON_REQUIRED', { zh: '调整护理等级须填写理由', en: 'Give the reason for setting the care level by hand' }, { field: 'overrideReason' });
  }
  return {
    placement: input.placement,
    institution_id: institutionId,
    self_care_mask: selfCareMask(input.selfCareFailed),
    assessed_on: input.assessedOn,
    level_override: input.levelOverride,
    override_reason: input.levelOverride ? reason : null,
  };
}

/** The level the items give under the thresholds in force on `day`. */
export function assessedLevel(ps: ParameterSet, county: string, day: string, mask: number): CareLevel {
  const thresholds = { partial: Number(ps.lookup('tekun.care.threshold.partial', county, day as PlainDate).value), full: Number(ps.lookup('tekun.care.threshold.full', county, day as PlainDate).value) };
  return tierOfFailed(selfCareItems(mask).length, thresholds);
}

export function presentInstitution(i: TekunInstitutionTable): InstitutionView {
  return { id: i.id, countyCode: i.county_code, name: i.name, address: i.address, synthetic: i.synthetic === 1, active: i.active === 1 };
}

export function presentCare(row: TekunCareTable, ps: ParameterSet, institutions: readonly TekunInstitutionTable[]): TekunCareView {
  const inst = row.institution_id ? institutions.find((i) => i.id === row.institution_id) : undefined;
  const day = /^\d{4}-\d{2}$/.test(row.from_month) ? firstDayOf(row.from_month as PlainMonth) : row.assessed_on;
  const assessed = assessedLevel(ps, row.county_code, day, Number(row.self_care_mask));
  const level = row.level_override ?? assessed;
  return {
    fromMonth: row.from_month,
    placement: row.placement,
    institution: inst ? presentInstitution(inst) : null,
    selfCareFailed: selfCareItems(Number(row.self_care_mask)),
    assessedOn: row.assessed_on,
    assessedLevel: assessed,
    level,
    overridden: level !== assessed,
    overrideReason: row.override_reason,
    reasons: parseJson<string[]>(row.reasons, []),
    actorName: row.actor_name,
    createdAt: row.created_at,
  };
}

/**
 * The engine's situation with the tekun care record in force in `month` (ADR 0027): the applicant's self-care items
 * are the ones assessed on the record (not the registry's), and a level set by hand replaces the items' tier. No
 * record in force: the situation is left as the registry gives it.
 */
export function withCare(s: Situation, rows: readonly Pick<TekunCareTable, 'from_month' | 'self_care_mask' | 'level_override'>[] | undefined, month: string): Situation {
  if (s.program !== 'tekun' || !rows || rows.length === 0) return s;
  const care = careAt(rows, month);
  if (!care) return s;
  const idx = s.applicant ?? 0;
  const members = s.household.members.map((m, i) => {
    if (i !== idx) return m;
    const { careOverride: _drop, ...rest } = m;
    return { ...rest, selfCareFailed: selfCareItems(Number(care.self_care_mask)).length, ...(care.level_override ? { careOverride: care.level_override } : {}) };
  });
  return { ...s, household: { ...s.household, members } };
}
