import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { CaseApply, CaseDetail } from '../../contracts/cases.ts';
import { NO_DEADLINE } from '../../db/case-repo.ts';
import { RegistryRepo } from '../../db/registry-repo.ts';
import type { AssistanceCaseTable, Database } from '../../db/schema.ts';
import { notFound, scopeOf } from '../../db/scope.ts';
import { AppError } from '../../kernel/errors.ts';
import { NEW, PROGRAM_OF } from '../../workflow/case-types.ts';
import { procedureRulesFor } from '../../workflow/procedure-rules.ts';
import { checkApplication } from '../../workflow/records.ts';
import { checkStep } from '../../workflow/transitions.ts';
import { type CommandContext, requirePermission, todayOf } from '../context.ts';
import { casesFor } from './case-context.ts';
import { refusalError } from '../shared/refusal-error.ts';
import { loadCaseDetail } from './get-case.ts';
import { recordStep } from './record-event.ts';

/**
 * 申请 Files a dibao, 单人保 or tekun application for a household of the user's area, with the signed declaration,
 * the data-check authorisation and the kinship-with-staff declaration (近亲属备案). A village assistant may file on
 * the household's behalf. A household never has two open cases of one program, nor a new case while enrolled.
 */
export async function submitApplication(ctx: CommandContext, input: CaseApply): Promise<CaseDetail> {
  if (PROGRAM_OF[input.kind] === 'temporary') {
    throw new AppError(
      'TEMPORARY_APPLY_ELSEWHERE',
      { zh: '临时救助请通过临时救助申请或先行救助登记（须填写事件类别、日期和救助需求）', en: 'Temporary aid is applied for through the temporary-aid application or an emergency record (with the event’s category, date and need)' },
      { field: 'kind' },
    );
  }
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await fileApplication(ctx, trx, input);
    return loadCaseDetail(ctx, trx, { countyCode: row.county_code, id: row.id });
  });
}

/**
 * The application written in the caller's transaction: the checks, the case row and its first step. The screening
 * ledger (ADR 0035) files through here with `origin: 'screening'`, in the transaction that concludes its row.
 */
export async function fileApplication(
  ctx: CommandContext,
  trx: Transaction<Database>,
  input: CaseApply,
  opts: { origin?: 'screening' | 'outreach'; payload?: Record<string, unknown> } = {},
): Promise<AssistanceCaseTable> {
  requirePermission(ctx.actor, 'cases.apply');
  const bad = checkApplication(input);
  if (bad) throw refusalError(bad);
  const today = todayOf(ctx);
  const at = ctx.clock().toISOString();
  const program = PROGRAM_OF[input.kind];
  const rules = procedureRulesFor(program, today);
  const registry = new RegistryRepo(trx, scopeOf(ctx.actor.areaCode));
  const household = await registry.getHousehold(input.household.countyCode, input.household.id);
  if (!household) throw notFound({ zh: '家庭', en: 'household' });
  const person = await registry.getPerson(household.county_code, input.applicantPersonId);
  if (!person || person.household_id !== household.id) {
    throw new AppError('APPLICANT_NOT_IN_HOUSEHOLD', { zh: '申请人须是该家庭的成员', en: 'The applicant must be a member of the household' }, { field: 'applicantPersonId' });
  }
  const check = checkStep(input.kind, NEW, 'apply', {
    today,
    actor: { userId: ctx.actor.userId, role: ctx.actor.role },
    noticeEndsOn: null,
    spotCheck: null,
    staffRelative: input.staffRelative,
    contested: false,
    townshipReviewers: [],
    registeredPoor: Number(household.registered_poor) === 1,
    fromScreening: opts.origin === 'screening',
    deliberationStages: [],
    disclosures: [],
  });
  if (!check.ok) throw refusalError(check.refusal);
  const cases = casesFor(ctx, trx);
  if (await cases.openCaseOf(household.county_code, household.id, program)) {
    throw new AppError('CASE_ALREADY_OPEN', { zh: '该家庭已有一件同类申请正在办理', en: 'This household already has an open case of this program' }, { status: 409, field: 'household' });
  }
  if (await cases.activeEnrollmentOf(household.county_code, household.id, program)) {
    throw new AppError('ALREADY_ENROLLED', { zh: '该家庭已在保，请走动态管理程序', en: 'This household is already enrolled; use a review instead' }, { status: 409, field: 'household' });
  }
  const row: AssistanceCaseTable = {
    county_code: household.county_code,
    id: randomUUID(),
    kind: input.kind,
    program,
    state: check.to,
    version: 1,
    household_id: household.id,
    applicant_person_id: person.id,
    area_code: household.area_code,
    staff_relative: input.staffRelative ? 1 : 0,
    staff_relative_note: input.staffRelativeNote ?? null,
    contested: 0,
    on_behalf: input.onBehalf ? 1 : 0,
    signed_declaration: 1,
    data_check_authorised: 1,
    filed_by: ctx.actor.userId,
    rule_set: rules.id,
    applied_on: today,
    accepted_on: null,
    state_since: today,
    due_date: NO_DEADLINE,
    notice_ends_on: null,
    county_review_since: null,
    county_objection_on: null,
    spot_check: null,
    spot_check_id: null,
    proposed_amount_fen: null,
    decision_id: null,
    open_program: program,
    origin: opts.origin ?? null,
    created_at: at,
    updated_at: at,
  };
  await cases.insertCase(row);
  await recordStep(trx, cases, {
    actor: ctx.actor,
    at,
    before: null,
    after: row,
    step: 'apply',
    from: null,
    to: check.to,
    payload: { kind: input.kind, householdId: household.id, applicantPersonId: person.id, staffRelative: input.staffRelative, onBehalf: input.onBehalf, ruleSet: rules.id, ...opts.payload },
    attachments: input.attachments,
  });
  return row;
}
