import type { CaseDetail } from '../../contracts/cases.ts';
import type { CaseTekunCareInput } from '../../contracts/tekun-care.ts';
import { appendAudit } from '../../db/audit.ts';
import { AppError } from '../../kernel/errors.ts';
import { monthOf } from '../../kernel/plain-date.ts';
import { type CommandContext, actorName, auditActor, may, requirePermission, todayOf } from '../context.ts';
import { checkCare, tekunCareFor } from '../enrollments/tekun-care.ts';
import { json } from '../shared/json-text.ts';
import { casesFor, type CaseRef, requireCase } from './case-context.ts';
import { loadCaseDetail } from './get-case.ts';

/** States in which the case is still being investigated or decided: its care record may be written. */
const OPEN_STATES: ReadonlySet<string> = new Set(['accepted', 'investigated', 'deliberated', 'village_notice', 'county_review', 'county_notice']);

/**
 * 特困供养：供养方式与护理等级 The township caseworker (at the investigation) or the county approver (before deciding)
 * records where a tekun applicant is to be supported — 分散供养 at home or 集中供养 in one of the county's
 * institutions — and the care assessment: which of the six self-care items the person cannot do, and, with its reason,
 * a care level set by hand. The engine assesses the case with it from then on (township review, county opinion,
 * approval), and approval carries it onto the enrollment from its first month (ADR 0027). A second record in the same
 * month replaces the first; each is audited.
 */
export async function recordCaseTekunCare(ctx: CommandContext, props: { ref: CaseRef; input: CaseTekunCareInput }): Promise<CaseDetail> {
  requirePermission(ctx.actor, 'cases.read');
  if (!may(ctx.actor, 'cases.investigate')) requirePermission(ctx.actor, 'cases.approve');
  const today = todayOf(ctx);
  const at = ctx.clock().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await requireCase(casesFor(ctx, trx), props.ref);
    if (row.program !== 'tekun') {
      throw new AppError('NOT_TEKUN', { zh: '只有特困供养案件记录供养方式与护理等级', en: 'Only tekun cases record placement and care level' }, { status: 409 });
    }
    if (!OPEN_STATES.has(row.state)) {
      throw new AppError('CASE_NOT_OPEN_FOR_CARE', { zh: '案件须已受理且尚未作出决定，才能记录供养方式与护理等级', en: 'Record placement and care level once the case is accepted and before it is decided' }, { status: 409 });
    }
    const repo = tekunCareFor(ctx.actor, trx);
    const fields = await checkCare(repo, row.county_code, props.input, today);
    const reasons = props.input.reasons;
    await repo.putCaseCare({
      county_code: row.county_code,
      owner: 'case',
      owner_id: row.id,
      from_month: monthOf(today),
      ...fields,
      reasons: json(reasons),
      actor_id: ctx.actor.userId,
      actor_name: actorName(ctx.actor),
      created_at: at,
    });
    await appendAudit(
      trx,
      auditActor(ctx.actor),
      {
        chain: row.county_code,
        action: 'case.tekun_care',
        entityType: 'case',
        entityId: row.id,
        detail: { placement: fields.placement, institutionId: fields.institution_id, selfCareMask: fields.self_care_mask, levelOverride: fields.level_override, overrideReason: fields.level_override !== null, reasons: reasons.length },
      },
      at,
    );
    return loadCaseDetail(ctx, trx, props.ref);
  });
}
