import type { Db } from '../../db/connect.ts';
import { AppError } from '../../kernel/errors.ts';
import { operatorContext } from '../context.ts';
import { startRunJob } from './jobs.ts';

/** China is UTC+8 all year (no daylight saving). */
const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** When the nightly run starts, China time: `DOUDI_NIGHTLY_ANOMALIES` = `HH:MM`, `off`, or unset (02:00). */
export function nightlyTime(text: string | undefined): { hour: number; minute: number } | null {
  const t = (text ?? '').trim().toLowerCase();
  if (t === '') return { hour: 2, minute: 0 };
  if (t === 'off' || t === '0' || t === 'false') return null;
  const m = /^(\d{1,2}):(\d{2})$/.exec(t);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) {
    throw new AppError('NIGHTLY_TIME_INVALID', { zh: `DOUDI_NIGHTLY_ANOMALIES 应为 HH:MM 或 off：${text}`, en: `DOUDI_NIGHTLY_ANOMALIES takes HH:MM or off: ${text}` }, { field: 'DOUDI_NIGHTLY_ANOMALIES' });
  }
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

/** Milliseconds from `now` to the next `hour:minute` China time (a full day when it is that minute now). */
export function msUntilNext(now: Date, at: { hour: number; minute: number }): number {
  const china = now.getTime() + CHINA_OFFSET_MS;
  const since = ((china % DAY_MS) + DAY_MS) % DAY_MS;
  const target = (at.hour * 60 + at.minute) * 60_000;
  const wait = target - since;
  return wait > 0 ? wait : wait + DAY_MS;
}

/**
 * 每夜运行 The anomaly rules every night, started by `doudi serve` (ADR 0046): a timer in the server's process starts the
 * run job over the whole city as the operator `system:nightly-anomalies` (ADR 0024), the same job as the UI's; a run
 * still going is joined, an interrupted one resumed. The timer keeps no process alive. Returns the stop function.
 */
export function startNightlyRuns(db: Db, at: { hour: number; minute: number }, log: (line: string) => void = () => {}): () => void {
  let timer: NodeJS.Timeout | null = null;
  const arm = () => {
    timer = setTimeout(fire, msUntilNext(new Date(), at));
    timer.unref();
  };
  const fire = () => {
    startRunJob(operatorContext(db, { name: 'system:nightly-anomalies' }), { trigger: 'nightly' })
      .then((r) => log(`异常规则每夜运行 nightly anomaly run ${r.id}: ${r.status}`))
      .catch((e: unknown) => log(`异常规则每夜运行失败 nightly anomaly run failed: ${(e as Error)?.message ?? String(e)}`))
      .finally(arm);
  };
  arm();
  return () => {
    if (timer) clearTimeout(timer);
  };
}
