import { Card, Empty, Table, type TableProps, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CATEGORY_WORDS, type OverduePaperworkView } from '#contracts/temporary.ts';
import { ErrorResult } from '../../../components/error-result.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { yuanText } from '../../../lib/format.ts';
import { useBilingual } from '../../../lib/i18n.ts';
import { useOverduePaperwork } from '../api/temporary.ts';

type Row = OverduePaperworkView['items'][number];

/**
 * 补办手续逾期: the assist-first cases of the user's area whose paperwork is past its due day, oldest first, with the
 * working days overdue; each leads to its case. The county chases them; township staff see their own township's.
 */
export default function OverduePage() {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const q = useOverduePaperwork();
  const columns: TableProps<Row>['columns'] = [
    {
      title: t('temporary.overdue.col.applicant'),
      key: 'a',
      render: (_, r) => (
        <Link to={`/cases/${r.countyCode}/${r.caseId}`} data-testid={`overdue-link-${r.caseId}`}>
          {r.applicantName}
        </Link>
      ),
    },
    {
      title: t('temporary.overdue.col.category'),
      key: 'c',
      render: (_, r) => (
        <>
          {bilingual(CATEGORY_WORDS[r.category])}
          {r.registeredPoor && (
            <Tag color="blue" style={{ marginLeft: 6 }}>
              {t('temporary.card.registeredPoorYes')}
            </Tag>
          )}
        </>
      ),
    },
    { title: t('temporary.overdue.col.eventDate'), dataIndex: 'eventDate', key: 'e', responsive: ['md'] },
    { title: t('temporary.overdue.col.paidFirst'), key: 'p', align: 'right', render: (_, r) => yuanText(r.paidFirstYuan) },
    { title: t('temporary.overdue.col.paidBy'), key: 'b', responsive: ['md'], render: (_, r) => `${r.paidFirstByName ?? '—'} · ${r.paidFirstOn ?? '—'}` },
    { title: t('temporary.overdue.col.due'), dataIndex: 'paperworkDue', key: 'd' },
    {
      title: t('temporary.overdue.col.overdue'),
      key: 'o',
      align: 'right',
      render: (_, r) => (
        <Typography.Text type="danger" data-testid={`overdue-days-${r.caseId}`} data-days={r.workingDaysOverdue}>
          {t('temporary.overdue.days', { count: r.workingDaysOverdue })}
        </Typography.Text>
      ),
    },
  ];
  return (
    <div data-testid="temporary-overdue-page">
      <PageHeader title={t('temporary.overdue.title')} subtitle={t('temporary.overdue.subtitle')} />
      <Card>
        {q.isError ? (
          <ErrorResult error={q.error} onRetry={() => void q.refetch()} />
        ) : (
          <>
            {q.data?.truncated && <Typography.Paragraph type="warning">{t('temporary.overdue.truncated')}</Typography.Paragraph>}
            <Table<Row>
              rowKey="caseId"
              size="middle"
              columns={columns}
              dataSource={q.data?.items ?? []}
              loading={q.isFetching}
              pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
              scroll={{ x: 360 }}
              data-testid="overdue-table"
              locale={{ emptyText: <Empty description={t('temporary.overdue.empty')} /> }}
            />
          </>
        )}
      </Card>
    </div>
  );
}
