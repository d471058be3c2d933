import { randomUUID } from 'node:crypto';
import type { CaseDetail, CaseInvestigation } from '../../contracts/cases.ts';
import type { CaseRecordsRepo } from '../../db/case-records-repo.ts';
import type { CaseListRow } from '../../db/case-repo.ts';
import type { PlainDate } from '../../kernel/plain-date.ts';
import { checkInvestigation } from '../../workflow/records.ts';
import type { Refusal } from '../../workflow/refusals.ts';
import type { CommandContext } from '../context.ts';
import type { CaseRef } from './case-context.ts';
import { json } from '../shared/json-text.ts';
import { runStep, type StepOutcome, type StepScope } from './run-step.ts';

/**
 * 家庭经济状况调查 Records the means investigation. When the data check (信息核对) already shows the household is
 * not eligible, the case ends here with the written reasons (close_ineligible); otherwise it goes on to the
 * democratic review (temporary aid: to the township's review, with the need assessed — src/commands/temporary).
 */
export async function recordInvestigation(
  ctx: CommandContext,
  props: {
    ref: CaseRef;
    input: CaseInvestigation;
    also?: (s: StepScope) => Promise<StepOutcome | undefined>;
    /** 离线入户 A visit recorded on a phone (ADR 0051): its id (the sync's key) and when it was recorded in the home. */
    visit?: { id: string; recordedAt: string };
  },
): Promise<CaseDetail> {
  const { input } = props;
  const ineligible = input.dataCheck.result === 'ineligible';
  return runStep(ctx, {
    ref: props.ref,
    version: input.version,
    step: ineligible ? 'close_ineligible' : 'investigate',
    attachments: input.attachments,
    validate: (_row, today) => validateInvestigation(input, today),
    act: async (s) => {
      const own = await writeInvestigation(s.records, s.row, input, ctx.actor.userId, s.at, props.visit);
      const more = ineligible ? undefined : await props.also?.(s);
      return { patch: more?.patch, payload: { ...own.payload, ...more?.payload } };
    },
  });
}

function validateInvestigation(input: CaseInvestigation, today: PlainDate): Refusal | null {
  const record = {
    investigators: input.investigators,
    investigatedOn: input.investigatedOn as PlainDate,
    homeVisitOn: (input.homeVisitOn ?? null) as PlainDate | null,
    neighbourVisits: input.neighbourVisits,
    writtenEvidence: input.writtenEvidence,
    dataCheck: { result: input.dataCheck.result, checkedOn: input.dataCheck.checkedOn as PlainDate, reasons: input.dataCheck.reasons },
  };
  return checkInvestigation(record, today);
}

/** The investigation record of a step, and what its timeline event shows (counts and codes only). */
async function writeInvestigation(
  records: CaseRecordsRepo,
  row: CaseListRow,
  input: CaseInvestigation,
  userId: string,
  at: string,
  visit?: { id: string; recordedAt: string },
): Promise<StepOutcome> {
  const id = randomUUID();
  await records.insertInvestigation({
    county_code: row.county_code,
    id,
    case_id: row.id,
    investigated_on: input.investigatedOn,
    investigators: json(input.investigators.map((i) => ({ name: i.name, userId: i.userId ?? null }))),
    home_visit_on: input.homeVisitOn ?? null,
    neighbour_visits: input.neighbourVisits,
    written_evidence: json(input.writtenEvidence),
    data_check_result: input.dataCheck.result,
    data_check_on: input.dataCheck.checkedOn,
    data_check_reasons: json(input.dataCheck.reasons),
    findings: input.findings,
    recorded_by: userId,
    created_at: at,
    visit_id: visit?.id ?? null,
    recorded_at: visit?.recordedAt ?? null,
  });
  return {
    payload: {
      investigationId: id,
      investigators: new Set(input.investigators.map((i) => i.name.trim())).size,
      homeVisitOn: input.homeVisitOn ?? null,
      neighbourVisits: input.neighbourVisits,
      writtenEvidence: input.writtenEvidence.length,
      dataCheck: input.dataCheck.result,
      reasons: input.dataCheck.reasons.length,
      ...(visit ? { visitId: visit.id, recordedAt: visit.recordedAt } : {}),
    },
  };
}
