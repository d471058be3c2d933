import { randomUUID } from 'node:crypto';
import type { CaseDetail } from '../../contracts/cases.ts';
import type { CaseDisclosureInput } from '../../contracts/four-deliberations.ts';
import { appendAudit } from '../../db/audit.ts';
import { CaseRecordsRepo } from '../../db/case-records-repo.ts';
import { FourDeliberationsRepo } from '../../db/four-deliberations-repo.ts';
import { AppError } from '../../kernel/errors.ts';
import type { PlainDate } from '../../kernel/plain-date.ts';
import { checkDisclosure } from '../../workflow/four-deliberations.ts';
import { type CommandContext, actorName, auditActor, requirePermission, todayOf } from '../context.ts';
import { refusalError } from '../shared/refusal-error.ts';
import { type CaseRef, casesFor, requireCase } from './case-context.ts';
import { fourDeliberationFacts, STAGE_STATES } from './four-deliberations.ts';
import { loadCaseDetail } from './get-case.ts';

/**
 * 两公开 Records a disclosure of a case (ADR 0036): 决议公开 — the resolution posted, after it was recorded, while the
 * case is open (a case from the screening campaign needs it before township review); 实施结果公开 — the result posted
 * once the county has decided. By the same users as the four stages (cases.investigate); audited in the same
 * transaction; a refused record changes nothing.
 */
export async function recordDisclosure(ctx: CommandContext, props: { ref: CaseRef; input: CaseDisclosureInput }): Promise<CaseDetail> {
  requirePermission(ctx.actor, 'cases.read');
  requirePermission(ctx.actor, 'cases.investigate');
  const { input } = props;
  const today = todayOf(ctx);
  const at = ctx.clock().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await requireCase(casesFor(ctx, trx), props.ref);
    const decided = row.state === 'approved' || row.state === 'refused';
    if (input.kind === 'resolution' && !STAGE_STATES.has(row.state)) {
      throw new AppError(
        'CASE_NOT_OPEN_FOR_DELIBERATION',
        { zh: '案件须已受理且尚未作出审批决定，才能记录决议公开', en: 'The resolution is recorded as published once the case is accepted and before it is decided' },
        { status: 409 },
      );
    }
    const repo = new FourDeliberationsRepo(trx);
    const rows = await repo.of(row.county_code, row.id);
    const decision = decided ? (await new CaseRecordsRepo(trx).all(row.county_code, row.id)).decision : undefined;
    const postedOn = input.postedOn as PlainDate;
    const bad = checkDisclosure(input.kind, postedOn, { today, recorded: fourDeliberationFacts(rows).stages, decidedOn: (decision?.decided_on as PlainDate | undefined) ?? null });
    if (bad) throw refusalError(bad);
    const id = randomUUID();
    const seq = rows.disclosures.reduce((m, d) => Math.max(m, Number(d.seq)), 0) + 1;
    await repo.insertDisclosure({
      county_code: row.county_code,
      id,
      case_id: row.id,
      seq,
      kind: input.kind,
      posted_on: postedOn,
      place: input.place,
      note: input.note,
      recorded_by: ctx.actor.userId,
      recorded_by_name: actorName(ctx.actor),
      created_at: at,
    });
    await appendAudit(
      trx,
      auditActor(ctx.actor),
      { chain: row.county_code, action: 'case.disclosure', entityType: 'case', entityId: row.id, detail: { recordId: id, seq, kind: input.kind, postedOn } },
      at,
    );
    return loadCaseDetail(ctx, trx, props.ref);
  });
}
