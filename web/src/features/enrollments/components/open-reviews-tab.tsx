import { Button, Table, type TableProps, Tag } from 'antd';
import type { MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReviewSummary } from '#contracts/enrollments.ts';
import { ErrorResult } from '../../../components/error-result.tsx';
import { useBilingual } from '../../../lib/i18n.ts';
import type { useOpenReviews } from '../api/list-open-reviews.ts';
import { AreaName, DeskEmpty, HouseholdLink, ListFooter, nowrap, ProgramTag } from './desk-ui.tsx';

/** 进行中的复核: reviews not yet decided, soonest deadline first, each at its current step; clicking a row opens the review drawer. */
export function OpenReviewsTab({ q, onView }: { q: ReturnType<typeof useOpenReviews>; onView: (county: string, reviewId: string) => void }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  if (q.isError) return <ErrorResult error={q.error} onRetry={() => void q.refetch()} />;
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const first = q.data?.pages[0];
  const columns: TableProps<ReviewSummary>['columns'] = [
    { ...nowrap, title: t('reviewDesk.col.household'), key: 'household', render: (_, r) => <HouseholdLink county={r.countyCode} id={r.householdId} name={r.headName} /> },
    { title: t('reviewDesk.col.area'), key: 'area', render: (_, r) => <AreaName code={r.areaCode} /> },
    { ...nowrap, title: t('reviewDesk.col.program'), key: 'program', render: (_, r) => <ProgramTag program={r.program} /> },
    { ...nowrap, title: t('reviewDesk.col.trigger'), key: 'trigger', render: (_, r) => t(`reviews.trigger.${r.trigger}`) },
    { ...nowrap, title: t('reviewDesk.col.openedOn'), dataIndex: 'openedOn', render: (d: string) => <span className="mono">{d}</span> },
    {
      ...nowrap,
      title: t('reviewDesk.col.step'),
      key: 'state',
      render: (_, r) => (
        <Tag color="processing" data-testid="review-row-state" data-state={r.state}>
          {bilingual(r.stateLabel)}
        </Tag>
      ),
    },
    {
      ...nowrap,
      title: t('reviewDesk.col.deadline'),
      key: 'due',
      render: (_, r) =>
        r.dueDate ? (
          <span className={r.overdue ? 'case-overdue' : undefined} data-overdue={String(r.overdue)}>
            <span className="mono">{r.dueDate}</span>
            {r.overdue && (
              <Tag color="error" style={{ marginLeft: 6 }}>
                {t('enrollments.overdue')}
              </Tag>
            )}
          </span>
        ) : (
          '—'
        ),
    },
    {
      ...nowrap,
      title: t('reviewDesk.col.actions'),
      key: 'a',
      width: 100,
      render: (_, r) => (
        <Button size="small" type="link" onClick={() => onView(r.countyCode, r.id)} data-testid="review-row-open">
          {t('reviewDesk.openReview')}
        </Button>
      ),
    },
  ];
  return (
    <>
      <Table<ReviewSummary>
        rowKey={(r) => `${r.countyCode}/${r.id}`}
        columns={columns}
        dataSource={items}
        loading={q.isPending || (q.isFetching && !q.isFetchingNextPage)}
        pagination={false}
        data-testid="open-reviews-table"
        onRow={(r) =>
          ({
            'data-testid': `review-row-${r.id}`,
            style: { cursor: 'pointer' },
            // The household link and the button in the row do their own thing.
            onClick: (e: MouseEvent<HTMLElement>) => {
              if (!(e.target as HTMLElement).closest('a, button')) onView(r.countyCode, r.id);
            },
          }) as object
        }
        locale={{ emptyText: q.isPending ? ' ' : <DeskEmpty testId="open-reviews">{t('reviewDesk.empty.open')}</DeskEmpty> }}
      />
      {first && <ListFooter testId="open-reviews" shown={items.length} total={first.total} hasMore={q.hasNextPage} loading={q.isFetchingNextPage} onMore={() => void q.fetchNextPage()} />}
    </>
  );
}
