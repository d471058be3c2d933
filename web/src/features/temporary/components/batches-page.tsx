import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Empty, Popconfirm, Select, Space, Table, type TableProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { RollView } from '#contracts/payroll.ts';
import { ErrorResult } from '../../../components/error-result.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { useCan, useUser } from '../../../lib/auth.tsx';
import { useBilingual } from '../../../lib/i18n.ts';
import { useRolls } from '../../payroll/api/list-rolls.ts';
import { useCountyOptions } from '../../payroll/components/build-modal.tsx';
import { NoPayrollPermission } from '../../payroll/components/roll-list-page.tsx';
import { RollStatusTag, yuan } from '../../payroll/components/payroll-ui.tsx';
import { useBuildDisbursement, useDisbursementDue } from '../api/disbursements.ts';

/**
 * 临时救助发放批次: what is due in the county now (stages, those without a bank account, failed ones to pay again), the
 * button that builds the batch, and the county's batches — each a payment roll, approved, exported and settled on its
 * roll page (maker ≠ checker), where it is also reconciled against the township reserves.
 */
export default function BatchesPage() {
  if (!useCan('payroll.read')) return <NoPayrollPermission />;
  return <Batches />;
}

function Batches() {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const user = useUser();
  const navigate = useNavigate();
  const canBuild = useCan('payroll.build');
  const counties = useCountyOptions();
  const [picked, setPicked] = useState<string | undefined>();
  const county = counties.fixed ?? picked;
  const [page, setPage] = useState(1);
  const due = useDisbursementDue(county);
  const rolls = useRolls({ program: 'temporary', county, page, pageSize: 20 });
  const build = useBuildDisbursement();
  const d = due.data;
  const nothingDue = d !== undefined && d.stages + d.reissues === 0;
  const columns: TableProps<RollView>['columns'] = [
    {
      title: t('temporary.batches.col.batch'),
      key: 'b',
      render: (_, r) => (
        <Link to={`/payroll/${r.county}/${r.id}`} data-testid={`batch-link-${r.id}`}>
          {t('temporary.batches.name', { month: r.month, round: r.round })}
        </Link>
      ),
    },
    { title: t('temporary.batches.col.county'), dataIndex: 'countyName', key: 'c', responsive: ['md'] },
    { title: t('temporary.batches.col.status'), key: 's', render: (_, r) => <RollStatusTag status={r.status} /> },
    { title: t('temporary.batches.col.lines'), key: 'l', align: 'right', render: (_, r) => r.totals.payLines },
    { title: t('temporary.batches.col.total'), key: 't', align: 'right', render: (_, r) => `${yuan(r.totals.totalFen)} 元` },
    { title: t('temporary.batches.col.held'), key: 'h', align: 'right', responsive: ['md'], render: (_, r) => r.totals.held },
    { title: t('temporary.batches.col.builtBy'), dataIndex: 'builtByName', key: 'by', responsive: ['lg'] },
  ];
  return (
    <>
      <PageHeader title={t('temporary.batches.title')} subtitle={`${user.areaName} · ${t('temporary.batches.subtitle')}`} />
      <Card title={t('temporary.batches.dueTitle')} data-testid="batch-due">
        {counties.fixed === null && (
          <Select
            placeholder={t('temporary.batches.pickCounty')}
            value={picked}
            onChange={(c) => {
              setPicked(c);
              setPage(1);
            }}
            options={counties.options}
            style={{ width: 200, marginBottom: 16 }}
            data-testid="batch-county"
          />
        )}
        {county === undefined ? (
          <Empty description={t('temporary.batches.pickCountyHint')} />
        ) : due.isError ? (
          <ErrorResult error={due.error} onRetry={() => void due.refetch()} />
        ) : (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Descriptions size="small" bordered column={{ xs: 1, md: 3 }} data-testid="batch-due-figures" data-stages={d?.stages} data-reissues={d?.reissues}>
              <Descriptions.Item label={t('temporary.batches.dueStages', { day: d?.upTo ?? '' })}>{d ? t('temporary.batches.amount', { count: d.stages, yuan: yuan(d.stagesFen) }) : '…'}</Descriptions.Item>
              <Descriptions.Item label={t('temporary.batches.withoutAccount')}>{d?.withoutAccount ?? '…'}</Descriptions.Item>
              <Descriptions.Item label={t('temporary.batches.reissues')}>{d ? t('temporary.batches.amount', { count: d.reissues, yuan: yuan(d.reissuesFen) }) : '…'}</Descriptions.Item>
            </Descriptions>
            {d !== undefined && d.withoutAccount > 0 && <Alert type="warning" showIcon title={t('temporary.batches.withoutAccountHint', { count: d.withoutAccount })} />}
            {canBuild && (
              <Popconfirm
                title={t('temporary.batches.confirm')}
                description={t('temporary.batches.confirmHint')}
                okText={t('temporary.batches.build')}
                onConfirm={() => build.mutate({ county }, { onSuccess: (r) => navigate(`/payroll/${r.county}/${r.id}`) })}
                okButtonProps={{ 'data-testid': 'batch-build-confirm' } as Record<`data-${string}`, string>}
              >
                <Button type="primary" icon={<PlusOutlined />} disabled={nothingDue} loading={build.isPending} data-testid="batch-build">
                  {t('temporary.batches.build')}
                </Button>
              </Popconfirm>
            )}
            {nothingDue && <Alert type="info" showIcon title={t('temporary.batches.nothingDue')} data-testid="batch-nothing-due" />}
            {build.isError && <Alert type="error" showIcon title={isApiRequestError(build.error) ? bilingual(build.error.messages) : String(build.error)} data-testid="batch-build-error" />}
          </Space>
        )}
      </Card>
      <Card title={t('temporary.batches.listTitle')} style={{ marginTop: 16 }}>
        {rolls.isError ? (
          <ErrorResult error={rolls.error} onRetry={() => void rolls.refetch()} />
        ) : (
          <Table<RollView>
            rowKey={(r) => `${r.county}/${r.id}`}
            columns={columns}
            dataSource={rolls.data?.items}
            loading={rolls.isFetching}
            data-testid="batches-table"
            locale={{ emptyText: <Empty description={t('temporary.batches.empty')} /> }}
            pagination={{ current: page, pageSize: 20, total: rolls.data?.total ?? 0, onChange: setPage, hideOnSinglePage: true }}
          />
        )}
      </Card>
    </>
  );
}
