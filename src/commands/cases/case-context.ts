import type { Kysely, Transaction } from 'kysely';
import { CaseRepo, type CaseListRow } from '../../db/case-repo.ts';
import type { AssistanceCaseTable, Database } from '../../db/schema.ts';
import { notFound, scopeOf } from '../../db/scope.ts';
import type { PlainDate } from '../../kernel/plain-date.ts';
import type { CaseKind, CaseState, SpotCheckStatus } from '../../workflow/case-types.ts';
import type { DisclosureFact, StageFact } from '../../workflow/four-deliberations.ts';
import type { StepFacts } from '../../workflow/transitions.ts';
import type { Actor, CommandContext } from '../context.ts';

export const CASE = { zh: '案件', en: 'case' };

export interface CaseRef {
  countyCode: string;
  id: string;
}

export function casesFor(ctx: CommandContext, db: Kysely<Database> | Transaction<Database> = ctx.db.kysely): CaseRepo {
  return new CaseRepo(db, scopeOf(ctx.actor.areaCode));
}

export async function requireCase(repo: CaseRepo, ref: CaseRef): Promise<CaseListRow> {
  const row = await repo.getCase(ref.countyCode, ref.id);
  if (!row) throw notFound(CASE);
  return row;
}

export function factsOf(
  row: AssistanceCaseTable,
  actor: Actor,
  today: PlainDate,
  townshipReviewers: readonly string[],
  fourDeliberations: { stages: readonly StageFact[]; disclosures: readonly DisclosureFact[] } = { stages: [], disclosures: [] },
): StepFacts {
  return {
    today,
    actor: { userId: actor.userId, role: actor.role },
    noticeEndsOn: (row.notice_ends_on as PlainDate | null) ?? null,
    spotCheck: (row.spot_check as SpotCheckStatus | null) ?? null,
    staffRelative: Number(row.staff_relative) === 1,
    contested: Number(row.contested) === 1,
    townshipReviewers,
    // Only the application looks at this, and submit-application reads it from the household itself.
    registeredPoor: true,
    fromScreening: row.origin === 'screening',
    deliberationStages: fourDeliberations.stages,
    disclosures: fourDeliberations.disclosures,
  };
}

export const kindOf = (row: CaseListRow) => row.kind as CaseKind;
export const stateOf = (row: CaseListRow) => row.state as CaseState;
