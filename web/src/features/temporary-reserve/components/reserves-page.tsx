import { Card, Empty, Statistic, Table, type TableProps, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ReserveSummary } from '#contracts/temporary-reserve.ts';
import { ErrorResult } from '../../../components/error-result.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { chinaDateTime } from '../../../lib/format.ts';
import { useReserveOverview } from '../api/reserves.ts';
import { ledgerPath, yuan } from './reserve-model.ts';

/** 备用金一览: every township of the user's area with its reserve's balance; each leads to its ledger. */
export default function ReservesPage() {
  const { t } = useTranslation();
  const q = useReserveOverview();
  const columns: TableProps<ReserveSummary>['columns'] = [
    {
      title: t('temporaryReserve.col.township'),
      key: 'township',
      render: (_, r) => (
        <Link to={ledgerPath(r.townshipCode)} data-testid={`reserve-link-${r.townshipCode}`}>
          {r.townshipName}
        </Link>
      ),
    },
    {
      title: t('temporaryReserve.col.balance'),
      key: 'balance',
      align: 'right',
      render: (_, r) =>
        r.opened ? (
          <span data-testid={`reserve-balance-${r.townshipCode}`} data-fen={r.balanceFen}>
            {yuan(r.balanceFen)}
          </span>
        ) : (
          <Tag data-testid={`reserve-balance-${r.townshipCode}`} data-fen={0}>
            {t('temporaryReserve.notOpened')}
          </Tag>
        ),
    },
    { title: t('temporaryReserve.col.updatedAt'), key: 'updatedAt', responsive: ['md'], render: (_, r) => chinaDateTime(r.updatedAt) },
  ];
  return (
    <>
      <PageHeader title={t('temporaryReserve.title')} subtitle={t('temporaryReserve.subtitle')} />
      <Card>
        {q.isError ? (
          <ErrorResult error={q.error} onRetry={() => void q.refetch()} />
        ) : (
          <>
            {q.data && q.data.townships.length > 1 && <Statistic title={t('temporaryReserve.total')} value={yuan(q.data.totalFen)} style={{ marginBottom: 16 }} data-testid="reserve-total" />}
            <Table<ReserveSummary>
              rowKey="townshipCode"
              size="middle"
              columns={columns}
              dataSource={q.data?.townships ?? []}
              loading={q.isFetching}
              pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
              scroll={{ x: 320 }}
              data-testid="reserve-overview"
              locale={{ emptyText: <Empty description={t('temporaryReserve.empty')} /> }}
            />
          </>
        )}
      </Card>
    </>
  );
}
