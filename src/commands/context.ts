import type { Db } from '../db/connect.ts';
import { type Permission, type Role, can, ROLE_LABELS } from '../contracts/roles.ts';
import { AppError } from '../kernel/errors.ts';
import { chinaDateOf, type PlainDate } from '../kernel/plain-date.ts';
import { recordBulkRead } from '../db/read-audit.ts';

/** Who is acting: every command takes one; repositories take the area scope derived from it. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  /** 12-digit division code of the user's area. */
  areaCode: string;
}

/** What every use case receives: the database, who acts, and the clock (the one source of "now"). */
export interface CommandContext {
  db: Db;
  actor: Actor;
  clock: () => Date;
}

export function requirePermission(actor: Actor, permission: Permission): void {
  if (!can(actor.role, permission)) {
    const label = ROLE_LABELS[actor.role];
    throw new AppError(
      'PERMISSION_DENIED',
      { zh: `您的角色（${label.zh}）无权执行此操作`, en: `Your role (${label.en}) may not do this` },
      { status: 403, details: { permission } },
    );
  }
}

export function staleVersion(entity: { zh: string; en: string }): AppError {
  return new AppError(
    'STALE_VERSION',
    {
      zh: `该${entity.zh}已被其他人修改，请刷新后再保存`,
      en: `This ${entity.en} was changed by someone else; reload it and save again`,
    },
    { status: 409, field: 'version' },
  );
}

export const nowIso = (ctx: { clock: () => Date }): string => ctx.clock().toISOString();

/** "Today" on the Chinese calendar: the one place a command meets the clock as a date. */
export function todayOf(ctx: { clock: () => Date }): PlainDate {
  return chinaDateOf(ctx.clock());
}

/** The name an actor is shown by on records and documents: the display name, or the user name when there is none. */
export const actorName = (a: Pick<Actor, 'displayName' | 'username'>): string => a.displayName || a.username;

/**
 * Records that the actor read one record of personal data (issue 9 point 17: a household, a case, an enrollment, a
 * review), by group commit (ADR 0009): the caller awaits it before returning the record, so no audited read is served
 * unrecorded. `chain` is the record's county.
 */
export function recordRead(ctx: CommandContext, e: { chain: string; action: string; entityType: string; entityId: string; detail?: Record<string, unknown> }): Promise<void> {
  return recordBulkRead(ctx.db.kysely, { userId: ctx.actor.userId, username: ctx.actor.username }, { ...e, detail: e.detail ?? null }, nowIso(ctx));
}
