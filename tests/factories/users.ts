import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { Secret, TOTP } from 'otpauth';
import type { Db } from '../../src/db/connect.ts';
import { addUser } from '../../src/commands/admin/add-user.ts';
import { provisionSecondFactor } from '../../src/commands/auth/second-factor.ts';
import type { Actor } from '../../src/commands/context.ts';
import { type Role, SECOND_FACTOR_ROLES } from '../../src/contracts/roles.ts';
import { operatorContext } from '../../src/commands/context.ts';

/** Passes the password policy (≥ 12 characters, not a common password or one made from it). */
export const TEST_PASSWORD = 'Quiet-harbor-lantern-7';

/** Areas used across tests: two sibling townships of 铁岭县, a village in the first, two counties, the city. */
export const AREAS = {
  county: '211221000000',
  otherCounty: '211223000000',
  township: '211221101000',
  siblingTownship: '211221102000',
  village: '211221101200',
  otherVillage: '211221101201',
  siblingVillage: '211221102200',
  otherCountyVillage: '211223100200',
  city: '211200000000',
} as const;

/**
 * A user made by the operator (role in effect at once, ADR 0013). A role that signs in with a second factor (ADR 0014)
 * gets a TOTP secret derived from its user name (`testTotpSecret`), so the login factories can compute its codes;
 * `{ secondFactor: false }` leaves it to enrol at its first login.
 */
export async function makeUser(db: Db, username: string, role: Role, area: string, opts: { secondFactor?: boolean } = {}): Promise<Actor> {
  const { id } = await addUser(operatorContext(db, { name: 'test' }), { input: { username, role, area, password: TEST_PASSWORD } });
  if (SECOND_FACTOR_ROLES.includes(role) && opts.secondFactor !== false) {
    await provisionSecondFactor(operatorContext(db, { name: 'test' }), { username, secret: testTotpSecret(username) });
  }
  return { userId: id, username, displayName: username, role, areaCode: area };
}

/** The TOTP secret (base32) test factories give a user: 160 bits derived from the user name. */
export function testTotpSecret(username: string): string {
  return new Secret({ buffer: Uint8Array.from(createHash('sha1').update(`doudi-test:${username.toLowerCase()}`).digest()).buffer }).base32;
}

/** The authenticator code of `secret` at `at` (the server's clock), as an app would show it. */
export function totpCode(secret: string, at: Date): string {
  return new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: at.getTime() });
}

/**
 * Tests log one user in many times within one 30-second step, and the server rightly refuses a code used before
 * (replay). Before each login the factories let the server forget the last step it accepted — as if the next step had
 * come — writing the one column directly: a test's stand-in for waiting 30 seconds, nothing the product can do.
 */
export async function forgetLastCode(db: Db, username: string): Promise<void> {
  await db.kysely.updateTable('app_user').set({ totp_last_step: null }).where(sql<string>`lower(username)`, '=', username.toLowerCase()).execute();
}
