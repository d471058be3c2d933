import { Button, Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { DASHBOARD_FIGURE_KEYS, type DashboardFigureKey } from '#contracts/dashboard.ts';
import { formatYuanGrouped } from '#kernel/money.ts';
import { ErrorResult } from '../../../components/error-result.tsx';
import { NoPermission } from '../../../components/no-permission.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { useCan, useUser } from '../../../lib/auth.tsx';
import { FigureRowsTable } from '../../reports/components/figure-rows-table.tsx';
import { useDashboardRows } from '../api/dashboard.ts';
import { allowedLink, dashboardLink, dashboardRowColumns } from './dashboard-model.ts';

/**
 * 驾驶舱数字背后的名单 The records behind one number of the dashboard (an area, a month, a figure): exactly those the
 * number counts or sums, a page at a time, with their totals; and the working list where they are dealt with.
 */
export default function DashboardRowsPage() {
  const { t } = useTranslation();
  if (!useCan('dashboard.read')) return <NoPermission hint={t('dashboard.rows.noPermission')} />;
  return <RowsScreen />;
}

function RowsScreen() {
  const { t } = useTranslation();
  const user = useUser();
  const [params] = useSearchParams();
  const area = params.get('area') ?? '';
  const month = params.get('month') ?? '';
  const figure = (params.get('figure') ?? '') as DashboardFigureKey;
  const known = (DASHBOARD_FIGURE_KEYS as readonly string[]).includes(figure);
  const q = useDashboardRows(area, month, figure);
  if (!known) return <ErrorResult error={new Error(t('dashboard.rows.unknown'))} />;
  if (q.isError) return <ErrorResult error={q.error} onRetry={() => void q.refetch()} />;
  const head = q.data?.pages[0];
  const rows = q.data?.pages.flatMap((p) => p.rows) ?? [];
  const work = head ? allowedLink(head.area, figure, user.permissions) : null;
  const value = !head ? '' : head.measure === 'amount' ? `${formatYuanGrouped(head.total.amountFen)} ${t('dashboard.yuanSuffix')}` : String(head.measure === 'persons' ? head.total.persons : head.total.rows);
  return (
    <>
      <PageHeader
        breadcrumb={<Link to={dashboardLink(area, month)}>{t('dashboard.title')}</Link>}
        title={t(`dashboard.figure.${figure}`)}
        subtitle={head ? t('dashboard.rows.subtitle', { area: head.area.name, month: head.month, today: head.today }) : undefined}
      />
      {!head ? (
        <Card loading />
      ) : (
        <Card size="small" data-testid="figure-rows-summary" data-rows={head.total.rows} data-value={head.measure === 'amount' ? head.total.amountFen : head.measure === 'persons' ? head.total.persons : head.total.rows}>
          <Typography.Paragraph style={{ marginBottom: 4 }}>
            {t(`dashboard.figure.${figure}`)}：<Typography.Text strong data-testid="figure-rows-now">{value}</Typography.Text>{' '}
            <Typography.Text type="secondary">{t('dashboard.rows.count', { rows: head.total.rows })}</Typography.Text>
          </Typography.Paragraph>
          {work && (
            <Link to={work} data-testid="figure-rows-worklist">
              <Button size="small">{t('dashboard.rows.workList')}</Button>
            </Link>
          )}
        </Card>
      )}
      {head && (
        <Card style={{ marginTop: 12 }} styles={{ body: { padding: 0 } }}>
          <FigureRowsTable rows={rows} columns={dashboardRowColumns(figure)} total={head.total.rows} hasMore={q.hasNextPage} loadingMore={q.isFetchingNextPage} onMore={() => void q.fetchNextPage()} />
        </Card>
      )}
    </>
  );
}
