import { isWithin } from '#kernel/division-code.ts';
import type { Role } from '#contracts/roles.ts';
import type { UserView } from '#contracts/users.ts';

/** The user list's filters: a text in the login or display name, a role, an area (and everything below it), active or not. */
export interface UserFilter {
  text?: string;
  role?: Role;
  area?: string;
  active?: 'active' | 'inactive';
}

export function filterUsers(users: readonly UserView[], f: UserFilter): UserView[] {
  const text = f.text?.trim().toLowerCase() ?? '';
  return users.filter(
    (u) =>
      (text === '' || u.username.toLowerCase().includes(text) || u.displayName.toLowerCase().includes(text)) &&
      (!f.role || u.role === f.role) &&
      (!f.area || isWithin(u.areaCode, f.area)) &&
      (!f.active || u.active === (f.active === 'active')),
  );
}

/** Form fields a server error may name; any other field's message shows above the form. */
export const USER_FORM_FIELDS = ['username', 'displayName', 'role', 'area', 'password'] as const;
export type UserFormField = (typeof USER_FORM_FIELDS)[number];

export function formFieldOf(field: string | undefined): UserFormField | null {
  return (USER_FORM_FIELDS as readonly string[]).includes(field ?? '') ? (field as UserFormField) : null;
}
