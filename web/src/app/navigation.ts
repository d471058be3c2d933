import type { Permission } from '#contracts/roles.ts';

/**
 * The one navigation model (issue 11 point 11): every screen the side menu offers, grouped, with the permission its page
 * needs. The side menu shows the entries the user's role holds; `/` leads to the first of them (`landingPath`); the
 * router guards each page with the same permission (`pagePermission`), so a menu entry never leads to a refusal and a
 * page reached by its address refuses exactly the roles the menu hides it from. Labels are i18n keys.
 */
export interface NavEntry {
  /** The page's path, also the menu key. */
  path: string;
  label: string;
  /** The permission the page needs — or a list: any one of them (a page serving several duties, e.g. 外出走访). */
  permission: Permission | readonly Permission[];
  /** `data-testid` of the menu entry's label. */
  testId: string;
  /** Why a role is refused the page, where the page can say more than the general 403 text (an i18n key). */
  refusal?: string;
}

export interface NavGroup {
  key: string;
  label: string;
  entries: readonly NavEntry[];
}

export const NAVIGATION: readonly NavGroup[] = [
  {
    key: 'g-registry',
    label: 'nav.registry',
    entries: [
      { path: '/registry', label: 'nav.households', permission: 'registry.read', testId: 'nav-registry' },
      // 取暖信息缺失名单 (issue 14 point 1, ADR 0042).
      { path: '/heating/missing', label: 'heatingMissing.menu', permission: 'registry.read', testId: 'nav-heating-missing' },
      // 取暖救助采暖季 (issue 14 point 5, ADR 0043): the seasons, their rolls, figures and exceptions.
      { path: '/heating/seasons', label: 'heatingSeason.nav', permission: 'payroll.read', testId: 'nav-heating-seasons', refusal: 'heatingSeason.noPermission' },
    ],
  },
  {
    key: 'g-business',
    label: 'nav.business',
    entries: [
      { path: '/worklist', label: 'nav.worklist', permission: 'cases.read', testId: 'nav-worklist' },
      // 外出走访 (issue 17 point 4, ADR 0051): the visits taken offline on a phone and synced.
      // Any of: the case and review investigations (cases.investigate), the screening ledger's verification visits
      // (screening.fill), the county's spot visits of sampled cases (cases.approve).
      { path: '/field-visits', label: 'fieldVisits.nav', permission: ['cases.investigate', 'screening.fill', 'cases.approve'], testId: 'nav-field-visits' },
      { path: '/cases', label: 'nav.cases', permission: 'cases.read', testId: 'nav-cases' },
      { path: '/reviews', label: 'reviewDesk.nav', permission: 'cases.read', testId: 'nav-reviews' },
      { path: '/payroll', label: 'nav.payroll', permission: 'payroll.read', testId: 'nav-payroll', refusal: 'payroll.noPermission' },
      // 应保尽保 (issue 16 point 5, ADR 0047): eligible households not enrolled, for the area's staff to visit.
      { path: '/outreach', label: 'outreach.nav', permission: 'outreach.read', testId: 'nav-outreach' },
    ],
  },
  {
    // 扶贫衔接: the poverty-registry exchange, dual inclusion and the screening campaign (issue 12).
    key: 'g-poverty',
    label: 'dualInclusion.navGroup',
    entries: [
      { path: '/poverty', label: 'dualInclusion.nav', permission: 'poverty.read', testId: 'nav-poverty' },
      { path: '/poverty/snapshots', label: 'povertySnapshots.nav', permission: 'poverty.read', testId: 'nav-poverty-snapshots' },
      { path: '/poverty/matches', label: 'povertyMatch.nav', permission: 'poverty.match', testId: 'nav-poverty-matches' },
      { path: '/poverty/import', label: 'povertyImport.nav', permission: 'poverty.import', testId: 'nav-poverty-import' },
      { path: '/screening', label: 'screening.nav', permission: 'screening.read', testId: 'nav-screening' },
    ],
  },
  {
    // 季度报告与通报 (issue 15, ADR 0045): the counties' quarterly reports, the overdue ones, the city's comparison and bulletins.
    key: 'g-reports',
    label: 'reports.nav.group',
    entries: [
      { path: '/reports/quarterly', label: 'reports.nav.quarterly', permission: 'reports.read', testId: 'nav-reports-quarterly', refusal: 'reports.noPermission' },
      { path: '/reports/overdue', label: 'reports.nav.overdue', permission: 'reports.read', testId: 'nav-reports-overdue' },
      { path: '/reports/comparison', label: 'reports.nav.comparison', permission: 'reports.bulletin', testId: 'nav-reports-comparison', refusal: 'reports.comparison.cityOnly' },
      { path: '/reports/bulletins', label: 'reports.nav.bulletins', permission: 'reports.read', testId: 'nav-reports-bulletins' },
    ],
  },  {
    // 临时救助 temporary assistance (issue 13): 先行救助登记, the overdue paperwork, the township reserve (备用金) ledger, the disbursement batches.
    key: 'g-temporary',
    label: 'temporaryReserve.navGroup',
    entries: [
      { path: '/temporary/new', label: 'temporary.nav.record', permission: 'temporary.record', testId: 'nav-temporary-record' },
      { path: '/temporary/overdue', label: 'temporary.nav.overdue', permission: 'cases.read', testId: 'nav-temporary-overdue' },
      { path: '/temporary/reserves', label: 'temporaryReserve.nav', permission: 'reserve.read', testId: 'nav-temporary-reserves' },
      { path: '/temporary/batches', label: 'temporary.nav.batches', permission: 'payroll.read', testId: 'nav-temporary-batches' },
    ],
  },

  {
    // 监督整改 (issue 16 points 2 and 3, ADR 0048): the overdue rectifications and the special campaigns (专项治理); a
    // finding's page (`/findings/:county/:id`) belongs to the overdue entry until the findings list (/findings) lands.
    key: 'g-rectification',
    label: 'rectification.nav.group',
    entries: [
      { path: '/findings/overdue', label: 'rectification.nav.overdue', permission: 'findings.read', testId: 'nav-findings-overdue' },
      { path: '/campaigns', label: 'rectification.nav.campaigns', permission: 'findings.read', testId: 'nav-campaigns' },
    ],
  },
  {
    // 领导驾驶舱 (issue 15 point 4): the month's figures of the user's area, drilled down to the villages.
    key: 'g-dashboard',
    label: 'dashboard.navGroup',
    entries: [{ path: '/dashboard', label: 'dashboard.nav', permission: 'dashboard.read', testId: 'nav-dashboard' }],
  },
  {
    // 审计监督 (issue 16 point 4, ADR 0047): the auditor's browser over the trail.
    key: 'g-audit',
    label: 'audit.navGroup',
    entries: [{ path: '/audit', label: 'audit.nav', permission: 'audit.persons', testId: 'nav-audit' }],
  },
  {
    // 监督检查 (issue 16, ADR 0046): the anomaly rules' findings of the user's area; running the rules is on the page.
    key: 'g-supervision',
    label: 'findings.navGroup',
    entries: [{ path: '/findings', label: 'findings.nav', permission: 'findings.read', testId: 'nav-findings' }],
  },
  {
    key: 'g-admin',
    label: 'users.navGroup',
    entries: [
      { path: '/users', label: 'users.listNav', permission: 'users.manage', testId: 'nav-users' },
      { path: '/users/grants', label: 'users.nav', permission: 'users.manage', testId: 'nav-grants' },
      { path: '/calendar', label: 'calendar.nav', permission: 'calendar.manage', testId: 'nav-calendar' },
    ],
  },
  {
    key: 'g-policy',
    label: 'nav.policy',
    entries: [
      { path: '/calculator', label: 'nav.calculator', permission: 'params.read', testId: 'nav-calculator' },
      { path: '/parameters', label: 'nav.parameters', permission: 'params.read', testId: 'nav-parameters' },
      { path: '/compliance', label: 'nav.compliance', permission: 'compliance.read', testId: 'nav-compliance' },
      { path: '/simulate', label: 'simulate.nav', permission: 'policy.simulate', testId: 'nav-simulate' },
    ],
  },
  {
    key: 'g-reference',
    label: 'nav.reference',
    entries: [{ path: '/divisions', label: 'divisions.nav', permission: 'divisions.read', testId: 'nav-divisions' }],
  },
];

