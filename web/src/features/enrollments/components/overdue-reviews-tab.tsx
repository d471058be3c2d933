import { Button, Space, Table, type TableProps, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OverdueReview } from '#contracts/enrollments.ts';
import { ErrorResult } from '../../../components/error-result.tsx';
import type { useOverdueReviews } from '../api/list-overdue-reviews.ts';
import { AreaName, DeskEmpty, HouseholdLink, ListFooter, nowrap, ProgramTag } from './desk-ui.tsx';
import { overdueLabel, overdueStatus } from './review-desk-model.ts';

/** Days late in red, and the periods missed when a whole one has gone by (the urgent kind). */
function Overdue({ r, today }: { r: OverdueReview; today: string }) {
  const { t } = useTranslation();
  const s = overdueStatus({ nextDue: r.nextDue, intervalMonths: r.intervalMonths, daysOverdue: r.daysOverdue, today });
  const [days, missed] = overdueLabel(s);
  return (
    <Space size={4} wrap data-testid="overdue-days" data-days={s.days} data-tone={s.tone}>
      <Typography.Text type={s.tone === 'due' ? 'warning' : 'danger'} strong>
        {t(days.key, days.values)}
      </Typography.Text>
      {missed && <Tag color="error">{t(missed.key, missed.values)}</Tag>}
    </Space>
  );
}

/**
 * 逾期/到期复核: enrollments whose periodic review day has passed, longest overdue first. A row without a review opens
 * one on schedule; a row whose review is already open shows it.
 */
export function OverdueReviewsTab({
  q,
  canOpen,
  onStart,
  onView,
}: {
  q: ReturnType<typeof useOverdueReviews>;
  canOpen: boolean;
  onStart: (r: OverdueReview) => void;
  onView: (county: string, reviewId: string) => void;
}) {
  const { t } = useTranslation();
  if (q.isError) return <ErrorResult error={q.error} onRetry={() => void q.refetch()} />;
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const first = q.data?.pages[0];
  const today = first?.today ?? '';
  const columns: TableProps<OverdueReview>['columns'] = [
    { ...nowrap, title: t('reviewDesk.col.household'), key: 'household', render: (_, r) => <HouseholdLink county={r.countyCode} id={r.householdId} name={r.headName} /> },
    { title: t('reviewDesk.col.area'), key: 'area', render: (_, r) => <AreaName code={r.areaCode} /> },
    { ...nowrap, title: t('reviewDesk.col.program'), key: 'program', render: (_, r) => <ProgramTag program={r.program} /> },
    { ...nowrap, title: t('reviewDesk.col.reviewClass'), key: 'class', render: (_, r) => t(`enrollments.reviewClass.${r.reviewClass}`) },
    { ...nowrap, title: t('reviewDesk.col.nextDue'), dataIndex: 'nextDue', render: (d: string) => <span className="mono">{d}</span> },
    { ...nowrap, title: t('reviewDesk.col.overdue'), key: 'overdue', render: (_, r) => <Overdue r={r} today={today} /> },
    {
      ...nowrap,
      title: t('reviewDesk.col.actions'),
      key: 'a',
      width: 120,
      render: (_, r) =>
        r.openReviewId ? (
          <Button size="small" onClick={() => onView(r.countyCode, r.openReviewId as string)} data-testid="overdue-view-review">
            {t('reviewDesk.viewReview')}
          </Button>
        ) : (
          canOpen && (
            <Button size="small" type="primary" onClick={() => onStart(r)} data-testid="overdue-start-review">
              {t('reviewDesk.startReview')}
            </Button>
          )
        ),
    },
  ];
  return (
    <>
      <Table<OverdueReview>
        rowKey={(r) => `${r.countyCode}/${r.enrollmentId}`}
        columns={columns}
        dataSource={items}
        loading={q.isPending || (q.isFetching && !q.isFetchingNextPage)}
        pagination={false}
        data-testid="overdue-table"
        onRow={(r) => ({ 'data-testid': `overdue-row-${r.enrollmentId}` }) as object}
        locale={{ emptyText: q.isPending ? ' ' : <DeskEmpty testId="overdue">{t('reviewDesk.empty.overdue')}</DeskEmpty> }}
      />
      {first && <ListFooter testId="overdue" shown={items.length} total={first.total} hasMore={q.hasNextPage} loading={q.isFetchingNextPage} onMore={() => void q.fetchNextPage()} />}
    </>
  );
}
