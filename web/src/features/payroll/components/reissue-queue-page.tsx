import { Card, Empty, Table, type TableProps, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ReissuePage } from '#contracts/payroll.ts';
import { ErrorResult } from '../../../components/error-result.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { useCan } from '../../../lib/auth.tsx';
import { useReissueQueue } from '../api/reissue-queue.ts';
import { NoPayrollPermission } from './roll-list-page.tsx';
import { KindTag, yuan } from './payroll-ui.tsx';

type Item = ReissuePage['items'][number];

/**
 * 待重发队列: failed payments of closed rolls, and payments held for a missing bank account; the next roll of the county
 * and program pays them once the household has an account — until then each says the account is missing.
 */
export default function ReissueQueuePage() {
  if (!useCan('payroll.read')) return <NoPayrollPermission />;
  return <Queue />;
}

function Queue() {
  const { t } = useTranslation();
  const [page, setPage] = useState({ page: 1, pageSize: 50 });
  const q = useReissueQueue(page);
  const columns: TableProps<Item>['columns'] = [
    { title: t('payroll.col.rollMonth'), key: 'roll', render: (_, r) => <Link to={`/payroll/${r.county}/${r.rollId}`}>{r.rollMonth}</Link> },
    { title: t('payroll.col.seq'), dataIndex: 'seq', width: 80 },
    { title: t('payroll.col.kind'), key: 'kind', render: (_, r) => <KindTag kind={r.kind} /> },
    { title: t('payroll.col.benefitMonth'), dataIndex: 'benefitMonth' },
    { title: t('payroll.col.payee'), dataIndex: 'payeeName' },
    { title: t('payroll.col.household'), dataIndex: 'householdId' },
    { title: t('payroll.col.account'), dataIndex: 'bankAccount', render: (a: string | null) => <span className="mono nowrap">{a ?? '—'}</span> },
    { title: t('payroll.col.amount'), dataIndex: 'amountFen', align: 'right', render: (f: number) => yuan(f) },
    {
      title: t('payroll.col.reason'),
      key: 'reason',
      render: (_, r) => (
        <span data-testid="queue-reason" data-reason={r.reason}>
          {r.reason === 'held' && r.holdReason ? t(`payroll.hold.${r.holdReason}`) : `${t(`payroll.queueReason.${r.reason}`)}${r.bankReason ? `：${r.bankReason}` : ''}`}
        </span>
      ),
    },
    {
      title: t('payroll.col.accountChanged'),
      key: 'account',
      render: (_, r) =>
        !r.accountPresent ? (
          <Tag color="error" data-testid="queue-account-missing">
            {t('payroll.accountMissing')}
          </Tag>
        ) : r.accountChanged ? (
          <Tag color="success">{t('common.yes')}</Tag>
        ) : (
          <Tag>{t('common.no')}</Tag>
        ),
    },
  ];
  return (
    <>
      <PageHeader breadcrumb={<Link to="/payroll">{t('payroll.title')}</Link>} title={t('payroll.queueTitle')} subtitle={t('payroll.queueSubtitle')} />
      <Card>
        {q.isError ? (
          <ErrorResult error={q.error} onRetry={() => void q.refetch()} />
        ) : (
          <Table<Item>
            rowKey={(r) => `${r.county}/${r.rollId}/${r.seq}`}
            columns={columns}
            dataSource={q.data?.items}
            loading={q.isFetching}
            data-testid="queue-table"
            locale={{ emptyText: <Empty description={t('payroll.queueEmpty')} /> }}
            pagination={{ current: page.page, pageSize: page.pageSize, total: q.data?.total ?? 0, onChange: (p, pageSize) => setPage({ page: p, pageSize }) }}
          />
        )}
      </Card>
    </>
  );
}
