import type { Transaction } from 'kysely';
import type { CaseDetail } from '../../contracts/cases.ts';
import { CaseRecordsRepo } from '../../db/case-records-repo.ts';
import { TemporaryRepo } from '../../db/temporary-repo.ts';
import { type CaseListRow, type CaseRepo, NO_DEADLINE } from '../../db/case-repo.ts';
import type { AssistanceCaseTable, Database } from '../../db/schema.ts';
import type { PlainDate } from '../../kernel/plain-date.ts';
import type { WorkingCalendar } from '../../kernel/working-days.ts';
import { type CaseState, isFinal, type Step } from '../../workflow/case-types.ts';
import { dueDate } from '../../workflow/deadlines.ts';
import { type ProcedureRules, procedureRulesById, type RuleSetId } from '../../workflow/procedure-rules.ts';
import type { Refusal } from '../../workflow/refusals.ts';
import { checkStep, TRANSITIONS } from '../../workflow/transitions.ts';
import { loadWorkingCalendar } from '../shared/working-calendar.ts';
import { type CommandContext, may, requirePermission, staleVersion, todayOf } from '../context.ts';
import { CASE, type CaseRef, casesFor, factsOf, kindOf, requireCase, stateOf } from './case-context.ts';
import { refusalError } from '../shared/refusal-error.ts';
import { fourDeliberationFacts, fourDeliberationRows } from './four-deliberations.ts';
import { loadCaseDetail } from './get-case.ts';
import { recordStep } from './record-event.ts';
import { documentsMissing, missingDocuments } from './case-files.ts';
import { issueDocument } from '../shared/issue-document.ts';
import type { NumberedKind } from '../../kernel/document-number.ts';

export interface StepScope {
  trx: Transaction<Database>;
  repo: CaseRepo;
  records: CaseRecordsRepo;
  row: CaseListRow;
  today: PlainDate;
  at: string;
  rules: ProcedureRules;
  calendar: WorkingCalendar;
}

export interface StepOutcome {
  /** The step's own changes to the case (notice end, spot-check status, proposed amount…). */
  patch?: Partial<AssistanceCaseTable>;
  /** What the timeline shows for the step: ids, codes, dates and counts only. */
  payload?: Record<string, unknown>;
}

/** The steps that issue a numbered document to the applicant (ADR 0030), with the kind and the issuing level. */
const ISSUES: Partial<Record<Step, { kind: NumberedKind; issuer: 'county' | 'township' }>> = {
  accept: { kind: 'acceptance', issuer: 'township' },
  request_missing: { kind: 'missing', issuer: 'township' },
  close_ineligible: { kind: 'refusal', issuer: 'township' },
  refuse: { kind: 'refusal', issuer: 'county' },
  approve: { kind: 'approval', issuer: 'county' },
};

const NOTICE_STATES: ReadonlySet<CaseState> = new Set(['village_notice', 'county_notice']);

export function rowOnly(row: CaseListRow): AssistanceCaseTable {
  const { applicant_name: _n, applicant_id_sealed: _i, member_count: _m, ...rest } = row;
  return rest;
}

/**
 * Every step of a case runs through here, in this order: authorize (permission), then in one transaction read the
 * case through the area scope, check the version the user saw, ask the workflow whether the step may be taken
 * (state, role, guards), check the step's record, take the optimistic lock, write the step's records, move the
 * case and its clock, and write the timeline event and the audit event. Any refusal leaves nothing written.
 */
