import type { Db } from '../db/connect.ts';
import type { AuditActor } from '../db/audit.ts';
import type { Permission, Role } from '../contracts/roles.ts';
import { can, ROLE_LABELS } from '../contracts/roles.ts';
import { AppError } from '../kernel/errors.ts';
import { chinaDateOf, type PlainDate } from '../kernel/plain-date.ts';
import { recordBulkRead } from '../db/read-audit.ts';

/** Who is acting: every command takes one; repositories take the area scope derived from it. */
export interface Actor {
  /** The user's account ('' for the operator, which has none: the audit and the records name it without an id). */
  userId: string;
  username: string;
  displayName: string;
  /** The user's role (the operator's rights are `OPERATOR_PERMISSIONS`, whatever this says). */
  role: Role;
  /** 12-digit division code of the user's area. */
  areaCode: string;
  /** The server's operator (`operatorActor`): built only by the CLI and the jobs it starts, never from a session. */
  operator?: true;
}

/** What a step before sign-in receives (login, the second factor, the session itself): no one acts yet. */
export interface BaseContext {
  db: Db;
  clock: () => Date;
}

/** What every use case receives: the database, who acts, and the clock (the one source of "now"). */
export interface CommandContext extends BaseContext {
  actor: Actor;
}

/** The city doudi serves (policy/tieling): where the operator acts unless a command is given a county. */
export const CITY_AREA = '211200000000';

/**
 * What the operator may do (ADR 0024): what the server does of itself — batch jobs, rolls built, exported and
 * reconciled, accounts, the calendar, overrides proposed, the audit verified, reports read — and never a decision that
 * names its decider (a step of a case or a review, a roll's approval, an override's confirmation) nor a person's data
 * revealed: those the CLI does only `--as` a named user, with that user's role and area.
 */
const OPERATOR_PERMISSIONS: readonly Permission[] = [
  'registry.read',
  'registry.export',
  'divisions.read',
  'params.read',
  'params.manage',
  'cases.read',
  'users.manage',
  'calendar.manage',
  'audit.read',
  'compliance.read',
  'policy.simulate',
  'payroll.read',
  'payroll.build',
  'payroll.export',
  'payroll.reconcile',
  // The poverty registry's snapshots and the dual-inclusion counts (`doudi poverty snapshots`, `doudi poverty lists`): figures over the city.
  'poverty.read',
  // The township reserves' balances and ledgers (`doudi temporary reserve list|ledger`); topping up is a named approver's.
  'reserve.read',
  // The quarterly reports and bulletins (`doudi report quarterly`): figures over the city; submitting is a named approver's.
  'reports.read',
  // The 应保尽保 outreach list (`doudi outreach`): reads over the city; opening a case from it is a named caseworker's.
  'outreach.read',
  // The anomaly rules (`doudi anomalies run`, the nightly run), their findings, and the death records' import (`doudi deaths import`).
  'supervision.run',
  'findings.read',
  'deaths.import',
];

/**
 * 运维操作员 The server's operator: whoever runs `doudi` on the server (it holds the database and its key file), and the
 * jobs it starts. No account; named `cli:<login>` (or `system:<job>`), which is what the audit trail shows; acting in
 * `areaCode` (the whole city unless a county is given) with `OPERATOR_PERMISSIONS`.
 */
export function operatorActor(o: { name?: string; areaCode?: string } = {}): Actor {
  const name = o.name ?? `cli:${process.env.USER ?? 'operator'}`;
  // system_admin has no step in any case or review table: the operator never takes one.
  return { userId: '', username: name, displayName: name, role: 'system_admin', areaCode: o.areaCode ?? CITY_AREA, operator: true };
}

/** The context of the CLI and of jobs: the operator acting, on the wall clock unless told otherwise. */
export function operatorContext(db: Db, o: { name?: string; areaCode?: string; clock?: () => Date } = {}): CommandContext {
  return { db, actor: operatorActor(o), clock: o.clock ?? (() => new Date()) };
}

/** Who the audit trail (and a record's actor columns) name: the operator by its name alone. */
export const auditActor = (a: Pick<Actor, 'userId' | 'username' | 'operator'>): AuditActor => ({ userId: a.operator ? null : a.userId, username: a.username });

/** Whether the actor may: by the user's role, or the operator's own list. */
export function may(actor: Actor, permission: Permission): boolean {
  return actor.operator ? OPERATOR_PERMISSIONS.includes(permission) : can(actor.role, permission);
}

/** The server's own business, outside any area and any role (the key file): the operator's alone. */
export function requireOperator(actor: Actor): void {
  if (actor.operator) return;
  throw new AppError('PERMISSION_DENIED', { zh: '仅限服务器运维操作员（命令行）', en: 'Only the server’s operator (command line) may do this' }, { status: 403 });
}

export function requirePermission(actor: Actor, permission: Permission): void {
  if (may(actor, permission)) return;
  if (actor.operator) {
    throw new AppError(
      'PERMISSION_DENIED',
      { zh: '运维操作员不能执行此操作：请用 --as 指明作出决定的用户', en: 'The operator may not do this: name the deciding user with --as' },
      { status: 403, details: { permission } },
    );
  }
  const label = ROLE_LABELS[actor.role];
  throw new AppError(
    'PERMISSION_DENIED',
    { zh: `您的角色（${label.zh}）无权执行此操作`, en: `Your role (${label.en}) may not do this` },
    { status: 403, details: { permission } },
  );
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
  return recordBulkRead(ctx.db.kysely, auditActor(ctx.actor), { ...e, detail: e.detail ?? null }, nowIso(ctx));
}
