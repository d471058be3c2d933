import { Card, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { OverdueList } from '#contracts/rectification.ts';
import { ErrorResult } from '../../../components/error-result.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { useBilingual } from '../../../lib/i18n.ts';
import { useOverdueFindings } from '../api/rectification.ts';

type Row = OverdueList['items'][number];

/** 整改逾期 The open findings of the user's area past their deadline, the longest overdue first, in working days. */
export default function FindingsOverduePage() {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const q = useOverdueFindings();
  return (
    <>
      <PageHeader title={t('rectification.overdue.title')} subtitle={q.data ? t('rectification.overdue.subtitle', { date: q.data.today, count: q.data.total }) : undefined} />
      <Card>
        {q.isError ? (
          <ErrorResult error={q.error} onRetry={() => void q.refetch()} />
        ) : (
          <Table<Row>
            size="small"
            loading={q.isLoading}
            rowKey={(r) => `${r.county}/${r.id}`}
            dataSource={q.data?.items ?? []}
            locale={{ emptyText: t('rectification.overdue.empty') }}
            data-testid="findings-overdue-table"
            scroll={{ x: true }}
            columns={[
              { title: t('rectification.col.rule'), key: 'r', render: (_, r) => <Link to={`/findings/${r.county}/${r.id}`}>{bilingual(r.ruleName)}</Link> },
              { title: t('rectification.col.area'), dataIndex: 'areaName', key: 'a', responsive: ['sm'] },
              { title: t('rectification.col.due'), dataIndex: 'dueOn', key: 'd' },
              { title: t('rectification.col.late'), key: 'n', align: 'right', render: (_, r) => <Tag color="red">{t('rectification.overdue.days', { count: r.workingDaysOverdue })}</Tag> },
            ]}
          />
        )}
      </Card>
    </>
  );
}
