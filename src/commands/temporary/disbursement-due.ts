import type { DisbursementBuild, DisbursementDue } from '../../contracts/temporary.ts';
import { dueStages, reissuesDue } from '../../db/payroll-ledger.ts';
import { type CommandContext, requirePermission } from '../context.ts';
import { dueDay, requireCounty } from './build-disbursement.ts';

/** 待发放 What a disbursement batch built now would hold (nothing is written): stages due, of them without an account, re-issues. */
export async function disbursementDue(ctx: CommandContext, input: DisbursementBuild): Promise<DisbursementDue> {
  requirePermission(ctx.actor, 'payroll.read');
  const county = await requireCounty(ctx, input.county);
  const upTo = dueDay(ctx, input.upTo);
  const s = await dueStages(ctx.db.kysely, county, upTo);
  const r = await reissuesDue(ctx.db.kysely, county, 'temporary');
  return { county, upTo, stages: s.count, stagesFen: s.fen, withoutAccount: s.withoutAccount, reissues: r.count, reissuesFen: r.fen };
}
