import { describe, expect, it } from 'vitest';
import { can, PERMISSIONS, type Permission, ROLE_PERMISSIONS, ROLES, type Role } from './roles.ts';

/**
 * Who held each payroll permission when rolls kept a table of their own (contracts/payroll.ts, PAYROLL_ROLES, before
 * the merge into ROLE_PERMISSIONS): the merged table must grant exactly these, to exactly these roles.
 */
const PAYROLL_BEFORE_MERGE: Record<string, readonly Role[]> = {
  'payroll.read': ['county_admin', 'county_approver', 'city_supervisor', 'auditor'],
  'payroll.build': ['county_admin', 'county_approver'],
  'payroll.approve': ['county_approver'],
  'payroll.export': ['county_admin', 'county_approver'],
  'payroll.reconcile': ['county_admin', 'county_approver'],
};

describe('one permission table', () => {
  it('grants each payroll permission to the roles that held it before, and to no other', () => {
    for (const [permission, holders] of Object.entries(PAYROLL_BEFORE_MERGE)) {
      expect(PERMISSIONS).toContain(permission);
      const granted = ROLES.filter((r) => can(r, permission as Permission));
      expect([...granted].sort(), permission).toEqual([...holders].sort());
    }
    // No payroll permission exists that the old table did not know.
    expect(PERMISSIONS.filter((p) => p.startsWith('payroll.')).sort()).toEqual(Object.keys(PAYROLL_BEFORE_MERGE).sort());
  });

  it('lists only known permissions, each once per role', () => {
    for (const role of ROLES) {
      const list = ROLE_PERMISSIONS[role];
      expect(new Set(list).size, role).toBe(list.length);
      for (const p of list) expect(PERMISSIONS, `${role}: ${p}`).toContain(p);
    }
  });
});

describe('supervision permissions (issue 16, ADR 0046)', () => {
  const holders = (p: Permission) => ROLES.filter((r) => can(r, p)).sort();

  it('let the city supervisor and the county administrator run the rules, and no one else', () => {
    expect(holders('supervision.run')).toEqual(['city_supervisor', 'county_admin']);
  });

  it('let township staff up to the city, and the auditor, read findings — not the village assistant, the liaison or the system administrator', () => {
    expect(holders('findings.read')).toEqual(['auditor', 'city_supervisor', 'county_admin', 'county_approver', 'township_caseworker', 'township_reviewer']);
  });

  it('let only the county administrator import death records', () => {
    expect(holders('deaths.import')).toEqual(['county_admin']);
  });
});

describe('rectification permissions (issue 16 points 2 and 3, ADR 0048)', () => {
  const holders = (p: Permission) => ROLES.filter((r) => can(r, p)).sort();

  it('let township staff answer findings, and the county approver, the county administrator and the city supervisor verify them', () => {
    expect(holders('findings.answer')).toEqual(['township_caseworker', 'township_reviewer']);
    expect(holders('findings.verify')).toEqual(['city_supervisor', 'county_admin', 'county_approver']);
    for (const r of ROLES) expect(can(r, 'findings.answer') && can(r, 'findings.verify'), r).toBe(false);
  });

  it('let the city supervisor and the county administrator open campaigns', () => {
    expect(holders('campaigns.manage')).toEqual(['city_supervisor', 'county_admin']);
  });

  it('show accountability records to the auditor, the city supervisor and the county approver only — never to caseworkers', () => {
    expect(holders('accountability.read')).toEqual(['auditor', 'city_supervisor', 'county_approver']);
    expect(holders('accountability.record')).toEqual(['city_supervisor', 'county_approver']);
    for (const r of ['village_assistant', 'township_caseworker', 'township_reviewer'] as const) expect(can(r, 'accountability.read'), r).toBe(false);
  });
});
