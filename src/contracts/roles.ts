/**
 * Roles of the security model (ARCHITECTURE.md) and what each may do. Shared by the server (enforcement)
 * and the web app (what to show). Area scope is enforced separately, in the data-access layer.
 */
export const ROLES = [
  'village_assistant', // 村协理员
  'township_caseworker', // 乡镇经办
  'township_reviewer', // 乡镇审核
  'county_approver', // 县区审批
  'county_admin', // 县区管理员
  'city_supervisor', // 市局督查 (read-only over the city)
  'poverty_liaison', // 扶贫办联络员 (exchange files only)
  'auditor', // 审计 (read-only + audit trail)
  'system_admin', // 系统管理员 (users and parameters, no case data)
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'registry.read',
  'registry.write',
  'registry.export',
  'users.manage',
  'calendar.manage',
  'params.manage',
  // The second person of a parameter override (ADR 0017): an override proposed by an administrator takes effect only
  // once a city supervisor, never its author, confirms it.
  'params.confirm',
  'params.read',
  'audit.read',
  'divisions.read',
  // Cases (issue 4): reading them, and each side of the procedure (the step table in src/workflow decides which role takes which step).
  'cases.read',
  'cases.apply',
  'cases.investigate',
  'cases.review',
  'cases.approve',
  // The plan's floors per county (doudi policy check): city-level oversight (issue 3).
  'compliance.read',
  // What-if simulation over the registry (doudi simulate, POST /api/policy/simulate): city-level oversight, over case data (issue 3).
  'policy.simulate',
  // Payment rolls (issue 5): a roll covers a whole county, so township and village staff see none. The county builds,
  // exports and reconciles; only an approver approves, and never a roll of their own making (maker ≠ checker, checked
  // on the roll); the city supervisor and the auditor read.
  'payroll.read',
  'payroll.build',
  'payroll.approve',
  'payroll.export',
  'payroll.reconcile',
  // Personal data in full (issue 9 point 16): screens show ID numbers, bank accounts and phone numbers masked; seeing
  // one in full is a deliberate, audited request, for the staff who work the cases. Oversight roles (city supervisor,
  // auditor) see masked values only.
  'personal.reveal',
  // Who looked at a person and what they searched for (issue 9 point 17): the trail of one person's records, with the
  // texts searched for. The auditor alone: the system administrator verifies the chain but sees no case data.
  'audit.persons',
  // The poverty-registry exchange (双纳入, issue 12, ADR 0032). The poverty office's liaison imports the office's registry
  // as dated snapshots, reads the dual-inclusion lists and referrals of their area, exports doudi's rolls for the office
  // and imports the office's replies — never case files, incomes or investigations.
  'poverty.import',
  'poverty.read',
  'poverty.exchange',
  // Confirming or rejecting a suggested match between a snapshot's person and a person of the registry.
  'poverty.match',
  // 集中排查 the screening campaign: opened by a county (or the city for every county); its ledger rows (核查台账)
  // filled by township and village staff; read by the county, the city and the auditor.
  'screening.open',
  'screening.fill',
  'screening.read',
  // 临时救助 temporary aid (issue 13, ADR 0037): a township caseworker records an emergency and pays it first from the
  // township's reserve; approval by level (分级审批) — the township reviewer up to the township's ceiling, the county
  // approver above it and, after 一事一议, above the normal maximum.
  'temporary.record',
  'temporary.approve',
  // 乡镇临时救助备用金 the township reserve (issue 13 point 2, ADR 0039): read by the township's staff, the county, the
  // city and the auditor; topped up by the county approver alone.
  'reserve.read',
  'reserve.top_up',
  // 季度报告 the county's quarterly report and the city's bulletin (通报) (issue 15): the county administrator drafts the
  // report's text, the county approver (the county's head of civil affairs here) submits it, which freezes it; the city
  // supervisor reads every county's, compares them and writes and issues the bulletin, which every county then reads.
  'reports.read',
  'reports.draft',
  'reports.submit',
  'reports.bulletin',
  // 领导驾驶舱 the dashboards of city and county leaders (issue 15 point 4): the month's figures of the area, drilled down.
  'dashboard.read',
  // 应保尽保 the outreach list (issue 16 point 5, ADR 0047): registry households the engine finds eligible with no
  // enrollment and no open case, for township and village staff to visit (in their area), the county, the city and the
  // auditor; opening a case from a row needs `cases.apply` besides.
  'outreach.read',
  // 监督检查 supervision (issue 16, ADR 0046): the anomaly rules run by the city supervisor (every county) or a county's
  // administrator (their county); their findings read by township staff (their township's) up to the city and the
  // auditor; the death records (死亡信息) imported by a county's administrator.
  'supervision.run',
  'findings.read',
  'deaths.import',
  // 整改 rectification (issue 16 point 2, ADR 0048): a finding answered by its township's staff (the action and its
  // evidence), verified — closed or sent back — by the county's approver or administrator or the city supervisor; the
  // special campaigns (专项治理) opened by the city supervisor (or a county's administrator for the county).
  'findings.answer',
  'findings.verify',
  'campaigns.manage',
  // 责任追究 accountability records (issue 16 point 3): recorded by the city supervisor or a county approver, read by them
  // and the auditor only — never by caseworkers.
  'accountability.read',
  'accountability.record',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const CASE_READ: Permission[] = ['registry.read', 'params.read', 'divisions.read', 'cases.read'];
const PAYROLL_COUNTY: Permission[] = ['payroll.read', 'payroll.build', 'payroll.export', 'payroll.reconcile'];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  village_assistant: [...CASE_READ, 'registry.write', 'cases.apply', 'cases.investigate', 'personal.reveal', 'poverty.read', 'screening.read', 'screening.fill', 'outreach.read'],
  township_caseworker: [
    ...CASE_READ,
    'registry.write',
    'registry.export',
    'cases.apply',
    'cases.investigate',
    'personal.reveal',
    'poverty.read',
    'poverty.match',
    'screening.read',
    'screening.fill',
    'temporary.record',
    'reserve.read',
    'outreach.read',
    'findings.read',
    'findings.answer',
  ],
  township_reviewer: [...CASE_READ, 'registry.export', 'cases.review', 'personal.reveal', 'poverty.read', 'screening.read', 'temporary.approve', 'reserve.read', 'outreach.read', 'findings.read', 'findings.answer'],
  county_approver: [
    ...CASE_READ,
    'registry.export',
    'cases.approve',
    ...PAYROLL_COUNTY,
    'payroll.approve',
    'personal.reveal',
    'poverty.read',
    'screening.read',
    'temporary.approve',
    'reserve.read',
    'reserve.top_up',
    'reports.read',
    'reports.submit',
    'dashboard.read',
    'outreach.read',
    'findings.read',
    'findings.verify',
    'accountability.read',
    'accountability.record',
  ],
  county_admin: [
    ...CASE_READ,
    'registry.write',
    'registry.export',
    'users.manage',
    ...PAYROLL_COUNTY,
    'personal.reveal',
    'poverty.read',
    'poverty.exchange',
    'poverty.match',
    'screening.read',
    'screening.open',
    'reserve.read',
    'reports.read',
    'reports.draft',
    'dashboard.read',
    'outreach.read',
    'supervision.run',
    'findings.read',
    'deaths.import',
    'findings.verify',
    'campaigns.manage',
  ],
  city_supervisor: [
    ...CASE_READ,
    'registry.export',
    'compliance.read',
    'policy.simulate',
    'payroll.read',
    'params.confirm',
    'poverty.read',
    'screening.read',
    'screening.open',
    'reserve.read',
    'reports.read',
    'reports.bulletin',
    'dashboard.read',
    'outreach.read',
    'supervision.run',
    'findings.read',
    'findings.verify',
    'campaigns.manage',
    'accountability.read',
    'accountability.record',
  ],
  poverty_liaison: ['divisions.read', 'params.read', 'poverty.import', 'poverty.read', 'poverty.exchange'],
  auditor: [...CASE_READ, 'audit.read', 'audit.persons', 'compliance.read', 'payroll.read', 'poverty.read', 'screening.read', 'reserve.read', 'reports.read', 'dashboard.read', 'outreach.read', 'findings.read', 'accountability.read'],
  system_admin: ['users.manage', 'calendar.manage', 'params.manage', 'params.read', 'divisions.read', 'audit.read', 'compliance.read'],
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role]?.includes(permission) ?? false;
}

