import {
  SafetyCertificateOutlined,
  AccountBookOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BarChartOutlined,
  CalculatorOutlined,
  CalendarOutlined,
  CarryOutOutlined,
  CompassOutlined,
  DiffOutlined,
  FileSearchOutlined,
  FundOutlined,
  HomeOutlined,
  ScheduleOutlined,
  SettingOutlined,
  TeamOutlined,
  UserOutlined,
  UserSwitchOutlined,
  WalletOutlined,
} from '@ant-design/icons';
import { Layout, Menu, type MenuProps, Spin } from 'antd';
import { type ReactNode, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useUser } from '../../lib/auth.tsx';
import { selectedEntry, visibleNavigation } from '../navigation.ts';
import { AppHeader } from './app-header.tsx';
import { FieldVisitAutoSync } from '../../features/field-visits/components/auto-sync.tsx';

const { Sider, Content, Footer } = Layout;

/** The menu's icons, by entry path (the entries themselves are the navigation model, `app/navigation.ts`). */
const ICONS: Record<string, ReactNode> = {
  '/registry': <HomeOutlined />,
  '/worklist': <CarryOutOutlined />,
  '/field-visits': <CompassOutlined />,
  '/cases': <FileSearchOutlined />,
  '/reviews': <ScheduleOutlined />,
  '/payroll': <AccountBookOutlined />,
  '/users': <UserOutlined />,
  '/users/grants': <UserSwitchOutlined />,
  '/calendar': <CalendarOutlined />,
  '/calculator': <CalculatorOutlined />,
  '/parameters': <SettingOutlined />,
  '/compliance': <AuditOutlined />,
  '/simulate': <BarChartOutlined />,
  '/divisions': <ApartmentOutlined />,
  '/poverty': <FundOutlined />,
  '/poverty/matches': <DiffOutlined />,
  '/temporary/reserves': <WalletOutlined />,
  '/outreach': <TeamOutlined />,
  '/audit': <SafetyCertificateOutlined />,
};

export function AppLayout() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  const groups = visibleNavigation(useUser().permissions);
  const selected = selectedEntry(location.pathname);

  const items: MenuProps['items'] = groups.map((g) => ({
    key: g.key,
    type: 'group' as const,
    label: t(g.label),
    children: g.entries.map((e) => ({ key: e.path, icon: ICONS[e.path], label: <span data-testid={e.testId}>{t(e.label)}</span> })),
  }));

  return (
    <Layout className="app-shell">
      <AppHeader />
      <FieldVisitAutoSync />
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
            selectedKeys={selected ? [selected] : []}
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
