import { lazy, Suspense } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import { RequireSession } from '../lib/auth.tsx';
import { AppLayout } from './layout/app-layout.tsx';
import { ComingSoon } from './routes/coming-soon.tsx';
import { LoginRoute } from './routes/login.tsx';
import { NotFound } from './routes/not-found.tsx';

// Registry screens load on demand so the login page stays light.
const HouseholdList = lazy(() => import('../features/registry/components/household-list-page.tsx'));
const HouseholdCreate = lazy(() => import('../features/registry/components/household-create-page.tsx'));
const HouseholdDetail = lazy(() => import('../features/registry/components/household-detail-page.tsx'));
const HouseholdEdit = lazy(() => import('../features/registry/components/household-edit-page.tsx'));
const ParameterBrowser = lazy(() => import('../features/policy/components/parameter-browser-page.tsx'));
const CompliancePage = lazy(() => import('../features/policy/components/compliance-page.tsx'));
const CalculatorPage = lazy(() => import('../features/calculator/components/calculator-page.tsx'));
const CaseList = lazy(() => import('../features/cases/components/case-list-page.tsx'));
const CasePage = lazy(() => import('../features/cases/components/case-page.tsx'));
const ApplyPage = lazy(() => import('../features/cases/components/apply-page.tsx'));
const WorklistPage = lazy(() => import('../features/worklist/components/worklist-page.tsx'));
const EnrollmentsPanel = lazy(() => import('../features/enrollments/components/enrollments-panel.tsx'));
const ReviewDesk = lazy(() => import('../features/enrollments/components/review-desk-page.tsx'));
const RollList = lazy(() => import('../features/payroll/components/roll-list-page.tsx'));
const RollPage = lazy(() => import('../features/payroll/components/roll-page.tsx'));
const ReissueQueue = lazy(() => import('../features/payroll/components/reissue-queue-page.tsx'));
const SimulatePage = lazy(() => import('../features/simulate/components/simulate-page.tsx'));
const AccountPage = lazy(() => import('../features/account/components/account-page.tsx'));
const GrantsPage = lazy(() => import('../features/users/components/grants-page.tsx'));

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
      { index: true, element: <Navigate to="/registry" replace /> },
      { path: 'registry', element: <HouseholdList /> },
      { path: 'registry/new', element: <HouseholdCreate /> },
      {
        path: 'registry/:county/:id',
        // The household page shows the household's benefits below its registry data (features compose here, not in each other).
        element: (
          <HouseholdDetail
            sections={(h) => (
              <Suspense fallback={null}>
                <EnrollmentsPanel county={h.county} householdId={h.id} />
              </Suspense>
            )}
          />
        ),
      },
      { path: 'registry/:county/:id/edit', element: <HouseholdEdit /> },
      { path: 'parameters', element: <ParameterBrowser /> },
      { path: 'calculator', element: <CalculatorPage /> },
      { path: 'compliance', element: <CompliancePage /> },
      { path: 'simulate', element: <SimulatePage /> },
      { path: 'cases', element: <CaseList /> },
      { path: 'cases/new', element: <ApplyPage /> },
      { path: 'cases/:county/:id', element: <CasePage /> },
      { path: 'worklist', element: <WorklistPage /> },
      { path: 'reviews', element: <ReviewDesk /> },
      { path: 'payroll', element: <RollList /> },
      { path: 'payroll/reissue', element: <ReissueQueue /> },
      { path: 'payroll/:county/:id', element: <RollPage /> },
      { path: 'account', element: <AccountPage /> },
      { path: 'users/grants', element: <GrantsPage /> },
      ...PLANNED_MODULES.map((m) => ({ path: m, element: <ComingSoon module={m} /> })),
      { path: '*', element: <NotFound /> },
    ],
  },
]);
