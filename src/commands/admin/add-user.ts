import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/connect.ts';
import { AccountRepo } from '../../db/account-repo.ts';
import { appendAudit } from '../../db/audit.ts';
import { stateOf } from '../../db/audit-state.ts';
import { getDivision } from '../../db/division-repo.ts';
import { inScope, scopeOf } from '../../db/scope.ts';
import { ADMIN_ROLES, grantNeedsConfirmation, ROLE_AREA_LEVEL, ROLE_LABELS, ROLES, type Role } from '../../contracts/roles.ts';
import { AppError } from '../../kernel/errors.ts';
import { cleanText } from '../../kernel/text.ts';
import { hashPassword, passwordProblem } from '../auth/password.ts';
import { type CommandContext, auditActor, requirePermission } from '../context.ts';
import { isAdminRole, normaliseDisplayName, strictlyInside } from './admin-context.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';

export interface AddUserInput {
  username: string;
  displayName?: string;
  role: string;
  area: string;
  password: string;
  /** The user must choose a new password at first login (always so for an account an administrator creates). */
  mustChangePassword?: boolean;
}


/**
 * 新增用户 Creates a user bound to one area. The area's level must fit the role (a village assistant's area is a
 * village, a township reviewer's a township …). The actor is an administrator, or the operator (ADR 0013). An
 * administrator creates users only inside their area, administrators only of a smaller area, and every account they
 * create must change its password at first login; a role that decides, approves or manages users waits for a second
 * administrator's confirmation (`role_grant`, ADR 0013) and the account cannot sign in until then.
 */
export async function addUser(ctx: CommandContext, o: { input: AddUserInput; /** Demo seeding only: the published demo password is refused for every other account. */ allowDemoPassword?: boolean }): Promise<{ id: string; grantId: string | null }> {
  requirePermission(ctx.actor, 'users.manage');
  const { db } = ctx;
  const { input } = o;
  // The acting administrator's area; null: the operator (CLI, demo seeding, tests), who works in no area (ADR 0013).
  const by = { actor: auditActor(ctx.actor), areaCode: ctx.actor.operator ? null : ctx.actor.areaCode, allowDemoPassword: o.allowDemoPassword };
  if (!/^[a-z0-9_.-]{3,32}$/i.test(input.username)) {
    throw new AppError('USERNAME_FORMAT', { zh: '用户名须为 3–32 位字母、数字或 _.-', en: 'A user name is 3–32 letters, digits or _.-' }, { field: 'username' });
  }
  if (!(ROLES as readonly string[]).includes(input.role)) {
    throw new AppError('ROLE_UNKNOWN', { zh: `未知角色，可选：${ROLES.join(', ')}`, en: `Unknown role; one of: ${ROLES.join(', ')}` }, { field: 'role' });
  }
  const role = input.role as Role;
  const area = await checkRoleArea(db, role, input.area);
  if (by.areaCode && !inScope(scopeOf(by.areaCode), area)) {
    throw new AppError('AREA_FORBIDDEN', { zh: '只能在本人管辖区域内新增用户', en: 'You can only add users within your own area' }, { field: 'area', status: 403 });
  }
  if (by.areaCode && isAdminRole(role) && !strictlyInside(by.areaCode, area)) throw adminOfOwnLevel();
  // NFC, and no bidi controls or zero-width characters: a display name is shown to others as who acted (src/kernel/text.ts).
  const displayName = normaliseDisplayName(cleanText((input.displayName ?? input.username).trim(), 'displayName'));
  if (displayName.length === 0 || displayName.length > 50) {
    throw new AppError('DISPLAY_NAME_FORMAT', { zh: '显示名须为 1–50 个字符', en: 'A display name has 1–50 characters' }, { field: 'displayName' });
  }
  const weak = passwordProblem(input.password, { username: input.username, displayName, allowDemoPassword: by.allowDemoPassword });
  if (weak) throw new AppError('PASSWORD_WEAK', weak, { field: 'password' });
  const accounts = new AccountRepo(db.kysely, null);
  if (await accounts.byName(input.username.toLowerCase())) throw usernameTaken();
  await checkDisplayName(db, displayName, role, null);
  const id = randomUUID();
  const hash = await hashPassword(input.password);
  const at = ctx.clock().toISOString();
  const byAdmin = by.areaCode !== null;
  const pending = byAdmin && grantNeedsConfirmation(role);
  const grantId = pending ? randomUUID() : null;
  try {
    await db.kysely.transaction().execute(async (trx) => {
      const trxAccounts = new AccountRepo(trx, null);
      await trxAccounts.insertUser({
          id,
          username: input.username,
          display_name: displayName,
          role,
          area_code: area,
          password_hash: hash,
          failed_logins: 0,
          locked_until: null,
          active: 1,
          created_at: at,
          updated_at: at,
          version: 1,
          must_change_password: byAdmin || input.mustChangePassword ? 1 : 0,
          role_confirmed: pending ? 0 : 1,
          created_by: byAdmin ? by.actor.userId : null,
          password_changed_at: at,
          totp_secret: null,
          totp_pending: null,
          totp_enrolled_at: null,
          totp_last_step: null,
      });
      await appendAudit(trx, by.actor, { chain: 'city', action: 'user.create', entityType: 'user', entityId: id, after: await stateOf(trx, 'user', 'city', id), detail: { role, area, roleConfirmed: !pending, via: byAdmin ? 'api' : 'operator' } }, at);
      if (grantId) {
        await trxAccounts.insertGrant({ id: grantId, user_id: id, kind: 'create', role, area_code: area, from_role: null, from_area_code: null, state: 'pending', requested_by: by.actor.userId ?? '', requested_at: at, decided_by: null, decided_at: null });
        await appendAudit(trx, by.actor, { chain: 'city', action: 'user.grant_requested', entityType: 'role_grant', entityId: grantId, after: { user: id, role, area }, detail: { kind: 'create' } }, at);
      }
    });
  } catch (e) {
    if (isUniqueViolation(e)) {
      // A parallel creation won the name (or an administrator's display name) between the checks and the insert.
      const again = await accounts.byName(input.username.toLowerCase());
      throw again ? usernameTaken() : displayNameTaken();
    }
    throw e;
  }
  return { id, grantId };
}

