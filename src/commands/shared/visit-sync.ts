import { AppError } from '../../kernel/errors.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';

/** How far ahead of the server's clock a device's `recordedAt` may be (a phone's clock drifts; a visit is not recorded in the future). */
const CLOCK_SKEW_MS = 10 * 60_000;

interface Bilingual {
  zh: string;
  en: string;
}

/** What a visit was recorded against (the version and state of the case, review or row when it was downloaded). */
export interface VisitSyncBase<S extends string = string> {
  version: number;
  state: S;
}

/**
 * 离线走访同步 The one sync of a home visit recorded offline (issue 17 point 4, ADR 0051), whatever its kind (a case's
 * investigation, a review's, a screening row's): the device's time checked against the server's clock; **idempotent**
 * by the visit's id (a visit that already arrived answers what it recorded, `duplicate: true`, writing nothing); a
 * **conflict** (409 `FIELD_VISIT_CONFLICT`, naming both sides) when the thing visited moved on since the base, before
 * anything is written; otherwise the office's own command records it. Two sends racing: the loser meets the optimistic
 * lock or the unique index and then finds the winner's record.
 */
export async function syncVisit<S extends string, R>(o: {
  recordedAt: string;
  now: number;
  base: VisitSyncBase<S>;
  /** The record this visit id already made, if any (throws `visitIdTaken()` when it was for something else). */
  arrived: () => Promise<R | null>;
  /** The version and state now. */
  current: () => Promise<VisitSyncBase<S>>;
  record: () => Promise<R>;
  /** What is visited (案件, 复核, 核查台账行) and its states' names, for the conflict's words. */
  entity: Bilingual;
  stateLabel: (s: S) => Bilingual;
  /** The office command's refusal when the version it was given is no longer the row's. */
  staleCode?: string;
}): Promise<{ duplicate: boolean; result: R }> {
  if (Date.parse(o.recordedAt) > o.now + CLOCK_SKEW_MS) {
    throw new AppError(
      'FIELD_VISIT_RECORDED_LATER',
      { zh: '入户记录时间晚于服务器当前时间，请检查手机的日期和时间设置', en: 'The visit is dated after the server’s time; check the phone’s date and time' },
      { status: 422, field: 'recordedAt' },
    );
  }
  const again = await o.arrived();
  if (again) return { duplicate: true, result: again };
  const current = await o.current();
  if (current.version !== o.base.version || current.state !== o.base.state) throw visitConflict(o, current);
  try {
    return { duplicate: false, result: await o.record() };
  } catch (e) {
    if ((e instanceof AppError && e.code === (o.staleCode ?? 'STALE_VERSION')) || isUniqueViolation(e)) {
      const raced = await o.arrived();
      if (raced) return { duplicate: true, result: raced };
      throw visitConflict(o, await o.current());
    }
    throw e;
  }
}

export function visitIdTaken(): AppError {
  return new AppError('FIELD_VISIT_ID_TAKEN', { zh: '该走访编号已用于另一项走访', en: 'This visit id was used for another visit' }, { status: 409, field: 'visitId' });
}


function visitConflict<S extends string>(o: { base: VisitSyncBase<S>; entity: Bilingual; stateLabel: (s: S) => Bilingual }, current: VisitSyncBase<S>): AppError {
  const { base, entity } = o;
  const b = o.stateLabel(base.state);
  const c = o.stateLabel(current.state);
  return new AppError(
    'FIELD_VISIT_CONFLICT',
    {
      zh: `${entity.zh}在下载走访任务后已有变化：走访基于第${base.version}版（${b.zh}），现为第${current.version}版（${c.zh}）。本次入户记录未保存，仍保留在手机上，请核对后放弃或按最新${entity.zh}重新记录`,
      en: `The ${entity.en} changed after the visit was downloaded: the visit was recorded against version ${base.version} (${b.en}), the ${entity.en} is now at version ${current.version} (${c.en}). Nothing was saved; the record stays on the phone — check it, then discard it or record it again against the ${entity.en} as it is now`,
    },
    { status: 409, field: 'version', details: { base, current } },
  );
}
