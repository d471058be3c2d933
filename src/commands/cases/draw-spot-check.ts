import { randomInt, randomUUID } from 'node:crypto';
import type { SpotCheckDraw, SpotCheckView } from '../../contracts/cases.ts';
import { CaseRecordsRepo } from '../../db/case-records-repo.ts';
import { CaseRepo } from '../../db/case-repo.ts';
import { narrowScope, scopeOf } from '../../db/scope.ts';
import { AppError } from '../../kernel/errors.ts';
import type { CaseKind, CaseState } from '../../workflow/case-types.ts';
import { procedureRulesFor } from '../../workflow/procedure-rules.ts';
import { drawSample } from '../../workflow/spot-check.ts';
import { checkStep } from '../../workflow/transitions.ts';
import { type CommandContext, requirePermission, staleVersion, todayOf } from '../context.ts';
import { CASE, factsOf } from './case-context.ts';
import { refusalError } from '../shared/refusal-error.ts';
import { recordStep } from './record-event.ts';
import { presentSpotCheck } from './get-spot-check.ts';

/**
 * 县级入户抽查 Draws the county's home-visit sample from every case at the county (in the user's area, or a part
 * of it) not yet drawn: all staff-relative and contested cases, and at random at least 30% of the batch. The
 * seed (given, or drawn here) is recorded, so anyone can redraw the same sample from the same batch.
 */
export async function drawSpotCheck(ctx: CommandContext, input: SpotCheckDraw): Promise<SpotCheckView> {
  requirePermission(ctx.actor, 'cases.approve');
  const scope = narrowScope(scopeOf(ctx.actor.areaCode), input.area);
  if (!scope.countyCode) {
    throw new AppError('SPOT_CHECK_COUNTY_REQUIRED', { zh: '抽查须在一个县（区）内进行', en: 'A spot check is drawn within one county' }, { field: 'area' });
  }
  const county = scope.countyCode;
  const today = todayOf(ctx);
  const at = ctx.clock().toISOString();
  const seed = input.seed ?? randomInt(0, 0xffffffff);
  const rules = procedureRulesFor('dibao', today);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const repo = new CaseRepo(trx, scope);
    const batch = await repo.awaitingDraw();
    if (batch.length === 0) {
      throw new AppError('SPOT_CHECK_BATCH_EMPTY', { zh: '没有待抽查的案件', en: 'No case is waiting for a spot-check draw' }, { status: 409 });
    }
    for (const c of batch) {
      const r = checkStep(c.kind as CaseKind, c.state as CaseState, 'draw_spot_check', factsOf(c, ctx.actor, today, []));
      if (!r.ok) throw refusalError(r.refusal);
    }
    const sample = drawSample(
      batch.map((c) => ({ caseId: c.id, staffRelative: Number(c.staff_relative) === 1, contested: Number(c.contested) === 1 })),
      seed,
      rules.spotCheckRate,
    );
    const id = randomUUID();
    const rate = `${rules.spotCheckRate.num}/${rules.spotCheckRate.den}`;
    const check = { county_code: county, id, area_code: scope.areaCode, drawn_at: at, drawn_by: ctx.actor.userId, seed, rate, batch_size: sample.batchSize, minimum: sample.minimum };
    const items = sample.items.map((i) => ({
      county_code: county,
      spot_check_id: id,
      case_id: i.caseId,
      sampled: i.sampled ? 1 : 0,
      reason: i.reason,
      visited_on: null,
      visitors: null,
      finding: null,
      note: null,
      visited_by: null,
    }));
    const records = new CaseRecordsRepo(trx);
    await records.insertSpotCheck(check, items);
    const byId = new Map(sample.items.map((i) => [i.caseId, i]));
    for (const c of batch) {
      const item = byId.get(c.id);
      if (!item) continue;
      const version = Number(c.version);
      if (!(await repo.claim(county, c.id, version, at))) throw staleVersion(CASE);
      const spot = item.sampled ? ('sampled' as const) : ('not_sampled' as const);
      await repo.patchCase(county, c.id, { spot_check: spot, spot_check_id: id });
      const before = c;
      await recordStep(trx, repo, {
        actor: ctx.actor,
        at,
        before,
        after: { ...before, version: version + 1, spot_check: spot, spot_check_id: id, updated_at: at },
        step: 'draw_spot_check',
        from: c.state as CaseState,
        to: c.state as CaseState,
        payload: { spotCheckId: id, seed, sampled: item.sampled, reason: item.reason },
      });
    }
    return presentSpotCheck(check, items);
  });
}
