import {
  AccountBookOutlined,
  AuditOutlined,
  BarChartOutlined,
  CalculatorOutlined,
  CarryOutOutlined,
  FileSearchOutlined,
  HomeOutlined,
  ScheduleOutlined,
  SettingOutlined,
  TeamOutlined,
  UserSwitchOutlined,
} from '@ant-design/icons';
import { Layout, Menu, type MenuProps, Spin } from 'antd';
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { can } from '#contracts/roles.ts';
import { useCan, useUser } from '../../lib/auth.tsx';
import { AppHeader } from './app-header.tsx';

const { Sider, Content, Footer } = Layout;

export function AppLayout() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  const canSeeCompliance = useCan('compliance.read');
  const canSimulate = useCan('policy.simulate');
  const canSeeReviews = useCan('cases.read');
  const canSeePayroll = can(useUser().role, 'payroll.read');
  const canManageUsers = useCan('users.manage');
  const selected = location.pathname.startsWith('/users/') ? location.pathname : `/${location.pathname.split('/')[1] ?? ''}`;

  const items: MenuProps['items'] = [
    {
      key: 'g-registry',
      type: 'group',
      label: t('nav.registry'),
      children: [
        { key: '/registry', icon: <HomeOutlined />, label: <span data-testid="nav-registry">{t('nav.households')}</span> },
      ],
    },
    {
      key: 'g-later',
      type: 'group',
      label: t('nav.business'),
      children: [
        { key: '/worklist', icon: <CarryOutOutlined />, label: <span data-testid="nav-worklist">{t('nav.worklist')}</span> },
        { key: '/cases', icon: <FileSearchOutlined />, label: <span data-testid="nav-cases">{t('nav.cases')}</span> },
        ...(canSeeReviews ? [{ key: '/reviews', icon: <ScheduleOutlined />, label: <span data-testid="nav-reviews">{t('reviewDesk.nav')}</span> }] : []),
        ...(canSeePayroll ? [{ key: '/payroll', icon: <AccountBookOutlined />, label: <span data-testid="nav-payroll">{t('nav.payroll')}</span> }] : []),
      ],
    },
    {
      key: 'g-policy',
      type: 'group',
      label: t('nav.policy'),
      children: [
        { key: '/calculator', icon: <CalculatorOutlined />, label: <span data-testid="nav-calculator">{t('nav.calculator')}</span> },
        { key: '/parameters', icon: <SettingOutlined />, label: <span data-testid="nav-parameters">{t('nav.parameters')}</span> },
        ...(canSeeCompliance ? [{ key: '/compliance', icon: <AuditOutlined />, label: <span data-testid="nav-compliance">{t('nav.compliance')}</span> }] : []),
        ...(canSimulate ? [{ key: '/simulate', icon: <BarChartOutlined />, label: <span data-testid="nav-simulate">{t('simulate.nav')}</span> }] : []),
      ],
    },
    ...(canManageUsers
      ? [
          {
            key: 'g-admin',
            type: 'group' as const,
            label: t('users.navGroup'),
            children: [{ key: '/users/grants', icon: <UserSwitchOutlined />, label: <span data-testid="nav-grants">{t('users.nav')}</span> }],
          },
        ]
      : []),
  ];

  return (
    <Layout className="app-shell">
      <AppHeader />
      <Layout>
        <Sider
          width={224}
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          theme="light"
          className="app-sider"
          breakpoint="lg"
        >
          <Menu
            mode="inline"
            selectedKeys={[selected]}
            items={items}
            onClick={({ key }) => navigate(key)}
            className="app-menu"
            data-testid="side-menu"
          />
        </Sider>
        <Layout className="app-main">
          <Content className="app-content">
            <Suspense
              fallback={
                <div className="content-center">
                  <Spin size="large" />
                </div>
              }
            >
              <Outlet />
            </Suspense>
          </Content>
          <Footer className="app-footer">
            <TeamOutlined /> {t('app.org')} · {t('app.footer')}
          </Footer>
        </Layout>
      </Layout>
    </Layout>
  );
}
