import type { Db } from '../../src/db/connect.ts';
import { addUser } from '../../src/commands/admin/add-user.ts';
import type { Actor } from '../../src/commands/context.ts';
import type { Role } from '../../src/contracts/roles.ts';

export const TEST_PASSWORD = 'Test-pass-2019';

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

export async function makeUser(db: Db, username: string, role: Role, area: string): Promise<Actor> {
  const { id } = await addUser(db, { username, role, area, password: TEST_PASSWORD }, { actor: { userId: null, username: 'test' }, areaCode: null }, new Date());
  return { userId: id, username, displayName: username, role, areaCode: area };
}
