import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { CaseDetail } from '../../contracts/cases.ts';
import { CATEGORY_WORDS, type EmergencyRecord } from '../../contracts/temporary.ts';
import { NO_DEADLINE } from '../../db/case-repo.ts';
import type { AssistanceCaseTable } from '../../db/schema.ts';
import { TemporaryRepo } from '../../db/temporary-repo.ts';
import { AppError } from '../../kernel/errors.ts';
import { formatYuan } from '../../kernel/money.ts';
import { addDays, type PlainDate } from '../../kernel/plain-date.ts';
import { paramContext } from '../../rules/common/param-context.ts';
import { NEW } from '../../workflow/case-types.ts';
import { sameEventWindowDays } from '../../rules/temporary/temporary.ts';
import { NAT_2014_TEMPORARY } from '../../workflow/procedure-rules.ts';
import { checkStep } from '../../workflow/transitions.ts';
import { casesFor } from '../cases/case-context.ts';
import { loadCaseDetail } from '../cases/get-case.ts';
import { recordStep } from '../cases/record-event.ts';
import { type CommandContext, actorName, requirePermission, todayOf } from '../context.ts';
import { loadParameterSet } from '../policy/parameters.ts';
import { refusalError } from '../shared/refusal-error.ts';
import { loadWorkingCalendar } from '../shared/working-calendar.ts';
import { assessTemporary } from './assess-temporary.ts';
import { payFromReserve } from './reserve-ledger.ts';

/**
 * 先行救助 An emergency (急难型临时救助) recorded by a township caseworker and paid at once from the township's reserve
 * (备用金), skipping the data check, review and notice (国发〔2014〕47号 三(二); 民发〔2018〕23号): who decided, why and how
 * much are recorded; the amount paid first is at most the township's approval ceiling (above it is the county's
 * decision); the engine's level and amount for the need are kept with their trace. The case then waits for its
 * paperwork (补办手续), due within the county's working days (`temporary.paperwork.deadlineWorkingDays`) on the
 * official calendar, and goes through the ordinary steps afterwards. One event, one aid: the same household, category
 * and an event within the county's window is refused unless a county approver recorded why it is a new event. The
 * case, its aid, the reserve's debit, the timeline and the audit events are one transaction (ADR 0037).
 */
