import { LogoutOutlined } from '@ant-design/icons';
import { Button, Result } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router';
import { NoPermission } from '../../components/no-permission.tsx';
import { useLogout, useUser } from '../../lib/auth.tsx';
import { landingPath, mayUse, type NavEntry, pageEntry } from '../navigation.ts';

/** `/`: the first page of the menu this user may use (app/navigation.ts), or a page saying there is none. */
export function Landing() {
  const to = landingPath(useUser().permissions);
  return to ? <Navigate to={to} replace /> : <NoPages />;
}

/** A role with no screen of its own: said plainly, with the way out (not a refusal). */
function NoPages() {
  const { t } = useTranslation();
  const logout = useLogout();
  const navigate = useNavigate();
  return (
    <div data-testid="no-pages">
      <Result
        status="info"
        title={t('nav.noPagesTitle')}
        subTitle={t('nav.noPagesHint')}
        extra={
          <Button type="primary" icon={<LogoutOutlined />} loading={logout.isPending} onClick={() => logout.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) })} data-testid="no-pages-logout">
            {t('header.logout')}
          </Button>
        }
      />
    </div>
  );
}

/** A page of the menu, shown only to a role holding the permission its menu entry needs (the same model). */
export function MenuPage({ path, children }: { path: string; children: ReactNode }) {
  const entry = pageEntry(path);
  if (entry === null) throw new Error(`no menu entry for ${path}`);
  return (
    <Guard permission={entry.permission} refusal={entry.refusal}>
      {children}
    </Guard>
  );
}

function Guard({ permission, refusal, children }: { permission: NavEntry['permission']; refusal?: string; children: ReactNode }) {
  const { t } = useTranslation();
  return mayUse(useUser().permissions, permission) ? children : <NoPermission hint={refusal ? t(refusal) : undefined} />;
}
