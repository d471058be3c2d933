import { describe, expect, it } from 'vitest';
import { can, ROLE_PERMISSIONS, ROLES } from '#contracts/roles.ts';
import { en, zhCN } from './messages.ts';
import { anyOf, landingPath, mayUse, NAVIGATION, pagePermission, selectedEntry, visibleNavigation } from './navigation.ts';

const lookup = (tree: unknown, key: string): unknown => key.split('.').reduce<unknown>((node, k) => (node as Record<string, unknown> | undefined)?.[k], tree);
const pathsOf = (role: (typeof ROLES)[number]) => visibleNavigation(ROLE_PERMISSIONS[role]).flatMap((g) => g.entries.map((e) => e.path));

describe('navigation by role (issue 11 point 11)', () => {
  it.each(ROLES)('%s: every menu entry leads to a page its role may use', (role) => {
    for (const group of visibleNavigation(ROLE_PERMISSIONS[role])) {
      expect(group.entries.length, group.key).toBeGreaterThan(0);
      for (const entry of group.entries) {
        const needed = pagePermission(entry.path);
        expect(needed, entry.path).not.toBeNull();
        expect(anyOf(needed!).some((p) => can(role, p)), `${role} → ${entry.path}`).toBe(true);
      }
    }
  });

  it.each(ROLES)('%s: lands on a page of its menu that it may use, or on the page saying there is none', (role) => {
    const landing = landingPath(ROLE_PERMISSIONS[role]);
    if (landing === null) {
      expect(pathsOf(role)).toEqual([]);
      return;
    }
    expect(pathsOf(role)[0]).toBe(landing);
    expect(anyOf(pagePermission(landing)!).some((p) => can(role, p))).toBe(true);
  });

  it.each(ROLES)('%s: sees every entry it may use and none other', (role) => {
    const all = NAVIGATION.flatMap((g) => g.entries);
    expect(pathsOf(role)).toEqual(all.filter((e) => anyOf(e.permission).some((p) => can(role, p))).map((e) => e.path));
  });

  it('the administrator no longer lands on the registry (the refusal it saw); the liaison lands on the poverty snapshots', () => {
    expect(landingPath(ROLE_PERMISSIONS.system_admin)).toBe('/users');
    expect(pathsOf('system_admin')).toEqual(['/users', '/users/grants', '/calendar', '/calculator', '/parameters', '/compliance', '/divisions']);
    expect(landingPath(ROLE_PERMISSIONS.poverty_liaison)).toBe('/poverty');
    expect(pathsOf('poverty_liaison')).toEqual(['/poverty', '/poverty/snapshots', '/poverty/import', '/calculator', '/parameters', '/divisions']);
    // 扶贫衔接: the snapshots for every role reading the poverty registry, the import for the liaison alone.
    expect(pathsOf('township_caseworker')).toContain('/poverty/snapshots');
    expect(pathsOf('township_caseworker')).not.toContain('/poverty/import');
    expect(pathsOf('system_admin')).not.toContain('/poverty/snapshots');
    expect(landingPath(ROLE_PERMISSIONS.township_caseworker)).toBe('/registry');
  });

  it('the screening campaign is in 扶贫衔接 for the case roles, the county, the city and the auditor, never the liaison', () => {
    expect(NAVIGATION.find((g) => g.key === 'g-poverty')?.entries.map((e) => e.path)).toContain('/screening');
    for (const role of ['village_assistant', 'township_caseworker', 'county_admin', 'city_supervisor', 'auditor'] as const) expect(pathsOf(role)).toContain('/screening');
    expect(pathsOf('poverty_liaison')).not.toContain('/screening');
    expect(pathsOf('system_admin')).not.toContain('/screening');
    expect(pagePermission('/screening/211221/c1')).toBe('screening.read');
  });

  it('the township reserve ledger is in 临时救助 for the township, the county, the city and the auditor', () => {
    expect(NAVIGATION.find((g) => g.key === 'g-temporary')?.entries.map((e) => e.path)).toContain('/temporary/reserves');
    for (const role of ['township_caseworker', 'township_reviewer', 'county_approver', 'county_admin', 'city_supervisor', 'auditor'] as const) expect(pathsOf(role)).toContain('/temporary/reserves');
    for (const role of ['village_assistant', 'poverty_liaison', 'system_admin'] as const) expect(pathsOf(role)).not.toContain('/temporary/reserves');
    expect(pagePermission('/temporary/reserves/211221101000')).toBe('reserve.read');
    expect(lookup(zhCN, 'temporaryReserve.navGroup')).toBe('临时救助');
  });

  it('先行救助登记 for the township caseworker only; the overdue paperwork for every case reader (the county, the city, the township’s own)', () => {
    expect(NAVIGATION.find((g) => g.key === 'g-temporary')?.entries.map((e) => e.path)).toEqual(['/temporary/new', '/temporary/overdue', '/temporary/reserves', '/temporary/batches']);
    // The batches are payment rolls: county staff and the city's readers, not the townships.
    for (const role of ['county_approver', 'county_admin', 'city_supervisor', 'auditor'] as const) expect(pathsOf(role)).toContain('/temporary/batches');
    for (const role of ['township_caseworker', 'township_reviewer', 'village_assistant'] as const) expect(pathsOf(role)).not.toContain('/temporary/batches');
    expect(pathsOf('township_caseworker')).toContain('/temporary/new');
    for (const role of ['township_reviewer', 'county_approver', 'county_admin', 'city_supervisor', 'village_assistant', 'auditor', 'poverty_liaison', 'system_admin'] as const) expect(pathsOf(role)).not.toContain('/temporary/new');
    for (const role of ['township_caseworker', 'township_reviewer', 'county_approver', 'county_admin', 'city_supervisor'] as const) expect(pathsOf(role)).toContain('/temporary/overdue');
    for (const role of ['poverty_liaison', 'system_admin'] as const) expect(pathsOf(role)).not.toContain('/temporary/overdue');
    expect(pagePermission('/temporary/new')).toBe('temporary.record');
    expect(pagePermission('/temporary/overdue')).toBe('cases.read');
    expect(lookup(zhCN, 'temporary.nav.record')).toBe('先行救助登记');
    expect(lookup(zhCN, 'temporary.nav.overdue')).toBe('补办手续逾期');
  });

  it('监督整改: the overdue rectifications and the campaigns for every reader of findings; a finding’s page guarded by findings.read', () => {
    expect(NAVIGATION.find((g) => g.key === 'g-rectification')?.entries.map((e) => e.path)).toEqual(['/findings/overdue', '/campaigns']);
    for (const role of ['township_caseworker', 'township_reviewer', 'county_approver', 'county_admin', 'city_supervisor', 'auditor'] as const) {
      expect(pathsOf(role)).toContain('/findings/overdue');
      expect(pathsOf(role)).toContain('/campaigns');
    }
    for (const role of ['village_assistant', 'poverty_liaison', 'system_admin'] as const) expect(pathsOf(role)).not.toContain('/campaigns');
    // A finding's page is routed under the overdue entry (router.tsx) until the findings list (/findings) has its own.
    expect(pagePermission('/findings/overdue')).toBe('findings.read');
    expect(pagePermission('/campaigns/c1')).toBe('findings.read');
    expect(lookup(zhCN, 'rectification.nav.group')).toBe('监督整改');
    expect(lookup(en, 'rectification.nav.campaigns')).toBe('Special campaigns');
  });

  it('a user holding no permission has no entry and no landing page', () => {
    expect(visibleNavigation([])).toEqual([]);
    expect(landingPath([])).toBeNull();
  });

  it('guards sub-pages by their entry and highlights the entry they lie under', () => {
    expect(pagePermission('/registry/211221/h1/edit')).toBe('registry.read');
    expect(pagePermission('/users/grants')).toBe('users.manage');
    expect(pagePermission('/account')).toBeNull();
    expect(pagePermission('/registryx')).toBeNull();
    expect(selectedEntry('/users/grants')).toBe('/users/grants');
    expect(selectedEntry('/payroll/211221/r1')).toBe('/payroll');
  });

  it('has every label in both languages and no path twice', () => {
    const paths = NAVIGATION.flatMap((g) => g.entries.map((e) => e.path));
    expect(new Set(paths).size).toBe(paths.length);
    const entries = NAVIGATION.flatMap((g) => g.entries);
    for (const key of [...NAVIGATION.map((g) => g.label), ...entries.map((e) => e.label), ...entries.flatMap((e) => (e.refusal ? [e.refusal] : []))]) {
      expect(typeof lookup(zhCN, key), key).toBe('string');
      expect(typeof lookup(en, key), key).toBe('string');
    }
  });

  it('the findings are in 监督检查 for township staff up to the city and the auditor, never the village, the liaison or the administrator', () => {
    for (const role of ['township_caseworker', 'township_reviewer', 'county_approver', 'county_admin', 'city_supervisor', 'auditor'] as const) expect(pathsOf(role)).toContain('/findings');
    for (const role of ['village_assistant', 'poverty_liaison', 'system_admin'] as const) expect(pathsOf(role)).not.toContain('/findings');
    expect(pagePermission('/findings')).toBe('findings.read');
  });

  it('外出走访 needs any one of its permissions: the investigations’ or the screening ledger’s', () => {
    expect(pagePermission('/field-visits/screening/211221/c1/P001')).toEqual(['cases.investigate', 'screening.fill', 'cases.approve']);
    expect(pathsOf('county_approver')).toContain('/field-visits');
    expect(mayUse(['screening.fill'], pagePermission('/field-visits')!)).toBe(true);
    expect(mayUse(['cases.investigate'], pagePermission('/field-visits')!)).toBe(true);
    expect(mayUse(['cases.read', 'cases.review'], pagePermission('/field-visits')!)).toBe(false);
    expect(pathsOf('village_assistant')).toContain('/field-visits');
    expect(pathsOf('township_reviewer')).not.toContain('/field-visits');
  });
});