export async function recordEmergency(ctx: CommandContext, input: z.output<typeof EmergencyRecord>): Promise<CaseDetail> {
  requirePermission(ctx.actor, 'temporary.record');
  const today = todayOf(ctx);
  const at = ctx.clock().toISOString();
  // The contract reads the amounts of yuan into fen.
  const needFen = input.needYuan;
  const paidFirstFen = input.paidFirstYuan;
  if (input.eventDate > today) {
    throw new AppError('TEMPORARY_EVENT_IN_FUTURE', { zh: '事件日期不能晚于今天', en: 'The event cannot be after today' }, { field: 'eventDate' });
  }
  if (needFen <= 0) throw new AppError('TEMPORARY_NEED_ZERO', { zh: '救助需求金额须大于 0', en: 'The need must be more than zero' }, { field: 'needYuan' });
  if (paidFirstFen <= 0) throw new AppError('TEMPORARY_PAID_FIRST_ZERO', { zh: '先行救助金额须大于 0', en: 'The amount paid first must be more than zero' }, { field: 'paidFirstYuan' });
  if (paidFirstFen > needFen) {
    throw new AppError('TEMPORARY_PAID_FIRST_ABOVE_NEED', { zh: '先行救助金额不能超过救助需求', en: 'The amount paid first cannot exceed the need' }, { field: 'paidFirstYuan' });
  }
  const [ps, calendar] = await Promise.all([loadParameterSet(ctx.db), loadWorkingCalendar(ctx.db)]);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const check = checkStep('temporary_emergency', NEW, 'assist_first', {
      today,
      actor: { userId: ctx.actor.userId, role: ctx.actor.role },
      noticeEndsOn: null,
      spotCheck: null,
      staffRelative: input.staffRelative,
      contested: false,
      townshipReviewers: [],
      registeredPoor: false,
      fromScreening: false,
      deliberationStages: [],
      disclosures: [],
    });
    if (!check.ok) throw refusalError(check.refusal);
    const a = await assessTemporary(trx, ctx.actor, ps, {
      countyCode: input.household.countyCode,
      householdId: input.household.id,
      applicantPersonId: input.applicantPersonId,
      kind: 'temporary_emergency',
      category: input.category,
      needFen,
      day: today,
    });
    if (paidFirstFen > a.townshipCeilingFen) {
      throw new AppError(
        'TEMPORARY_PAID_FIRST_ABOVE_CEILING',
        {
          zh: `先行救助金额 ${formatYuan(paidFirstFen)} 元超过乡镇（街道）审批额度 ${formatYuan(a.townshipCeilingFen)} 元：超出部分须经县级审批后发放`,
          en: `The amount paid first (${formatYuan(paidFirstFen)} yuan) is above the township's ceiling (${formatYuan(a.townshipCeilingFen)} yuan): the rest is paid after the county approves`,
        },
        { field: 'paidFirstYuan', status: 422 },
      );
    }
    const household = a.household;
    const aid = new TemporaryRepo(trx, casesFor(ctx, trx).scope);
    const caseId = randomUUID();
    const newEvent = await sameEventCheck(aid, ps, household.county_code, household.id, input.category, input.eventDate as PlainDate);
    const days = paramContext(ps, household.county_code, today).num('temporary.paperwork.deadlineWorkingDays').value;
    const paperworkDue = calendar.addWorkingDays(today, days);
    const township = `${household.area_code.slice(0, 9)}000`;
    const row: AssistanceCaseTable = {
      county_code: household.county_code,
      id: caseId,
      kind: 'temporary_emergency',
      program: 'temporary',
      state: check.to,
      version: 1,
      household_id: household.id,
      applicant_person_id: input.applicantPersonId,
      area_code: household.area_code,
      staff_relative: input.staffRelative ? 1 : 0,
      staff_relative_note: null,
      contested: 0,
      on_behalf: 0,
      // The signed application and the data-check authorisation are the paperwork, completed afterwards (补办手续).
      signed_declaration: 0,
      data_check_authorised: 0,
      filed_by: ctx.actor.userId,
      rule_set: NAT_2014_TEMPORARY.id,
      applied_on: today,
      accepted_on: null,
      state_since: today,
      due_date: paperworkDue ?? NO_DEADLINE,
      notice_ends_on: null,
      county_review_since: null,
      county_objection_on: null,
      spot_check: null,
      spot_check_id: null,
      proposed_amount_fen: a.proposedFen,
      decision_id: null,
      open_program: null,
      origin: null,
      created_at: at,
      updated_at: at,
    };
    const cases = casesFor(ctx, trx);
    await cases.insertCase(row);
    await aid.insertAid({
      county_code: row.county_code,
      case_id: caseId,
      category: input.category,
      event_date: input.eventDate,
      event_note: input.eventNote,
      need_fen: needFen,
      registered_poor: Number(household.registered_poor) === 1 ? 1 : 0,
      approval_level: a.level,
      proposed_fen: a.proposedFen,
      maximum_fen: a.maximumFen,
      assisted_first: 1,
      paid_first_fen: paidFirstFen,
      paid_first_on: today,
      paid_first_by: ctx.actor.userId,
      paid_first_by_name: actorName(ctx.actor),
      paid_first_reason: input.reason,
      township_code: township,
      paperwork_due: paperworkDue,
      paperwork_done_on: null,
      new_event_reason: newEvent?.reason ?? null,
      new_event_by_name: newEvent?.decided_by_name ?? null,
      approved_fen: null,
      recovery_fen: 0,
      outcome: null,
      created_at: at,
      updated_at: at,
    });
    if (newEvent) await aid.useNewEvent(row.county_code, newEvent.id, caseId);
    await aid.insertStages([{ county_code: row.county_code, case_id: caseId, n: 1, pay_on: today, amount_fen: paidFirstFen, status: 'paid_first', roll_id: null, created_at: at, updated_at: at }]);
    await payFromReserve(trx, {
      actor: ctx.actor,
      county: row.county_code,
      township,
      amountFen: paidFirstFen,
      caseId,
      payeeName: a.applicantName,
      at,
      note: `${CATEGORY_WORDS[input.category].zh}先行救助`,
    });
    await recordStep(trx, cases, {
      actor: ctx.actor,
      at,
      before: null,
      after: row,
      step: 'assist_first',
      from: null,
      to: check.to,
      payload: {
        kind: row.kind,
        householdId: household.id,
        applicantPersonId: input.applicantPersonId,
        category: input.category,
        eventDate: input.eventDate,
        needFen,
        paidFirstFen: paidFirstFen,
        township,
        level: a.level,
        proposedFen: a.proposedFen,
        paperworkDue,
        newEvent: newEvent?.id ?? null,
      },
      attachments: input.attachments,
    });
    return loadCaseDetail(ctx, trx, { countyCode: row.county_code, id: caseId });
  });
}

/**
 * One event, one aid: an aid of the household in the same category with an event within the county's window
 * (`temporary.sameEventWindowDays`) refuses the new one, unless a county approver recorded why it is a new event
 * (that authorisation is returned, to be used by the case being recorded).
 */
export async function sameEventCheck(
  aid: TemporaryRepo,
  ps: Awaited<ReturnType<typeof loadParameterSet>>,
  countyCode: string,
  householdId: string,
  category: keyof typeof CATEGORY_WORDS,
  eventDate: PlainDate,
) {
  const window = sameEventWindowDays(ps, countyCode, eventDate).days;
  const earlier = await aid.sameEvent(countyCode, householdId, category, addDays(eventDate, -window), addDays(eventDate, window));
  if (earlier.length === 0) return null;
  const authorised = await aid.openNewEvent(countyCode, householdId, category, eventDate);
  if (authorised) return authorised;
  const first = earlier[0];
  throw new AppError(
    'TEMPORARY_SAME_EVENT',
    {
      zh: `该家庭已因同类事件（${CATEGORY_WORDS[category].zh}，事件日期 ${first.event_date}）获得或正在办理临时救助，同一事件不重复救助；如确属新发生的事件，请由县级审批人员登记说明后再办理`,
      en: `The household already has temporary aid for an event of the same category (${CATEGORY_WORDS[category].en}, ${first.event_date}); one event is aided once — if this is a new event, a county approver records why first`,
    },
    { status: 409, field: 'eventDate', details: { caseId: first.case_id, eventDate: first.event_date, windowDays: window } },
  );
}
