import { randomUUID } from 'node:crypto';
import { stateOf } from '../../db/audit-state.ts';
import type { Transaction } from 'kysely';
import { appendAudit } from '../../db/audit.ts';
import { AccountRepo, type GrantRow } from '../../db/account-repo.ts';
import type { AppUserTable, Database } from '../../db/schema.ts';
import { endSessionsOf } from '../../db/session-repo.ts';
import { inScope, scopeOf } from '../../db/scope.ts';
import { grantNeedsConfirmation, type Role, ROLES } from '../../contracts/roles.ts';
import type { GrantView, RoleChangeRequest, RoleChangeResult } from '../../contracts/users.ts';
import { AppError } from '../../kernel/errors.ts';
import { type Actor, type CommandContext, requirePermission } from '../context.ts';
import { adminOfOwnLevel, checkRoleArea } from './add-user.ts';
import { type AdminContext, accountsOf, adminContextOf, isAdminRole, manageableUser, namedAdmin, strictlyInside } from './admin-context.ts';

/**
 * 授权复核 Maker ≠ checker for roles (ADR 0013). A role that reviews, approves or manages users, granted by an
 * administrator, waits as a pending `role_grant` until a second administrator confirms it. The confirmer must:
 * hold users.manage; see the account's area; be of the requester's area or above; be neither the requester, nor the
 * account itself, nor whoever created the account, nor an account the requester created. Refusing or withdrawing
 * ends the request (and a new account that never got its role is deactivated). Every step is audited.
 */

/** 变更角色 Changes a user's role (and area): at once for a lesser role, through a pending grant otherwise. */
export async function changeRole(command: CommandContext, o: { userId: string; input: RoleChangeRequest }): Promise<RoleChangeResult> {
  const ctx = adminContextOf(command);
  const req = o.input;
  const u = await manageableUser(ctx, o.userId);
  const role = req.role as Role;
  const area = await checkRoleArea(ctx.db, role, req.area ?? u.area_code);
  if (ctx.admin) {
    if (!inScope(scopeOf(ctx.admin.areaCode), area)) {
      throw new AppError('AREA_FORBIDDEN', { zh: '只能授予本人管辖区域内的角色', en: 'You can only grant roles within your own area' }, { field: 'area', status: 403 });
    }
    if (isAdminRole(role) && !strictlyInside(ctx.admin.areaCode, area)) throw adminOfOwnLevel();
  }
  const at = ctx.clock().toISOString();
  if (await accountsOf(ctx).hasPendingGrant(u.id)) throw grantPending();
  if (ctx.admin && grantNeedsConfirmation(role)) {
    const grantId = randomUUID();
    await ctx.db.kysely.transaction().execute(async (trx) => {
      await accountsOf(ctx, trx).insertGrant({ id: grantId, user_id: u.id, kind: 'change', role, area_code: area, from_role: u.role, from_area_code: u.area_code, state: 'pending', requested_by: ctx.admin?.userId ?? '', requested_at: at, decided_by: null, decided_at: null });
      await appendAudit(trx, ctx.audit, { chain: 'city', action: 'user.grant_requested', entityType: 'role_grant', entityId: grantId, before: { role: u.role, area: u.area_code }, after: { user: u.id, role, area }, detail: { kind: 'change' } }, at);
    });
    return { applied: false, grantId };
  }
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await applyRole(trx, u, role, area, at);
    await appendAudit(
      trx,
      ctx.audit,
      { chain: 'city', action: 'user.role_changed', entityType: 'user', entityId: u.id, after: await stateOf(trx, 'user', 'city', u.id), detail: { from: { role: u.role, area: u.area_code }, role, area, via: ctx.admin ? 'api' : 'operator', revoked: grantNeedsConfirmation(u.role as Role) && !grantNeedsConfirmation(role) } },
      at,
    );
  });
  return { applied: true, grantId: null };
}

/** The new role applies at once to every request; the user's sessions end so that nobody keeps a page of the old role open (and a role that needs a second factor asks for one). */
async function applyRole(trx: Transaction<Database>, u: AppUserTable, role: Role, area: string, at: string): Promise<void> {
  await new AccountRepo(trx, null).changeUser(u.id, { role, area_code: area, role_confirmed: 1, updated_at: at });
  await endSessionsOf(trx, u.id);
}

async function grantRows(ctx: AdminContext, where: { id?: string }): Promise<GrantRow[]> {
  return accountsOf(ctx).pendingGrants({ id: where.id, limit: 500 });
}

/** Why `admin` may not confirm `g`, or null when they may. */
async function confirmProblem(ctx: AdminContext, admin: Actor, g: GrantRow): Promise<AppError | null> {
  const refuse = (code: string, zh: string, en: string) => new AppError(code, { zh, en }, { status: 403 });
  if (g.requested_by === admin.userId) return refuse('GRANT_OWN_REQUEST', '不能确认自己发起的授权，须由另一名管理员确认', 'You cannot confirm your own request: another administrator must');
  if (g.user_id === admin.userId) return refuse('GRANT_OWN_ACCOUNT', '不能确认授予自己的角色', 'You cannot confirm a role granted to yourself');
  if (g.created_by === admin.userId) return refuse('GRANT_CREATOR', '不能确认授予自己所建账号的角色', 'You cannot confirm a role for an account you created');
  // The confirmer's own account and the requester's may lie outside the confirmer's area: read without one.
  const accounts = new AccountRepo(ctx.db.kysely, null);
  const me = await accounts.byId(admin.userId);
  if (me?.created_by && me.created_by === g.requested_by) {
    return refuse('GRANT_CREATED_BY_REQUESTER', '您的账号由发起人创建，不能确认其授权', 'Your account was created by the requesting administrator: you cannot confirm their request');
  }
  const requester = await accounts.byId(g.requested_by);
  if (!requester || !inScope(scopeOf(admin.areaCode), requester.area_code)) {
    return refuse('GRANT_LEVEL', '须由与发起人同级或更高级别区域的管理员确认', 'An administrator of the requester’s area or above must confirm');
  }
  return null;
}

