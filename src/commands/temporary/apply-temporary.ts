import type { z } from 'zod';
import type { CaseDetail } from '../../contracts/cases.ts';
import { EMERGENCY_CATEGORIES, type TemporaryApplication } from '../../contracts/temporary.ts';
import { TemporaryRepo } from '../../db/temporary-repo.ts';
import { AppError } from '../../kernel/errors.ts';
import type { PlainDate } from '../../kernel/plain-date.ts';
import { casesFor } from '../cases/case-context.ts';
import { loadCaseDetail } from '../cases/get-case.ts';
import { fileApplication } from '../cases/submit-application.ts';
import { type CommandContext, todayOf } from '../context.ts';
import { loadParameterSet } from '../policy/parameters.ts';
import { assessTemporary } from './assess-temporary.ts';
import { sameEventCheck } from './record-emergency.ts';

/**
 * 申请 A temporary-aid application through the ordinary procedure (支出型, or 急难型 not paid first): the case is filed
 * the way every application is (`fileApplication`: the household in the user's area, the declarations, the first
 * step), with its aid — category, event, need, the engine's level and amount — in the same transaction; one event, one
 * aid holds as for an emergency (ADR 0037).
 */
export async function applyTemporary(ctx: CommandContext, input: z.output<typeof TemporaryApplication>): Promise<CaseDetail> {
  const today = todayOf(ctx);
  const emergency = (EMERGENCY_CATEGORIES as readonly string[]).includes(input.category);
  const kind = emergency ? 'temporary_emergency' : 'temporary_expenditure';
  if (input.eventDate > today) throw new AppError('TEMPORARY_EVENT_IN_FUTURE', { zh: '事件日期不能晚于今天', en: 'The event cannot be after today' }, { field: 'eventDate' });
  if (input.needYuan <= 0) throw new AppError('TEMPORARY_NEED_ZERO', { zh: '救助需求金额须大于 0', en: 'The need must be more than zero' }, { field: 'needYuan' });
  const ps = await loadParameterSet(ctx.db);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await fileApplication(ctx, trx, {
      kind,
      household: input.household,
      applicantPersonId: input.applicantPersonId,
      signedDeclaration: true,
      dataCheckAuthorised: true,
      staffRelative: input.staffRelative,
      onBehalf: input.onBehalf,
      attachments: input.attachments,
    });
    const a = await assessTemporary(trx, ctx.actor, ps, {
      countyCode: row.county_code,
      householdId: row.household_id,
      applicantPersonId: row.applicant_person_id,
      kind,
      category: input.category,
      needFen: input.needYuan,
      day: today,
    });
    const aid = new TemporaryRepo(trx, casesFor(ctx, trx).scope);
    const newEvent = await sameEventCheck(aid, ps, row.county_code, row.household_id, input.category, input.eventDate as PlainDate);
    await aid.insertAid({
      county_code: row.county_code,
      case_id: row.id,
      category: input.category,
      event_date: input.eventDate,
      event_note: input.eventNote,
      need_fen: input.needYuan,
      registered_poor: Number(a.household.registered_poor) === 1 ? 1 : 0,
      approval_level: a.level,
      proposed_fen: a.proposedFen,
      maximum_fen: a.maximumFen,
      assisted_first: 0,
      paid_first_fen: 0,
      paid_first_on: null,
      paid_first_by: null,
      paid_first_by_name: null,
      paid_first_reason: null,
      township_code: `${row.area_code.slice(0, 9)}000`,
      paperwork_due: null,
      paperwork_done_on: null,
      new_event_reason: newEvent?.reason ?? null,
      new_event_by_name: newEvent?.decided_by_name ?? null,
      approved_fen: null,
      recovery_fen: 0,
      outcome: null,
      created_at: row.created_at,
      updated_at: row.created_at,
    });
    if (newEvent) await aid.useNewEvent(row.county_code, newEvent.id, row.id);
    return loadCaseDetail(ctx, trx, { countyCode: row.county_code, id: row.id });
  });
}
