import { lazy, Suspense } from 'react';
import { createBrowserRouter } from 'react-router';
import { RequireSession } from '../lib/auth.tsx';
import { AppLayout } from './layout/app-layout.tsx';
import { ComingSoon } from './routes/coming-soon.tsx';
import { Landing, MenuPage } from './routes/landing.tsx';
import { LoginRoute } from './routes/login.tsx';
import { NotFound } from './routes/not-found.tsx';

// Registry screens load on demand so the login page stays light.
const HouseholdList = lazy(() => import('../features/registry/components/household-list-page.tsx'));
const HouseholdCreate = lazy(() => import('../features/registry/components/household-create-page.tsx'));
const HouseholdDetail = lazy(() => import('../features/registry/components/household-detail-page.tsx'));
const HouseholdEdit = lazy(() => import('../features/registry/components/household-edit-page.tsx'));
const HouseholdImport = lazy(() => import('../features/registry/components/household-import-page.tsx'));
const HeatingMissing = lazy(() => import('../features/registry/components/heating-missing-page.tsx'));
// 家庭材料 (issue 17, ADR 0050): the household's own files, below its registry data.
const HouseholdFiles = lazy(() => import('../features/cases/components/household-files.tsx'));
const HouseholdArchivePage = lazy(() => import('../features/cases/components/household-archive-page.tsx'));
const FindingsPage = lazy(() => import('../features/findings/components/findings-page.tsx'));
const HeatingSeasons = lazy(() => import('../features/heating/components/seasons-page.tsx'));
const HeatingSeason = lazy(() => import('../features/heating/components/season-page.tsx'));
// 季度报告与通报 (issue 15).
const ReportsPage = lazy(() => import('../features/reports/components/reports-page.tsx'));
const ReportPage = lazy(() => import('../features/reports/components/report-page.tsx'));
const ReportsOverdue = lazy(() => import('../features/reports/components/overdue-page.tsx'));
const ReportsComparison = lazy(() => import('../features/reports/components/comparison-page.tsx'));
const BulletinsPage = lazy(() => import('../features/reports/components/bulletins-page.tsx'));
const BulletinPage = lazy(() => import('../features/reports/components/bulletin-page.tsx'));
const FigureRowsPage = lazy(() => import('../features/reports/components/figure-rows-page.tsx'));
const ParameterBrowser = lazy(() => import('../features/policy/components/parameter-browser-page.tsx'));
const CompliancePage = lazy(() => import('../features/policy/components/compliance-page.tsx'));
const CalculatorPage = lazy(() => import('../features/calculator/components/calculator-page.tsx'));
const CaseList = lazy(() => import('../features/cases/components/case-list-page.tsx'));
const CasePage = lazy(() => import('../features/cases/components/case-page.tsx'));
const ApplyPage = lazy(() => import('../features/cases/components/apply-page.tsx'));
const WorklistPage = lazy(() => import('../features/worklist/components/worklist-page.tsx'));
const FieldVisitsPage = lazy(() => import('../features/field-visits/components/field-visits-page.tsx'));
const VisitFormPage = lazy(() => import('../features/field-visits/components/visit-form-page.tsx'));
const EnrollmentsPanel = lazy(() => import('../features/enrollments/components/enrollments-panel.tsx'));
const ReviewDesk = lazy(() => import('../features/enrollments/components/review-desk-page.tsx'));
const RollList = lazy(() => import('../features/payroll/components/roll-list-page.tsx'));
const RollPage = lazy(() => import('../features/payroll/components/roll-page.tsx'));
const ReissueQueue = lazy(() => import('../features/payroll/components/reissue-queue-page.tsx'));
const SimulatePage = lazy(() => import('../features/simulate/components/simulate-page.tsx'));
const AuditPage = lazy(() => import('../features/audit/components/audit-page.tsx'));
const ResponsibilityPage = lazy(() => import('../features/audit/components/responsibility-page.tsx'));
const OutreachPage = lazy(() => import('../features/outreach/components/outreach-page.tsx'));
const AccountPage = lazy(() => import('../features/account/components/account-page.tsx'));
const GrantsPage = lazy(() => import('../features/users/components/grants-page.tsx'));
const UsersPage = lazy(() => import('../features/users/components/users-page.tsx'));
const CalendarPage = lazy(() => import('../features/calendar/components/calendar-page.tsx'));
const DivisionsPage = lazy(() => import('../features/divisions/components/divisions-page.tsx'));
const ScreeningCampaigns = lazy(() => import('../features/screening/components/campaigns-page.tsx'));
const ScreeningLedger = lazy(() => import('../features/screening/components/ledger-page.tsx'));
const DualInclusionPage = lazy(() => import('../features/dual-inclusion/components/dual-inclusion-page.tsx'));
const PovertyImportPage = lazy(() => import('../features/poverty/components/poverty-import-page.tsx'));
const PovertySnapshotsPage = lazy(() => import('../features/poverty/components/poverty-snapshots-page.tsx'));
const MatchQueuePage = lazy(() => import('../features/poverty-match/components/match-queue-page.tsx'));
const ReservesPage = lazy(() => import('../features/temporary-reserve/components/reserves-page.tsx'));
const EmergencyPage = lazy(() => import('../features/temporary/components/emergency-page.tsx'));
const OverduePage = lazy(() => import('../features/temporary/components/overdue-page.tsx'));
const BatchesPage = lazy(() => import('../features/temporary/components/batches-page.tsx'));
const DashboardPage = lazy(() => import('../features/dashboard/components/dashboard-page.tsx'));
const DashboardRowsPage = lazy(() => import('../features/dashboard/components/dashboard-rows-page.tsx'));
const FindingPage = lazy(() => import('../features/rectification/components/finding-page.tsx'));
const FindingsOverduePage = lazy(() => import('../features/rectification/components/overdue-page.tsx'));
const CampaignsPage = lazy(() => import('../features/rectification/components/campaigns-page.tsx'));
const CampaignPage = lazy(() => import('../features/rectification/components/campaign-page.tsx'));
const ReserveLedgerPage = lazy(() => import('../features/temporary-reserve/components/reserve-ledger-page.tsx'));

