import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Result, Spin } from 'antd';
import { createContext, type ReactNode, use } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import type { Permission } from '#contracts/roles.ts';
import type { LoginRequest, SessionInfo, SessionUser } from '#contracts/session.ts';
import { apiRequest, isApiRequestError, setCsrfToken } from './api-client.ts';

/**
 * The session lives in the TanStack Query cache under one key: `null` means "not signed in". The CSRF token
 * that comes with it is handed to the API client, which sends it on every unsafe request.
 */
export const SESSION_KEY = ['session'] as const;

/**
 * 离线打开 (ADR 0051): the user of the last session the server confirmed, for a caseworker's phone that opens the app
 * with no network (the field visits on the device). Only who the user is (no token: nothing can be sent without the
 * server), only for a role that takes field visits, and only within a session's absolute lifetime (12 h, ADR 0004) of
 * that confirmation; forgotten at sign-out. Once the network returns the session is asked again.
 */
const OFFLINE_USER = 'doudi.offlineUser';
const OFFLINE_FOR_MS = 12 * 3600_000;

function rememberUser(info: SessionInfo | null): void {
  try {
    if (info?.step === 'done' && (['cases.investigate', 'screening.fill', 'cases.approve'] as const).some((p) => info.user.permissions.includes(p))) localStorage.setItem(OFFLINE_USER, JSON.stringify({ at: Date.now(), user: info.user }));
    else localStorage.removeItem(OFFLINE_USER);
  } catch {
    // No storage (a private window): the app just does not open offline.
  }
}

function offlineSession(): SessionInfo | null {
  try {
    const kept = JSON.parse(localStorage.getItem(OFFLINE_USER) ?? 'null') as { at: number; user: SessionUser } | null;
    if (!kept || Date.now() - kept.at > OFFLINE_FOR_MS) return null;
    return { user: kept.user, csrfToken: '', step: 'done' };
  } catch {
    return null;
  }
}

async function fetchSession(): Promise<SessionInfo | null> {
  try {
    const info = await apiRequest<SessionInfo>('/api/session');
    setCsrfToken(info.csrfToken);
    rememberUser(info);
    return info;
  } catch (e) {
    if (isApiRequestError(e) && e.status === 401) {
      setCsrfToken(null);
      rememberUser(null);
      return null;
    }
    const offline = isApiRequestError(e) && e.status === 0 ? offlineSession() : null;
    if (offline) return offline;
    throw e;
  }
}

export function useSession() {
  return useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: 5 * 60_000, retry: false, refetchOnReconnect: 'always', networkMode: 'always' });
}

/**
 * The signed-in user, provided by `RequireSession`. Through context rather than the query cache so that, at
 * logout, screens still mounted for one last render see the user they were drawn for instead of null.
 */
const UserContext = createContext<SessionUser | null>(null);

export function useUser(): SessionUser {
  const user = use(UserContext);
  if (!user) throw new Error('useUser outside RequireSession');
  return user;
}

/**
 * The one permission check of the web app: whether the signed-in user's role holds `permission`, as the server said at
 * login (`SessionUser.permissions`, from `ROLE_PERMISSIONS`). Menus, the landing page and each screen ask this.
 */
export function useCan(permission: Permission): boolean {
  return useUser().permissions.includes(permission);
}

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: LoginRequest) => apiRequest<SessionInfo>('/api/auth/login', { method: 'POST', body }),
    onSuccess: (info) => {
      setCsrfToken(info.csrfToken);
      rememberUser(info);
      qc.setQueryData(SESSION_KEY, info);
    },
  });
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest<void>('/api/auth/logout', { method: 'POST' }),
    // Whatever the server says, this browser forgets the session and every cached record.
    onSettled: () => {
      setCsrfToken(null);
      rememberUser(null);
      qc.clear();
      qc.setQueryData(SESSION_KEY, null);
    },
  });
}

export function FullPageSpin() {
  const { t } = useTranslation();
  return (
    <div className="full-page-center">
      <Spin size="large" description={t('common.loading')} />
    </div>
  );
}

export function RequireSession({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const location = useLocation();
  const session = useSession();
  if (session.isPending) return <FullPageSpin />;
  if (session.isError) {
    return (
      <Result
        status="error"
        title={t('common.loadFailed')}
        extra={<Button onClick={() => void session.refetch()}>{t('common.retry')}</Button>}
      />
    );
  }
  // Not signed in, or a login not finished (second factor, a forced password change): the login page takes over.
  if (session.data?.step !== 'done') {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <UserContext value={session.data.user}>{children}</UserContext>;
}