/** The division level a role's area must be at (a village assistant works in one village, and so on). */
export const ROLE_AREA_LEVEL: Record<Role, 'village' | 'township' | 'county' | 'city'> = {
  village_assistant: 'village',
  township_caseworker: 'township',
  township_reviewer: 'township',
  county_approver: 'county',
  county_admin: 'county',
  city_supervisor: 'city',
  poverty_liaison: 'city',
  auditor: 'city',
  system_admin: 'city',
};

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  village_assistant: { zh: '村协理员', en: 'Village assistant' },
  township_caseworker: { zh: '乡镇经办', en: 'Township caseworker' },
  township_reviewer: { zh: '乡镇审核', en: 'Township reviewer' },
  county_approver: { zh: '县区审批', en: 'County approver' },
  county_admin: { zh: '县区管理员', en: 'County administrator' },
  city_supervisor: { zh: '市局督查', en: 'City supervisor' },
  poverty_liaison: { zh: '扶贫办联络员', en: 'Poverty-office liaison' },
  auditor: { zh: '审计员', en: 'Auditor' },
  system_admin: { zh: '系统管理员', en: 'System administrator' },
};

/**
 * Permissions whose grant needs a second administrator (ADR 0013, maker ≠ checker): deciding on a case, approving a
 * case or a roll — and managing users, since an administrator who could make another administrator alone could also
 * have that one confirm.
 */
export const CONFIRMED_PERMISSIONS: readonly Permission[] = ['cases.review', 'cases.approve', 'payroll.approve', 'users.manage'];

/** A role that an administrator grants only with a second administrator's confirmation (township_reviewer, county_approver, county_admin, system_admin). */
export function grantNeedsConfirmation(role: Role): boolean {
  return ROLE_PERMISSIONS[role].some((p) => CONFIRMED_PERMISSIONS.includes(p));
}

/** Roles that must sign in with a second factor (TOTP, ADR 0014). */
export const SECOND_FACTOR_ROLES: readonly Role[] = ['system_admin', 'county_admin', 'county_approver'];

/** Administrators: their display names are unique, and the role names are theirs alone. */
export const ADMIN_ROLES: readonly Role[] = ['system_admin', 'county_admin'];
