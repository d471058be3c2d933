import { Card, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { OverdueReport } from '#contracts/report-workflow.ts';
import { ErrorResult } from '../../../components/error-result.tsx';
import { NoPermission } from '../../../components/no-permission.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { useCan } from '../../../lib/auth.tsx';
import { useOverdueReports } from '../api/reports.ts';
import { useQuarterName } from './report-ui.tsx';

/** 逾期未报 The reports of the user's area not submitted by their deadline, with the working days since. */
export default function OverduePage() {
  const { t } = useTranslation();
  const can = useCan('reports.read');
  const quarterName = useQuarterName();
  const q = useOverdueReports();
  if (!can) return <NoPermission hint={t('reports.noPermission')} />;
  return (
    <>
      <PageHeader title={t('reports.overdue.title')} subtitle={t('reports.overdue.subtitle')} />
      <Card>
        {q.isError ? (
          <ErrorResult error={q.error} onRetry={() => void q.refetch()} />
        ) : (
          <Table<OverdueReport>
            size="small"
            loading={q.isLoading}
            rowKey={(r) => `${r.county}/${r.quarter}`}
            dataSource={q.data ?? []}
            locale={{ emptyText: t('reports.overdue.empty') }}
            data-testid="overdue-reports-table"
            columns={[
              { title: t('reports.overdue.col.county'), dataIndex: 'countyName', key: 'c' },
              { title: t('reports.overdue.col.quarter'), key: 'q', render: (_, r) => <Link to={`/reports/quarterly/${r.county}/${r.quarter}`}>{quarterName(r.quarter)}</Link> },
              { title: t('reports.overdue.col.due'), dataIndex: 'due', key: 'd', responsive: ['sm'] },
              { title: t('reports.overdue.col.days'), key: 'n', align: 'right', render: (_, r) => <Tag color="red">{t('reports.overdue.days', { count: r.workingDaysOverdue })}</Tag> },
              { title: t('reports.overdue.col.status'), key: 's', responsive: ['md'], render: (_, r) => t(`reports.status.${r.status}`) },
            ]}
          />
        )}
      </Card>
    </>
  );
}
