import { type Kysely, sql } from 'kysely';

/**
 * Accounts (issue 9, points 1, 2, 6, 14, 18, 19; ADRs 0013 and 0014):
 * - user names unique whatever their case (a unique index on the lower-cased name), and administrators' display names
 *   unique among administrators. Rows that already clash keep the oldest account as it is; each later one is renamed
 *   (`name~2`, display name `… (2)`), deactivated and signed out, so that nobody logs in to an account whose name
 *   changed under them; an administrator (or `doudi user …`) renames or reactivates it deliberately;
 * - `login_attempt`: failed logins counted per normalised user name, whether or not an account has that name
 *   (lockout answers the same for every name), incremented in one statement;
 * - `role_grant`: a role that decides or approves, or manages users, granted by an administrator waits for a second
 *   administrator's confirmation (maker ≠ checker, ADR 0013); an account created with such a role has
 *   `role_confirmed = 0` and cannot sign in until then;
 * - the second factor (TOTP, sealed secret, last accepted time step for replay protection) and one-time recovery codes
 *   stored as hashes;
 * - sessions carry the login step they have reached (password → second factor → forced password change → full).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  const add = (column: string, type: 'text' | 'integer', build?: (c: any) => any) =>
    s.alterTable('app_user').addColumn(column, type, build ?? ((c) => c)).execute();
  await add('must_change_password', 'integer', (c) => c.notNull().defaultTo(0));
  await add('role_confirmed', 'integer', (c) => c.notNull().defaultTo(1));
  await add('created_by', 'text');
  await add('password_changed_at', 'text');
  await add('totp_secret', 'text');
  await add('totp_pending', 'text');
  await add('totp_enrolled_at', 'text');
  await add('totp_last_step', 'integer');

  await settleClashes(db);
  await sql`create unique index app_user_username_ci on app_user (lower(username))`.execute(db);
  await sql`create unique index app_user_admin_display on app_user (display_name) where role in ('system_admin', 'county_admin')`.execute(db);

  await s
    .createTable('login_attempt')
    .addColumn('name_key', 'text', (c) => c.primaryKey())
    .addColumn('failed', 'integer', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .addColumn('last_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('login_attempt_last').on('login_attempt').column('last_at').execute();

  await s
    .createTable('role_grant')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('create', 'change')`))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('from_role', 'text')
    .addColumn('from_area_code', 'text')
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('pending', 'confirmed', 'refused', 'withdrawn')`))
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .execute();
  // One pending grant per account at a time.
  await sql`create unique index role_grant_pending on role_grant (user_id) where state = 'pending'`.execute(db);
  await s.createIndex('role_grant_state_area').on('role_grant').columns(['state', 'area_code']).execute();

  await s
    .createTable('recovery_code')
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addPrimaryKeyConstraint('recovery_code_pk', ['user_id', 'code_hash'])
    .execute();

  await s.alterTable('session').addColumn('stage', 'text', (c) => c.notNull().defaultTo('full')).execute();
}

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: string;
}

/** Renames, deactivates and signs out the later of accounts whose names clash (see the comment above). */
async function settleClashes(db: Kysely<unknown>): Promise<void> {
  const k = db as unknown as Kysely<{ app_user: UserRow & { active: number; created_at: string }; session: { user_id: string } }>;
  const users = await k.selectFrom('app_user').select(['id', 'username', 'display_name', 'role']).orderBy('created_at').orderBy('id').execute();
  const names = new Set<string>();
  const displays = new Set<string>();
  const taken = new Set(users.map((u) => u.username.toLowerCase()));
  const isAdmin = (role: string) => role === 'system_admin' || role === 'county_admin';
  for (const u of users) {
    const patch: Partial<UserRow> = {};
    const lower = u.username.toLowerCase();
    if (names.has(lower)) {
      let n = 2;
      while (taken.has(`${lower}~${n}`)) n++;
      patch.username = `${u.username}~${n}`;
      taken.add(`${lower}~${n}`);
    }
    names.add((patch.username ?? u.username).toLowerCase());
    if (isAdmin(u.role)) {
      if (displays.has(u.display_name)) {
        let n = 2;
        while (displays.has(`${u.display_name} (${n})`)) n++;
        patch.display_name = `${u.display_name} (${n})`;
      }
      displays.add(patch.display_name ?? u.display_name);
    }
    if (Object.keys(patch).length > 0) {
      await k.updateTable('app_user').set({ ...patch, active: 0 }).where('id', '=', u.id).execute();
      await k.deleteFrom('session').where('user_id', '=', u.id).execute();
    }
  }
}
