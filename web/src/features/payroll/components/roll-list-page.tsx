import { useQueryClient } from '@tanstack/react-query';
import { PlusOutlined, RedoOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Select, Space, Table, type TableProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { type JobView, PROGRAM_VALUES, type RollView } from '#contracts/payroll.ts';
import { ErrorResult } from '../../../components/error-result.tsx';
import { ExportButton } from '../../../components/export-button.tsx';
import { NoPermission } from '../../../components/no-permission.tsx';
import { listPagination, usePagedParams } from '../../../components/paged-list.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { useCan, useUser } from '../../../lib/auth.tsx';
import { useRolls } from '../api/list-rolls.ts';
import { payrollKeys } from '../api/query-keys.ts';
import { BuildModal, useCountyOptions } from './build-modal.tsx';
import { JobModal } from './job-modal.tsx';
import { RollStatusTag, yuan } from './payroll-ui.tsx';


function useListParams() {
  return usePagedParams((sp) => ({
    county: sp.get('county') ?? undefined,
    program: (sp.get('program') as 'dibao' | 'tekun' | null) ?? undefined,
  }));
}

export function NoPayrollPermission() {
  const { t } = useTranslation();
  return <NoPermission hint={t('payroll.noPermission')} />;
}

/** 资金发放: the rolls of the user's counties, newest month first; building a roll; the way to the re-issue queue. */
export default function RollListPage() {
  if (!useCan('payroll.read')) return <NoPayrollPermission />;
  return <RollList />;
}

function RollList() {
  const { t } = useTranslation();
  const user = useUser();
  const canBuild = useCan('payroll.build');
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [params, update] = useListParams();
  const [building, setBuilding] = useState(false);
  const [job, setJob] = useState<JobView | null>(null);
  const counties = useCountyOptions();
  const q = useRolls(params);
  const open = (county: string, id: string) => navigate(`/payroll/${county}/${id}`);
  const columns: TableProps<RollView>['columns'] = [
    {
      title: t('payroll.col.month'),
      dataIndex: 'month',
      render: (m: string, r) => (
        <Link to={`/payroll/${r.county}/${r.id}`} className="cell-name" data-testid="roll-row-month">
          {m}
        </Link>
      ),
    },
    { title: t('payroll.col.county'), dataIndex: 'countyName' },
    { title: t('payroll.col.program'), dataIndex: 'program', render: (p: RollView['program']) => t(`payroll.programs.${p}`) },
    { title: t('payroll.col.status'), dataIndex: 'status', render: (s: RollView['status']) => <RollStatusTag status={s} /> },
    { title: t('payroll.col.lines'), key: 'lines', align: 'right', render: (_, r) => r.totals.lines },
    { title: t('payroll.col.persons'), key: 'persons', align: 'right', render: (_, r) => r.totals.persons },
    { title: t('payroll.col.total'), key: 'total', align: 'right', render: (_, r) => yuan(r.totals.totalFen) },
    { title: t('payroll.col.builtBy'), dataIndex: 'builtByName' },
  ];
  return (
    <>
      <PageHeader
        title={t('payroll.title')}
        subtitle={`${user.areaName} · ${t('payroll.subtitle')}`}
        extra={
          <Space wrap>
            <ExportButton kind="rolls" filters={{ county: params.county, program: params.program }} />
            <Button icon={<RedoOutlined />} onClick={() => navigate('/payroll/reissue')} data-testid="open-queue">
              {t('payroll.openQueue')}
            </Button>
            {canBuild && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setBuilding(true)} data-testid="build-open">
                {t('payroll.build')}
              </Button>
            )}
          </Space>
        }
      />
      <Card>
        <div className="filter-bar" style={{ marginBottom: 16 }}>
          {counties.fixed === null && (
            <Select allowClear placeholder={t('payroll.allCounties')} value={params.county} onChange={(county) => update({ county, page: 1 })} options={counties.options} style={{ width: 180 }} />
          )}
          <Select
            allowClear
            placeholder={t('payroll.allPrograms')}
            value={params.program}
            onChange={(program) => update({ program, page: 1 })}
            options={PROGRAM_VALUES.map((p) => ({ value: p, label: t(`payroll.programs.${p}`) }))}
            style={{ width: 140 }}
          />
        </div>
        {q.isError ? (
          <ErrorResult error={q.error} onRetry={() => void q.refetch()} />
        ) : (
          <Table<RollView>
            rowKey={(r) => `${r.county}/${r.id}`}
            columns={columns}
            dataSource={q.data?.items}
            loading={q.isFetching}
            data-testid="rolls-table"
            locale={{ emptyText: <Empty description={t('payroll.empty')} /> }}
            pagination={listPagination({
              page: params.page,
              pageSize: params.pageSize,
              total: q.data?.total,
              showTotal: (total) => t('payroll.total', { count: total }),
              onChange: update,
            })}
          />
        )}
      </Card>
      <BuildModal open={building} onClose={() => setBuilding(false)} onStarted={setJob} />
      {job && (
        <JobModal
          job={job}
          onClose={() => setJob(null)}
          onEnded={() => void qc.invalidateQueries({ queryKey: payrollKeys.all })}
          onOpenRoll={(j) => j.rollId && open(j.county, j.rollId)}
        />
      )}
    </>
  );
}
