import { randomUUID } from 'node:crypto';
import type { CaseDetail } from '../../contracts/cases.ts';
import type { CaseDeliberationStageInput } from '../../contracts/four-deliberations.ts';
import { appendAudit } from '../../db/audit.ts';
import { FourDeliberationsRepo } from '../../db/four-deliberations-repo.ts';
import { AppError } from '../../kernel/errors.ts';
import type { PlainDate } from '../../kernel/plain-date.ts';
import { checkStage, meetingOf, meetingRules, votes } from '../../workflow/four-deliberations.ts';
import { type CommandContext, actorName, auditActor, requirePermission, todayOf } from '../context.ts';
import { parameterSetOf } from '../policy/parameters.ts';
import { refusalError } from '../shared/refusal-error.ts';
import { type CaseRef, casesFor, requireCase } from './case-context.ts';
import { fourDeliberationFacts, STAGE_STATES } from './four-deliberations.ts';
import { loadCaseDetail } from './get-case.ts';

/**
 * 四议两公开：记录一次议事 Records one of the four deliberation stages of a case (ADR 0036) — by the same users as the
 * village deliberation (cases.investigate: the village assistant, the township caseworker) — once the case is accepted
 * and until it is decided. The date, order, attendance, quorum and votes are checked against the share rules in force on
 * the meeting's day (policy `procedure.fourDeliberations.*`); a refused record changes nothing. A stage recorded again
 * replaces the earlier record as the one that counts (both are kept). Audited in the same transaction.
 */
export async function recordDeliberationStage(ctx: CommandContext, props: { ref: CaseRef; input: CaseDeliberationStageInput }): Promise<CaseDetail> {
  requirePermission(ctx.actor, 'cases.read');
  requirePermission(ctx.actor, 'cases.investigate');
  const { input } = props;
  const today = todayOf(ctx);
  const at = ctx.clock().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await requireCase(casesFor(ctx, trx), props.ref);
    if (!STAGE_STATES.has(row.state)) {
      throw new AppError(
        'CASE_NOT_OPEN_FOR_DELIBERATION',
        { zh: '案件须已受理且尚未作出审批决定，才能记录“四议”', en: 'The four deliberations are recorded once the case is accepted and before it is decided' },
        { status: 409 },
      );
    }
    const repo = new FourDeliberationsRepo(trx);
    const rows = await repo.of(row.county_code, row.id);
    const meeting = input.stage === 'resolution' ? input.meeting : null;
    const heldOn = input.heldOn as PlainDate;
    const ps = await parameterSetOf(trx);
    const rules = meetingRules(ps, row.area_code, heldOn, meetingOf(input.stage, meeting ?? 'representatives'));
    const inFavour = votes(input.stage) ? input.inFavour : null;
    const bad = checkStage(
      { stage: input.stage, meeting, heldOn, present: input.present, entitled: input.entitled, inFavour, outcome: input.outcome },
      { today, appliedOn: row.applied_on as PlainDate, rules, recorded: fourDeliberationFacts(rows).stages },
    );
    if (bad) throw refusalError(bad);
    const id = randomUUID();
    const seq = rows.stages.reduce((m, s) => Math.max(m, Number(s.seq)), 0) + 1;
    const passRule = rules.pass ? `${rules.pass.rule}/of_${rules.pass.of}` : null;
    await repo.insertStage({
      county_code: row.county_code,
      id,
      case_id: row.id,
      seq,
      stage: input.stage,
      meeting,
      held_on: heldOn,
      present: input.present,
      entitled: input.entitled,
      in_favour: inFavour,
      outcome: input.outcome,
      quorum_rule: rules.quorum.rule,
      pass_rule: passRule,
      note: input.note,
      recorded_by: ctx.actor.userId,
      recorded_by_name: actorName(ctx.actor),
      created_at: at,
    });
    await appendAudit(
      trx,
      auditActor(ctx.actor),
      {
        chain: row.county_code,
        action: 'case.deliberation_stage',
        entityType: 'case',
        entityId: row.id,
        detail: { recordId: id, seq, stage: input.stage, meeting, heldOn, present: input.present, entitled: input.entitled, inFavour, outcome: input.outcome, quorumRule: rules.quorum.rule, passRule },
      },
      at,
    );
    return loadCaseDetail(ctx, trx, props.ref);
  });
}
