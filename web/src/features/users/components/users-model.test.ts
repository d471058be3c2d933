import { describe, expect, it } from 'vitest';
import type { UserView } from '#contracts/users.ts';
import { filterUsers, formFieldOf } from './users-model.ts';

const user = (username: string, o: Partial<UserView> = {}): UserView => ({
  id: username,
  username,
  displayName: `${username} 名`,
  role: 'township_caseworker',
  areaCode: '211221101000',
  active: true,
  locked: false,
  roleConfirmed: true,
  mustChangePassword: false,
  secondFactor: false,
  ...o,
});

const USERS = [
  user('wang', { displayName: '王强' }),
  user('li', { role: 'village_assistant', areaCode: '211221101200' }),
  user('zhao', { role: 'county_admin', areaCode: '211221000000', active: false }),
  user('sun', { role: 'county_admin', areaCode: '211223000000' }),
];
const names = (f: Parameters<typeof filterUsers>[1]) => filterUsers(USERS, f).map((u) => u.username);

describe('the user list filters', () => {
  it('finds a text in the login name or the display name, ignoring case and spaces around it', () => {
    expect(names({ text: ' WANG ' })).toEqual(['wang']);
    expect(names({ text: '王' })).toEqual(['wang']);
    expect(names({})).toEqual(['wang', 'li', 'zhao', 'sun']);
  });

  it('keeps a role, an area with everything below it, active or deactivated accounts', () => {
    expect(names({ role: 'county_admin' })).toEqual(['zhao', 'sun']);
    expect(names({ area: '211221101000' })).toEqual(['wang', 'li']);
    expect(names({ area: '211221000000' })).toEqual(['wang', 'li', 'zhao']);
    expect(names({ active: 'inactive' })).toEqual(['zhao']);
    expect(names({ role: 'county_admin', active: 'active' })).toEqual(['sun']);
  });

  it('puts a server error on the form field it names, others above the form', () => {
    expect(formFieldOf('area')).toBe('area');
    expect(formFieldOf('password')).toBe('password');
    expect(formFieldOf('userId')).toBeNull();
    expect(formFieldOf(undefined)).toBeNull();
  });
});