/** Modules still to come: their menu entries and routes exist so the layout does not change when they land. */
export const PLANNED_MODULES: readonly string[] = [];

export const router = createBrowserRouter([
  { path: '/login', element: <LoginRoute /> },
  {
    path: '/',
    element: (
      <RequireSession>
        <AppLayout />
      </RequireSession>
    ),
    children: [
      { index: true, element: <Landing /> },
      { path: 'registry', element: <MenuPage path="/registry"><HouseholdList /></MenuPage> },
      { path: 'registry/new', element: <MenuPage path="/registry"><HouseholdCreate /></MenuPage> },
      { path: 'registry/import', element: <MenuPage path="/registry"><HouseholdImport /></MenuPage> },
      { path: 'heating/missing', element: <MenuPage path="/heating/missing"><HeatingMissing /></MenuPage> },
      { path: 'findings', element: <MenuPage path="/findings"><FindingsPage /></MenuPage> },
      { path: 'heating/seasons', element: <MenuPage path="/heating/seasons"><HeatingSeasons /></MenuPage> },
      { path: 'heating/seasons/:county/:season', element: <MenuPage path="/heating/seasons"><HeatingSeason /></MenuPage> },
      { path: 'reports/quarterly', element: <MenuPage path="/reports/quarterly"><ReportsPage /></MenuPage> },
      { path: 'reports/quarterly/:county/:quarter', element: <MenuPage path="/reports/quarterly"><ReportPage /></MenuPage> },
      { path: 'reports/quarterly/:county/:quarter/figures/:program/:figure', element: <MenuPage path="/reports/quarterly"><FigureRowsPage /></MenuPage> },
      { path: 'reports/overdue', element: <MenuPage path="/reports/overdue"><ReportsOverdue /></MenuPage> },
      { path: 'reports/comparison', element: <MenuPage path="/reports/comparison"><ReportsComparison /></MenuPage> },
      { path: 'reports/bulletins', element: <MenuPage path="/reports/bulletins"><BulletinsPage /></MenuPage> },
      { path: 'reports/bulletins/:quarter', element: <MenuPage path="/reports/bulletins"><BulletinPage /></MenuPage> },
      {
        path: 'registry/:county/:id',
        // The household page shows the household's benefits below its registry data (features compose here, not in each other).
        element: (
          <MenuPage path="/registry">
            <HouseholdDetail
              sections={(h) => (
                <Suspense fallback={null}>
                  <EnrollmentsPanel county={h.county} householdId={h.id} />
                  <HouseholdFiles county={h.county} id={h.id} />
                </Suspense>
              )}
            />
          </MenuPage>
        ),
      },
      { path: 'registry/:county/:id/edit', element: <MenuPage path="/registry"><HouseholdEdit /></MenuPage> },
      { path: 'parameters', element: <MenuPage path="/parameters"><ParameterBrowser /></MenuPage> },
      { path: 'calculator', element: <MenuPage path="/calculator"><CalculatorPage /></MenuPage> },
      { path: 'compliance', element: <MenuPage path="/compliance"><CompliancePage /></MenuPage> },
      { path: 'simulate', element: <MenuPage path="/simulate"><SimulatePage /></MenuPage> },
      { path: 'audit', element: <MenuPage path="/audit"><AuditPage /></MenuPage> },
      { path: 'audit/cases/:county/:id', element: <MenuPage path="/audit"><ResponsibilityPage /></MenuPage> },
      { path: 'outreach', element: <MenuPage path="/outreach"><OutreachPage /></MenuPage> },
      { path: 'cases', element: <MenuPage path="/cases"><CaseList /></MenuPage> },
      { path: 'cases/new', element: <MenuPage path="/cases"><ApplyPage /></MenuPage> },
      { path: 'cases/archive/:county/:id', element: <MenuPage path="/cases"><HouseholdArchivePage /></MenuPage> },
      { path: 'cases/:county/:id', element: <MenuPage path="/cases"><CasePage /></MenuPage> },
      { path: 'worklist', element: <MenuPage path="/worklist"><WorklistPage /></MenuPage> },
      { path: 'field-visits', element: <MenuPage path="/field-visits"><FieldVisitsPage /></MenuPage> },
      { path: 'field-visits/:county/:id', element: <MenuPage path="/field-visits"><VisitFormPage /></MenuPage> },
      { path: 'field-visits/review/:county/:id', element: <MenuPage path="/field-visits"><VisitFormPage kind="review" /></MenuPage> },
      { path: 'field-visits/spot/:county/:id', element: <MenuPage path="/field-visits"><VisitFormPage kind="spot_check" /></MenuPage> },
      { path: 'field-visits/screening/:county/:campaignId/:id', element: <MenuPage path="/field-visits"><VisitFormPage kind="screening" /></MenuPage> },
      { path: 'reviews', element: <MenuPage path="/reviews"><ReviewDesk /></MenuPage> },
      { path: 'payroll', element: <MenuPage path="/payroll"><RollList /></MenuPage> },
      { path: 'payroll/reissue', element: <MenuPage path="/payroll"><ReissueQueue /></MenuPage> },
      { path: 'payroll/:county/:id', element: <MenuPage path="/payroll"><RollPage /></MenuPage> },
      { path: 'account', element: <AccountPage /> },
      { path: 'users', element: <MenuPage path="/users"><UsersPage /></MenuPage> },
      { path: 'users/grants', element: <MenuPage path="/users/grants"><GrantsPage /></MenuPage> },
      { path: 'calendar', element: <MenuPage path="/calendar"><CalendarPage /></MenuPage> },
      { path: 'divisions', element: <MenuPage path="/divisions"><DivisionsPage /></MenuPage> },
      { path: 'screening', element: <MenuPage path="/screening"><ScreeningCampaigns /></MenuPage> },
      { path: 'screening/:county/:campaignId', element: <MenuPage path="/screening"><ScreeningLedger /></MenuPage> },
      { path: 'poverty', element: <MenuPage path="/poverty"><DualInclusionPage /></MenuPage> },
      { path: 'poverty/import', element: <MenuPage path="/poverty/import"><PovertyImportPage /></MenuPage> },
      { path: 'poverty/snapshots', element: <MenuPage path="/poverty/snapshots"><PovertySnapshotsPage /></MenuPage> },
      { path: 'poverty/matches', element: <MenuPage path="/poverty/matches"><MatchQueuePage /></MenuPage> },
      { path: 'temporary/new', element: <MenuPage path="/temporary/new"><EmergencyPage /></MenuPage> },
      { path: 'temporary/overdue', element: <MenuPage path="/temporary/overdue"><OverduePage /></MenuPage> },
      { path: 'temporary/reserves', element: <MenuPage path="/temporary/reserves"><ReservesPage /></MenuPage> },
      { path: 'temporary/batches', element: <MenuPage path="/temporary/batches"><BatchesPage /></MenuPage> },
      { path: 'temporary/reserves/:township', element: <MenuPage path="/temporary/reserves"><ReserveLedgerPage /></MenuPage> },
      { path: 'dashboard', element: <MenuPage path="/dashboard"><DashboardPage /></MenuPage> },
      { path: 'dashboard/rows', element: <MenuPage path="/dashboard"><DashboardRowsPage /></MenuPage> },
      { path: 'findings/overdue', element: <MenuPage path="/findings/overdue"><FindingsOverduePage /></MenuPage> },
      { path: 'findings/:county/:id', element: <MenuPage path="/findings"><FindingPage /></MenuPage> },
      { path: 'campaigns', element: <MenuPage path="/campaigns"><CampaignsPage /></MenuPage> },
      { path: 'campaigns/:id', element: <MenuPage path="/campaigns"><CampaignPage /></MenuPage> },
      ...PLANNED_MODULES.map((m) => ({ path: m, element: <ComingSoon module={m} /> })),
      { path: '*', element: <NotFound /> },
    ],
  },
]);
