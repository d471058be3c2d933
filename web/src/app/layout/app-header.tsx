import { EnvironmentOutlined, LogoutOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import { App, Avatar, Button, Dropdown, Layout, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ROLE_LABELS } from '#contracts/roles.ts';
import { useLogout, useSession, useUser } from '../../lib/auth.tsx';
import { useBilingual } from '../../lib/i18n.ts';
import { LanguageSwitch } from './language-switch.tsx';
import { clearDevice, unsyncedOnDevice } from '../../features/field-visits/store/use-device-store.ts';

export function AppHeader() {
  const { t } = useTranslation();
  const user = useUser();
  const bilingual = useBilingual();
  const logout = useLogout();
  // A training server moved ahead of the real day says so on every page, in red (demo mode only).
  const trainingDay = useSession().data?.trainingDay;
  const navigate = useNavigate();
  const { message, modal } = App.useApp();

  const signOut = () =>
    logout.mutate(undefined, {
      onSettled: () => {
        void message.success(t('auth.loggedOut'));
        navigate('/login', { replace: true });
      },
    });

  // 外出走访 (ADR 0051): the field visits on this device go with the session; visits not yet synced are named first.
  const onLogout = async () => {
    const unsynced = await unsyncedOnDevice(user.id).catch(() => 0);
    const leave = () => {
      void clearDevice(user.id).catch(() => undefined);
      signOut();
    };
    if (unsynced === 0) return leave();
    modal.confirm({
      title: t('fieldVisits.signOut.title'),
      content: t('fieldVisits.signOut.content', { count: unsynced }),
      okText: t('fieldVisits.signOut.ok'),
      okButtonProps: { danger: true, 'data-testid': 'logout-anyway' } as never,
      onOk: leave,
    });
  };

  return (
    <Layout.Header className="app-header">
      <div className="brand" data-testid="brand">
        <span className="brand-mark">兜</span>
        <span className="brand-text">
          <span className="brand-title">{t('app.title')}</span>
          <span className="brand-org">{t('app.org')}</span>
        </span>
      </div>
      <div className="header-right">
        <span className="header-user" data-testid="header-user">
          <Dropdown
            trigger={['click']}
            menu={{
              items: [{ key: 'account', icon: <SafetyCertificateOutlined />, label: <span data-testid="menu-account">{t('account.menu')}</span> }],
              onClick: ({ key }) => key === 'account' && navigate('/account'),
            }}
          >
            <button type="button" className="header-user-menu" data-testid="header-user-menu">
              <Avatar size="small" icon={<UserOutlined />} className="header-avatar" />
              <span className="header-name" data-testid="header-user-name">
                {user.displayName}
              </span>
            </button>
          </Dropdown>
          <Tag color="blue" className="header-role" data-testid="header-role">
            {bilingual(ROLE_LABELS[user.role])}
          </Tag>
          <Tooltip title={t('header.area')}>
            <span className="header-area" data-testid="header-area">
              <EnvironmentOutlined /> {user.areaName}
            </span>
          </Tooltip>
        </span>
        {trainingDay && (
          <Tag color="red" className="header-training" data-testid="training-day">
            {t('header.trainingDay', { day: trainingDay })}
          </Tag>
        )}
        <LanguageSwitch className="lang-switch" />
        <Button
          type="text"
          className="header-logout"
          icon={<LogoutOutlined />}
          loading={logout.isPending}
          onClick={() => void onLogout()}
          aria-label={t('header.logout')}
          data-testid="logout"
        >
          <span className="header-logout-label">{t('header.logout')}</span>
        </Button>
      </div>
    </Layout.Header>
  );
}