const ENTRIES: readonly NavEntry[] = NAVIGATION.flatMap((g) => g.entries);

/** The permissions of which a page needs any one. */
export const anyOf = (need: NavEntry['permission']): readonly Permission[] => (typeof need === 'string' ? [need] : need);
/** Whether a user holding `permissions` may use an entry's page (any one of its permissions). */
export const mayUse = (permissions: readonly Permission[], need: NavEntry['permission']): boolean => anyOf(need).some((p) => permissions.includes(p));

/** The groups and entries a user holding `permissions` may use; a group with none is left out. */
export function visibleNavigation(permissions: readonly Permission[]): NavGroup[] {
  return NAVIGATION.map((g) => ({ ...g, entries: g.entries.filter((e) => mayUse(permissions, e.permission)) })).filter((g) => g.entries.length > 0);
}

/** Where `/` leads: the first entry the user may use, or null (the page saying there is none). */
export function landingPath(permissions: readonly Permission[]): string | null {
  return visibleNavigation(permissions)[0]?.entries[0]?.path ?? null;
}

/**
 * The permission a page needs, by its path: the entry whose path is the longest prefix of it (`/registry/new` is a
 * page of `/registry`; screens check finer permissions for their actions). Null for a path outside the menu (the
 * account page, open to everyone).
 */
export function pagePermission(path: string): NavEntry['permission'] | null {
  return pageEntry(path)?.permission ?? null;
}

/** The menu entry a page belongs to: the one whose path is the longest prefix of the page's. */
export function pageEntry(path: string): NavEntry | null {
  let best: NavEntry | null = null;
  for (const e of ENTRIES) {
    if ((path === e.path || path.startsWith(`${e.path}/`)) && (!best || e.path.length > best.path.length)) best = e;
  }
  return best;
}

/** The menu entry to highlight for a path: the longest entry path it lies under. */
export function selectedEntry(path: string): string | null {
  return pageEntry(path)?.path ?? null;
}
