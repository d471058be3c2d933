import { AccountRepo } from '../../db/account-repo.ts';
import type { Db } from '../../db/connect.ts';
import type { Role } from '../../contracts/roles.ts';
import { DEMO_PASSWORD } from '../auth/demo-password.ts';
import { addUser } from './add-user.ts';
import { operatorContext } from '../context.ts';

export { DEMO_PASSWORD };

/**
 * Demo accounts created on first start of a demo system (`doudi serve --demo`, which `npm start` runs; never without
 * --demo): one per role, in 铁岭县 (211221) 新台子镇 (211221101000) and its village 懿路村 (211221101200), plus a second
 * township (阿吉镇) and county (西丰县) for scope checks. The password is public and printed at start-up, so it is
 * accepted for these accounts only. They are created directly, with their roles confirmed (ADR 0013: seeding is the
 * operator's act); the administrators and approvers among them set up their authenticator app at their first login.
 */

export const DEMO_USERS: { username: string; displayName: string; role: Role; area: string }[] = [
  { username: 'cun', displayName: '懿路村协理员 张丽', role: 'village_assistant', area: '211221101200' },
  { username: 'jingban', displayName: '新台子镇经办 王强', role: 'township_caseworker', area: '211221101000' },
  { username: 'shenhe', displayName: '新台子镇审核 李娜', role: 'township_reviewer', area: '211221101000' },
  { username: 'jingban2', displayName: '阿吉镇经办 赵磊', role: 'township_caseworker', area: '211221102000' },
  { username: 'shenpi', displayName: '铁岭县审批 刘洋', role: 'county_approver', area: '211221000000' },
  { username: 'xianadmin', displayName: '铁岭县管理员 陈静', role: 'county_admin', area: '211221000000' },
  { username: 'xifeng', displayName: '西丰县审批 孙伟', role: 'county_approver', area: '211223000000' },
  { username: 'ducha', displayName: '市局督查 周敏', role: 'city_supervisor', area: '211200000000' },
  { username: 'fupin', displayName: '市扶贫办 吴刚', role: 'poverty_liaison', area: '211200000000' },
  { username: 'shenji', displayName: '审计员 郑红', role: 'auditor', area: '211200000000' },
  { username: 'admin', displayName: '系统管理员', role: 'system_admin', area: '211200000000' },
];

/** Bootstrap (`serve --demo`): not a use case, run by the composition root as the operator `system:seed`. */
export async function seedDemoUsers(db: Db, now: Date): Promise<number> {
  const ctx = operatorContext(db, { name: 'system:seed', clock: () => now });
  let n = 0;
  for (const u of DEMO_USERS) {
    const exists = await new AccountRepo(db.kysely, null).byName(u.username.toLowerCase());
    if (exists) continue;
    await addUser(ctx, { input: { ...u, password: DEMO_PASSWORD }, allowDemoPassword: true });
    n++;
  }
  return n;
}
