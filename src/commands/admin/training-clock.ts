import type { TrainingClockView } from '../../contracts/training-clock.ts';
import { appendAudit } from '../../db/audit.ts';
import type { Db } from '../../db/connect.ts';
import { readMeta, writeMeta } from '../../db/meta-repo.ts';
import { AppError } from '../../kernel/errors.ts';
import { chinaDateOf } from '../../kernel/plain-date.ts';
import { auditActor, type CommandContext, requirePermission } from '../context.ts';

/** Where the training offset is kept, so a restart of the demo server keeps the day the class is at. */
const OFFSET_KEY = 'training_clock_offset_days';
/** A class walks through notices and review periods, not years: at most one year ahead. */
export const MAX_TRAINING_DAYS = 366;
const DAY_MS = 86_400_000;

/**
 * 培训时钟 The system's day in a demo or training server, moved forward by an administrator so that a 7-day notice or a
 * review period can be walked through in one sitting. It exists only when `doudi serve --demo` builds one: a real
 * server has no such clock and no route to it. Sessions, second factors and rate limits keep the real time.
 */
export class TrainingClock {
  offsetDays = 0;
  private readonly real: () => Date;
  constructor(real: () => Date = () => new Date()) {
    this.real = real;
  }
  /** The business clock every command reads in a training server. */
  readonly now = (): Date => new Date(this.real().getTime() + this.offsetDays * DAY_MS);
  /** The real time: sessions (their idle and absolute timeouts) run on it, never on the training day. */
  readonly realNow = (): Date => this.real();
  async load(db: Db): Promise<this> {
    const stored = Number(await readMeta(db.kysely, OFFSET_KEY));
    this.offsetDays = Number.isInteger(stored) && stored >= 0 && stored <= MAX_TRAINING_DAYS ? stored : 0;
    return this;
  }
  view(): TrainingClockView {
    return { today: chinaDateOf(this.now()), realToday: chinaDateOf(this.real()), offsetDays: this.offsetDays, maxDays: MAX_TRAINING_DAYS };
  }
}

/**
 * Moves the training day forward by `days` (or back to the real day with `reset`), audited. Forward only: records
 * already dated in the class's future must not end up after "today".
 */
export async function setTrainingClock(ctx: CommandContext, clock: TrainingClock, input: { days?: number; reset?: boolean }): Promise<TrainingClockView> {
  requirePermission(ctx.actor, 'calendar.manage');
  const next = input.reset ? 0 : clock.offsetDays + (input.days ?? 0);
  if (!input.reset && (!Number.isInteger(input.days) || (input.days ?? 0) < 1 || next > MAX_TRAINING_DAYS)) {
    throw new AppError(
      'TRAINING_DAYS_INVALID',
      {
        zh: `前进天数须为 1 至 ${MAX_TRAINING_DAYS - clock.offsetDays} 的整数（培训时钟最多比真实日期提前 ${MAX_TRAINING_DAYS} 天）`,
        en: `Days forward must be a whole number from 1 to ${MAX_TRAINING_DAYS - clock.offsetDays} (the training clock runs at most ${MAX_TRAINING_DAYS} days ahead)`,
      },
      { field: 'days' },
    );
  }
  const before = clock.view();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await writeMeta(trx, OFFSET_KEY, String(next));
    await appendAudit(
      trx,
      auditActor(ctx.actor),
      { chain: 'city', action: input.reset ? 'training_clock.reset' : 'training_clock.advance', entityType: 'training_clock', entityId: null, detail: { from: before.today, offsetDays: next } },
      ctx.clock().toISOString(),
    );
  });
  clock.offsetDays = next;
  return clock.view();
}