/** 待确认授权 Pending grants within the administrator's area (the operator sees all). */
export async function listGrants(command: CommandContext): Promise<GrantView[]> {
  const ctx = adminContextOf(command);
  if (ctx.admin) requirePermission(ctx.admin, 'users.manage');
  const rows = await grantRows(ctx, {});
  const names = new Map<string, string>();
  for (const id of new Set(rows.map((r) => r.requested_by))) {
    const r = await new AccountRepo(ctx.db.kysely, null).byId(id);
    names.set(id, r?.username ?? id);
  }
  const out: GrantView[] = [];
  for (const g of rows) {
    out.push({
      id: g.id,
      kind: g.kind,
      userId: g.user_id,
      username: g.username,
      displayName: g.display_name,
      role: g.role as Role,
      areaCode: g.area_code,
      fromRole: (ROLES as readonly string[]).includes(g.from_role ?? '') ? (g.from_role as Role) : null,
      requestedBy: names.get(g.requested_by) ?? g.requested_by,
      requestedAt: g.requested_at,
      canConfirm: ctx.admin ? (await confirmProblem(ctx, ctx.admin, g)) === null : false,
    });
  }
  return out;
}

async function pendingGrant(ctx: AdminContext, grantId: string): Promise<GrantRow> {
  const [g] = await grantRows(ctx, { id: grantId });
  if (!g) throw new AppError('GRANT_NOT_FOUND', { zh: '没有此待确认授权（可能已处理）', en: 'No such pending grant (it may have been decided)' }, { status: 404 });
  return g;
}

/** Marks a pending grant decided; false when someone else decided it first. */
async function decide(trx: Transaction<Database>, g: GrantRow, state: 'confirmed' | 'refused' | 'withdrawn', by: string, at: string): Promise<void> {
  if (!(await new AccountRepo(trx, null).decideGrant(g.id, state, by, at))) {
    throw new AppError('GRANT_DECIDED', { zh: '此授权已被他人处理', en: 'Someone else decided this grant already' }, { status: 409 });
  }
}

/** 确认授权 A second administrator confirms: the role takes effect (a new account can sign in). Always a named administrator. */
export async function confirmGrant(command: CommandContext, o: { grantId: string }): Promise<void> {
  const ctx = namedAdmin(command);
  requirePermission(ctx.admin, 'users.manage');
  const g = await pendingGrant(ctx, o.grantId);
  const problem = await confirmProblem(ctx, ctx.admin, g);
  if (problem) throw problem;
  const u = await new AccountRepo(ctx.db.kysely, null).byId(g.user_id);
  if (!u) throw new Error(`confirmGrant: no account ${g.user_id}`);
  const at = ctx.clock().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await decide(trx, g, 'confirmed', ctx.admin.userId, at);
    if (g.kind === 'create') await new AccountRepo(trx, null).changeUser(u.id, { role_confirmed: 1, updated_at: at });
    else await applyRole(trx, u, g.role as Role, g.area_code, at);
    await appendAudit(trx, ctx.audit, { chain: 'city', action: 'user.grant_confirmed', entityType: 'role_grant', entityId: g.id, after: { user: u.id, role: g.role, area: g.area_code }, detail: { kind: g.kind, requestedBy: g.requested_by } }, at);
    // The account's own state after the grant, for audit verify --deep (ADR 0015).
    await appendAudit(trx, ctx.audit, { chain: 'city', action: 'user.role_confirmed', entityType: 'user', entityId: u.id, after: await stateOf(trx, 'user', 'city', u.id), detail: { grant: g.id } }, at);
  });
}

/**
 * 驳回 / 撤回 Another administrator (who could see it) refuses a grant, or its requester withdraws it. A new account
 * whose role was refused is deactivated: it never had a confirmed role.
 */
export async function refuseGrant(command: CommandContext, o: { grantId: string }): Promise<{ state: 'refused' | 'withdrawn' }> {
  const ctx = namedAdmin(command);
  requirePermission(ctx.admin, 'users.manage');
  const g = await pendingGrant(ctx, o.grantId);
  const state = g.requested_by === ctx.admin.userId ? 'withdrawn' : 'refused';
  const at = ctx.clock().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await decide(trx, g, state, ctx.admin.userId, at);
    if (g.kind === 'create') {
      await new AccountRepo(trx, null).changeUser(g.user_id, { active: 0, updated_at: at });
      await endSessionsOf(trx, g.user_id);
      await appendAudit(trx, ctx.audit, { chain: 'city', action: 'user.deactivated', entityType: 'user', entityId: g.user_id, after: await stateOf(trx, 'user', 'city', g.user_id), detail: { grant: g.id } }, at);
    }
    await appendAudit(trx, ctx.audit, { chain: 'city', action: state === 'refused' ? 'user.grant_refused' : 'user.grant_withdrawn', entityType: 'role_grant', entityId: g.id, after: { user: g.user_id, role: g.role, area: g.area_code }, detail: { kind: g.kind } }, at);
  });
  return { state };
}

const grantPending = () => new AppError('GRANT_PENDING', { zh: '此用户已有待确认的授权，请先确认或撤回', en: 'This user has a pending grant: confirm or withdraw it first' }, { status: 409 });
