import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/connect.ts';
import { appendAudit, type AuditActor } from '../../db/audit.ts';
import { stateOf } from '../../db/audit-state.ts';
import { getDivision } from '../../db/division-repo.ts';
import { inScope, scopeOf } from '../../db/scope.ts';
import { ROLE_AREA_LEVEL, ROLE_LABELS, ROLES, type Role } from '../../contracts/roles.ts';
import { AppError } from '../../kernel/errors.ts';
import { hashPassword, passwordProblem } from '../auth/password.ts';

export interface AddUserInput {
  username: string;
  displayName?: string;
  role: string;
  area: string;
  password: string;
}

/**
 * 新增用户 Creates a user bound to one area. The area's level must fit the role (a village assistant's area is a
 * village, a township reviewer's a township …). `by` is the acting administrator (null from the CLI, which
 * runs with the operator's own rights on the server); an administrator can only create users inside their area.
 */
export async function addUser(db: Db, input: AddUserInput, by: { actor: AuditActor; areaCode: string | null }, now: Date): Promise<{ id: string }> {
  if (!/^[a-z0-9_.-]{3,32}$/i.test(input.username)) {
    throw new AppError('USERNAME_FORMAT', { zh: '用户名须为 3–32 位字母、数字或 _.-', en: 'A user name is 3–32 letters, digits or _.-' }, { field: 'username' });
  }
  if (!(ROLES as readonly string[]).includes(input.role)) {
    throw new AppError('ROLE_UNKNOWN', { zh: `未知角色，可选：${ROLES.join(', ')}`, en: `Unknown role; one of: ${ROLES.join(', ')}` }, { field: 'role' });
  }
  const role = input.role as Role;
  const area = input.area.length === 6 ? `${input.area}000000` : input.area;
  const division = await getDivision(db.kysely, area);
  if (!division) throw new AppError('DIVISION_UNKNOWN', { zh: `区划代码 ${input.area} 不存在`, en: `Unknown division code ${input.area}` }, { field: 'area' });
  const need = ROLE_AREA_LEVEL[role];
  if (division.level !== need) {
    throw new AppError(
      'ROLE_AREA_LEVEL',
      { zh: `${ROLE_LABELS[role].zh}的管辖区域须为${LEVEL_ZH[need]}级（${division.name} 是${LEVEL_ZH[division.level]}级）`, en: `A ${ROLE_LABELS[role].en}'s area must be a ${need} (${input.area} is a ${division.level})` },
      { field: 'area' },
    );
  }
  if (by.areaCode && !inScope(scopeOf(by.areaCode), area)) {
    throw new AppError('AREA_FORBIDDEN', { zh: '只能在本人管辖区域内新增用户', en: 'You can only add users within your own area' }, { field: 'area', status: 403 });
  }
  const weak = passwordProblem(input.password);
  if (weak) throw new AppError('PASSWORD_WEAK', weak, { field: 'password' });
  const exists = await db.kysely.selectFrom('app_user').select('id').where('username', '=', input.username).executeTakeFirst();
  if (exists) throw new AppError('USERNAME_TAKEN', { zh: '用户名已存在', en: 'This user name is taken' }, { field: 'username', status: 409 });
  const id = randomUUID();
  const hash = await hashPassword(input.password);
  const at = now.toISOString();
  await db.kysely.transaction().execute(async (trx) => {
    await trx
      .insertInto('app_user')
      .values({ id, username: input.username, display_name: input.displayName ?? input.username, role, area_code: area, password_hash: hash, failed_logins: 0, locked_until: null, active: 1, created_at: at, updated_at: at, version: 1 })
      .execute();
    await appendAudit(trx, by.actor, { chain: 'city', action: 'user.create', entityType: 'user', entityId: id, after: await stateOf(trx, 'user', 'city', id), detail: { role, area } }, at);
  });
  return { id };
}

const LEVEL_ZH: Record<string, string> = { province: '省', city: '市', county: '县（区）', township: '乡镇（街道）', village: '村（社区）' };
