import type { FieldVisitSync, FieldVisitSynced } from '../../contracts/field-visits.ts';
import { CaseRecordsRepo } from '../../db/case-records-repo.ts';
import { AppError } from '../../kernel/errors.ts';
import { type CaseState, STATE_LABELS } from '../../workflow/case-types.ts';
import { type CommandContext, requirePermission } from '../context.ts';
import { type CaseRef, casesFor, requireCase, stateOf } from './case-context.ts';
import { getCase } from './get-case.ts';
import { recordInvestigation } from './record-investigation.ts';

/** How far ahead of the server's clock a device's `recordedAt` may be (a phone's clock drifts; a visit is not recorded in the future). */
const CLOCK_SKEW_MS = 10 * 60_000;

/**
 * 同步入户调查 A home visit recorded offline on a phone arrives (issue 17 point 4, ADR 0051). Its photos and signatures
 * were uploaded before as case files of the investigate step (the upload route); this records the investigation
 * through the office's own command (`recordInvestigation`: the same validation, refusals, audit event and timeline),
 * keeping the time it was recorded in the home (`recordedAt`, the device's clock) beside the time it arrived.
 * - **Idempotent**: the visit's client-generated id is the key. A visit that already arrived (a sync interrupted after
 *   the server accepted it) answers the case as it stands with `duplicate: true` and records nothing again.
 * - **Conflict**: the visit was recorded against a base (the case's version and state when downloaded). If the case
 *   has moved on since — another user recorded the investigation, the case was withdrawn or returned — the server
 *   refuses with 409 `FIELD_VISIT_CONFLICT` naming both sides, and nothing is written; the device keeps the record.
 */
export async function syncFieldVisit(ctx: CommandContext, props: { ref: CaseRef; input: FieldVisitSync }): Promise<FieldVisitSynced> {
  requirePermission(ctx.actor, 'cases.investigate');
  const { visitId, recordedAt, baseState, ...investigation } = props.input;
  const now = ctx.clock().getTime();
  if (Date.parse(recordedAt) > now + CLOCK_SKEW_MS) {
    throw new AppError(
      'FIELD_VISIT_RECORDED_LATER',
      { zh: '入户记录时间晚于服务器当前时间，请检查手机的日期和时间设置', en: 'The visit is dated after the server’s time; check the phone’s date and time' },
      { status: 422, field: 'recordedAt' },
    );
  }
  const row = await requireCase(casesFor(ctx), props.ref);
  const records = new CaseRecordsRepo(ctx.db.kysely);
  const arrived = async (): Promise<FieldVisitSynced | null> => {
    const earlier = await records.investigationByVisit(row.county_code, visitId);
    if (!earlier) return null;
    if (earlier.case_id !== row.id) {
      throw new AppError('FIELD_VISIT_ID_TAKEN', { zh: '该走访编号已用于另一个案件', en: 'This visit id was used for another case' }, { status: 409, field: 'visitId' });
    }
    return { duplicate: true, case: await getCase(ctx, props.ref) };
  };
  const again = await arrived();
  if (again) return again;
  const current = { version: Number(row.version), state: stateOf(row) };
  if (current.version !== investigation.version || current.state !== baseState) throw conflict({ version: investigation.version, state: baseState }, current);
  try {
    const detail = await recordInvestigation(ctx, { ref: props.ref, input: investigation, visit: { id: visitId, recordedAt } });
    return { duplicate: false, case: detail };
  } catch (e) {
    // Two sends of the same visit at once: the one that lost the race finds the other's record.
    if ((e instanceof AppError && e.code === 'STALE_VERSION') || isUniqueViolation(e)) {
      const raced = await arrived();
      if (raced) return raced;
      const now = await requireCase(casesFor(ctx), props.ref);
      throw conflict({ version: investigation.version, state: baseState }, { version: Number(now.version), state: stateOf(now) });
    }
    throw e;
  }
}

function isUniqueViolation(e: unknown): boolean {
  const x = e as { code?: string; message?: string };
  return x?.code === '23505' || /UNIQUE constraint failed/.test(String(x?.message ?? ''));
}

function conflict(base: { version: number; state: CaseState }, current: { version: number; state: CaseState }): AppError {
  const b = STATE_LABELS[base.state];
  const c = STATE_LABELS[current.state];
  return new AppError(
    'FIELD_VISIT_CONFLICT',
    {
      zh: `案件在下载走访任务后已有变化：走访基于第${base.version}版（${b.zh}），现为第${current.version}版（${c.zh}）。本次入户记录未保存，仍保留在手机上，请核对后放弃或按最新案件重新记录`,
      en: `The case changed after the visit was downloaded: the visit was recorded against version ${base.version} (${b.en}), the case is now at version ${current.version} (${c.en}). Nothing was saved; the record stays on the phone — check it, then discard it or record it again against the case as it is now`,
    },
    { status: 409, field: 'version', details: { base, current } },
  );
}