export async function runStep(
  ctx: CommandContext,
  o: {
    ref: CaseRef;
    version: number;
    step: Step | ((row: CaseListRow) => Step);
    attachments?: readonly string[];
    validate?: (row: CaseListRow, today: PlainDate) => Refusal | null;
    act?: (s: StepScope) => Promise<StepOutcome | undefined>;
  },
): Promise<CaseDetail> {
  requirePermission(ctx.actor, 'cases.read');
  // Before the case is read: the step's permission in some kind of case (temporary aid approves with its own).
  if (typeof o.step === 'string') {
    const step = o.step;
    const held = Object.values(TRANSITIONS).find((t) => t[step].roles.length > 0 && may(ctx.actor, t[step].permission));
    requirePermission(ctx.actor, (held ?? TRANSITIONS.dibao_household)[step].permission);
  }
  const calendar = await loadWorkingCalendar(ctx.db);
  const today = todayOf(ctx);
  const at = ctx.clock().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const repo = casesFor(ctx, trx);
    const row = await requireCase(repo, o.ref);
    if (Number(row.version) !== o.version) throw staleVersion(CASE);
    const step = typeof o.step === 'string' ? o.step : o.step(row);
    requirePermission(ctx.actor, TRANSITIONS[kindOf(row)][step].permission);
    const from = stateOf(row);
    const reviewers = await repo.actorsOf(row.county_code, row.id, 'township_review');
    const fd = fourDeliberationFacts(await fourDeliberationRows(trx, row.county_code, row.id));
    const temporary = row.program === 'temporary' ? new TemporaryRepo(trx, repo.scope) : null;
    const facts = { ...factsOf(row, ctx.actor, today, reviewers, fd), ...(temporary ? await temporary.factsOf(row.county_code, row.id) : {}) };
    const check = checkStep(kindOf(row), from, step, facts);
    if (!check.ok) throw refusalError(check.refusal);
    const bad = o.validate?.(row, today);
    if (bad) throw refusalError(bad);
    // 必备材料 A step cannot be completed without the documents it requires (ADR 0049).
    const missingDocs = await missingDocuments(trx, row, step);
    if (missingDocs.length) throw documentsMissing(step, missingDocs);
    if (!(await repo.claim(row.county_code, row.id, o.version, at))) throw staleVersion(CASE);

    const rules = procedureRulesById(row.program, row.rule_set as RuleSetId);
    const records = new CaseRecordsRepo(trx);
    const outcome = (await o.act?.({ trx, repo, records, row, today, at, rules, calendar })) ?? {};
    const to = check.to;
    const before = rowOnly(row);
    const merged: AssistanceCaseTable = { ...before, ...outcome.patch };
    const after: AssistanceCaseTable = {
      ...merged,
      state: to,
      version: o.version + 1,
      state_since: to !== from ? today : before.state_since,
      accepted_on: step === 'accept' ? today : merged.accepted_on,
      county_review_since: to === 'county_review' && from !== 'county_review' ? today : merged.county_review_since,
      notice_ends_on: NOTICE_STATES.has(to) ? merged.notice_ends_on : null,
      // A household may have several temporary-aid cases open (one per event): only the monthly programs are one at a time.
      open_program: isFinal(to) || before.program === 'temporary' ? null : before.program,
      updated_at: at,
    };
    after.due_date =
      dueDate(
        {
          state: to,
          rules,
          stateSince: after.state_since as PlainDate,
          acceptedOn: after.accepted_on as PlainDate | null,
          noticeEndsOn: after.notice_ends_on as PlainDate | null,
          countyReviewSince: after.county_review_since as PlainDate | null,
          countyObjectionOn: after.county_objection_on as PlainDate | null,
          paperworkDue: to === 'paid_first' ? (before.due_date as PlainDate) : null,
        },
        calendar,
      ) ?? NO_DEADLINE;
    const { county_code: _c, id: _i, ...patch } = after;
    await repo.patchCase(row.county_code, row.id, patch);
    if (isFinal(to)) await records.supersedeNotices(row.county_code, row.id, today);
    // 临时救助: the outcome settled in the step's transaction; money paid first and not approved is owed back.
    if (isFinal(to) && temporary) await temporary.settle(row.county_code, row.id, to, at);
    const issues = ISSUES[step];
    const issued = issues ? await issueDocument(trx, ctx.actor, { countyCode: row.county_code, kind: issues.kind, issuer: issues.issuer, today, at, caseId: row.id }) : null;
    const payload = issued ? { ...outcome.payload, documentNumber: issued.number } : outcome.payload;
    await recordStep(trx, repo, { actor: ctx.actor, at, before, after, step, from, to, payload, attachments: o.attachments });
    return loadCaseDetail(ctx, trx, o.ref);
  });
}
