import { type Kysely, sql, type Transaction } from 'kysely';
import type { AppUserTable, Database, RecoveryCodeTable, RoleGrantTable } from './schema.ts';
import { type AreaScope, codeRange } from './scope.ts';

type Q = Kysely<Database> | Transaction<Database>;

/** A pending grant with the account it is for. */
export interface GrantRow extends RoleGrantTable {
  username: string;
  display_name: string;
  created_by: string | null;
}

/**
 * 账号 User accounts, their pending role grants (ADR 0013) and their recovery codes (ADR 0014). Bound to an area
 * scope like the case repositories: an administrator's repository sees the accounts (and grants) of their area only —
 * outside it, an account is simply not found. `null` is no area: signing in (before anyone acts) and the server's
 * operator. The one place `app_user`, `role_grant` and `recovery_code` are read and written.
 */
export class AccountRepo {
  readonly db: Q;
  readonly scope: AreaScope | null;

  constructor(db: Q, scope: AreaScope | null) {
    this.db = db;
    this.scope = scope;
  }

  /** `area_code` of `table` within the scope (a 12-digit code range, like every area filter). */
  private inArea<QB extends { where: (...args: any[]) => QB }>(q: QB, column: string): QB {
    if (!this.scope) return q;
    const [lo, hi] = codeRange(this.scope.prefix, 12);
    return q.where(column, '>=', lo).where(column, '<=', hi);
  }

  private users() {
    return this.inArea(this.db.selectFrom('app_user').selectAll(), 'area_code');
  }

  async byId(id: string): Promise<AppUserTable | undefined> {
    return this.users().where('id', '=', id).executeTakeFirst();
  }

  /** The account of a user name, whatever its case (user names are unique ignoring case): `key` is the name lower-cased. */
  async byName(key: string): Promise<AppUserTable | undefined> {
    return this.users().where(sql<string>`lower(username)`, '=', key).executeTakeFirst();
  }

  /** The accounts of the scope, by user name. */
  async list(limit: number): Promise<AppUserTable[]> {
    return this.users().orderBy('username').limit(limit).execute();
  }

  /** Accounts whose display name is `lower` (lower-cased), but `exceptId`. */
  async withDisplayName(lower: string, exceptId: string | null): Promise<Pick<AppUserTable, 'id' | 'role'>[]> {
    let q = this.db.selectFrom('app_user').select(['id', 'role']).where(sql<string>`lower(display_name)`, '=', lower);
    if (exceptId) q = q.where('id', '!=', exceptId);
    return q.execute();
  }

  async insertUser(row: AppUserTable): Promise<void> {
    await this.db.insertInto('app_user').values(row).execute();
  }

  /** A change of the account that others must see (active, password, role): its version moves on. */
  async changeUser(id: string, patch: Partial<AppUserTable>): Promise<void> {
    await this.db
      .updateTable('app_user')
      .set((eb) => ({ ...patch, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .execute();
  }

  /** The account's second-factor bookkeeping (no new version: nobody edits it concurrently). */
  async setSecondFactor(id: string, patch: Pick<Partial<AppUserTable>, 'totp_secret' | 'totp_pending' | 'totp_enrolled_at' | 'totp_last_step' | 'updated_at'>): Promise<void> {
    await this.db.updateTable('app_user').set(patch).where('id', '=', id).execute();
  }

  /** The pending secret becomes the second factor, if it is still the one confirmed; false otherwise. */
  async confirmSecondFactor(id: string, pending: string, patch: Pick<AppUserTable, 'totp_secret' | 'totp_pending' | 'totp_enrolled_at' | 'totp_last_step' | 'updated_at'>): Promise<boolean> {
    const r = await this.db.updateTable('app_user').set(patch).where('id', '=', id).where('totp_pending', '=', pending).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Records the time step of a code used, unless that step or a later one was used already (a replay): false then. */
  async useTotpStep(id: string, step: number): Promise<boolean> {
    const r = await this.db
      .updateTable('app_user')
      .set({ totp_last_step: step })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** The account's recovery codes replaced by these (none: all forgotten). */
  async replaceRecoveryCodes(userId: string, rows: readonly RecoveryCodeTable[]): Promise<void> {
    await this.db.deleteFrom('recovery_code').where('user_id', '=', userId).execute();
    if (rows.length > 0) await this.db.insertInto('recovery_code').values([...rows]).execute();
  }

  /** Uses a recovery code once; false when it is wrong or used. */
  async useRecoveryCode(userId: string, codeHash: string, at: string): Promise<boolean> {
    const r = await this.db.updateTable('recovery_code').set({ used_at: at }).where('user_id', '=', userId).where('code_hash', '=', codeHash).where('used_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async recoveryCodesLeft(userId: string): Promise<number> {
    const n = await this.db.selectFrom('recovery_code').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).where('used_at', 'is', null).executeTakeFirstOrThrow();
    return Number(n.n);
  }

  async hasPendingGrant(userId: string): Promise<boolean> {
    return (await this.db.selectFrom('role_grant').select('id').where('user_id', '=', userId).where('state', '=', 'pending').executeTakeFirst()) !== undefined;
  }

  async insertGrant(row: RoleGrantTable): Promise<void> {
    await this.db.insertInto('role_grant').values(row).execute();
  }

  /** Pending grants for an area of the scope (one, by id), oldest first. */
  async pendingGrants(o: { id?: string; limit: number }): Promise<GrantRow[]> {
    let q = this.db
      .selectFrom('role_grant')
      .innerJoin('app_user', 'app_user.id', 'role_grant.user_id')
      .selectAll('role_grant')
      .select(['app_user.username', 'app_user.display_name', 'app_user.created_by'])
      .where('role_grant.state', '=', 'pending');
    if (o.id) q = q.where('role_grant.id', '=', o.id);
    q = this.inArea(q, 'role_grant.area_code');
    return q.orderBy('role_grant.requested_at').limit(o.limit).execute();
  }

  /** Decides a pending grant; false when someone decided it first. */
  async decideGrant(id: string, state: 'confirmed' | 'refused' | 'withdrawn', by: string, at: string): Promise<boolean> {
    const r = await this.db.updateTable('role_grant').set({ state, decided_by: by, decided_at: at }).where('id', '=', id).where('state', '=', 'pending').executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
}