/** The 12-digit area of a role, checked to exist and to be of the role's level. */
export async function checkRoleArea(db: Db, role: Role, input: string): Promise<string> {
  const area = input.length === 6 ? `${input}000000` : input;
  const division = await getDivision(db.kysely, area);
  if (!division) throw new AppError('DIVISION_UNKNOWN', { zh: `区划代码 ${input} 不存在`, en: `Unknown division code ${input}` }, { field: 'area' });
  const need = ROLE_AREA_LEVEL[role];
  if (division.level !== need) {
    throw new AppError(
      'ROLE_AREA_LEVEL',
      { zh: `${ROLE_LABELS[role].zh}的管辖区域须为${LEVEL_ZH[need]}级（${division.name} 是${LEVEL_ZH[division.level]}级）`, en: `A ${ROLE_LABELS[role].en}'s area must be a ${need} (${input} is a ${division.level})` },
      { field: 'area' },
    );
  }
  return area;
}

/**
 * Administrators' display names are theirs alone (issue 9 point 14: a second account took the name "系统管理员"): an
 * administrator's display name may be nobody else's, nobody takes an administrator's display name, and the names of
 * the administrator roles themselves belong to accounts of that role.
 */
export async function checkDisplayName(db: Db, displayName: string, role: Role, exceptId: string | null): Promise<void> {
  const lower = displayName.toLowerCase();
  const reservedFor = ADMIN_ROLES.find((r) => [ROLE_LABELS[r].zh, ROLE_LABELS[r].en].some((l) => l.toLowerCase() === lower));
  if (reservedFor && reservedFor !== role) throw displayNameTaken();
  const same = await new AccountRepo(db.kysely, null).withDisplayName(lower, exceptId);
  if (same.some((u) => isAdminRole(role) || isAdminRole(u.role))) throw displayNameTaken();
}

const usernameTaken = () => new AppError('USERNAME_TAKEN', { zh: '用户名已存在（不区分大小写）', en: 'This user name is taken (names ignore case)' }, { field: 'username', status: 409 });
const displayNameTaken = () =>
  new AppError('DISPLAY_NAME_TAKEN', { zh: '此显示名已被管理员使用或为管理员保留', en: 'This display name belongs to an administrator or is reserved for one' }, { field: 'displayName', status: 409 });
export const adminOfOwnLevel = () =>
  new AppError(
    'ROLE_NOT_GRANTABLE',
    { zh: '管理员只能授予下级区域的管理员角色；同级管理员由运维人员通过命令行创建', en: 'An administrator grants administrator roles only for a smaller area; administrators of the same level are created by the operator (CLI)' },
    { field: 'role', status: 403 },
  );


const LEVEL_ZH: Record<string, string> = { province: '省', city: '市', county: '县（区）', township: '乡镇（街道）', village: '村（社区）' };
