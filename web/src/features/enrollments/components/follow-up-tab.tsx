import { Button, Segmented, Space, Table, type TableProps, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FollowUpView } from '#contracts/enrollments.ts';
import { ErrorResult } from '../../../components/error-result.tsx';
import type { FollowUpState, useFollowUps } from '../api/follow-up-tasks.ts';
import { AreaName, DeskEmpty, HouseholdLink, ListFooter, nowrap, ProgramTag } from './desk-ui.tsx';
import { exitBasisKey } from './review-desk-model.ts';

export type FollowUpFilter = FollowUpState | 'all';

/**
 * 跟进任务: every exit from dibao or tekun leaves a task to check whether the household needs other assistance
 * (POLICY.md §4); waiting ones first by default, oldest first. "已跟进" records what the check found.
 */
export function FollowUpTab({
  q,
  filter,
  onFilter,
  canComplete,
  onComplete,
}: {
  q: ReturnType<typeof useFollowUps>;
  filter: FollowUpFilter;
  onFilter: (f: FollowUpFilter) => void;
  canComplete: boolean;
  onComplete: (task: FollowUpView) => void;
}) {
  const { t } = useTranslation();
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const first = q.data?.pages[0];
  const reason = (basis: string) => {
    const key = exitBasisKey(basis);
    return key ? t(key) : basis;
  };
  const columns: TableProps<FollowUpView>['columns'] = [
    { ...nowrap, title: t('reviewDesk.col.household'), key: 'household', render: (_, r) => <HouseholdLink county={r.countyCode} id={r.householdId} name={r.headName} /> },
    { title: t('reviewDesk.col.area'), key: 'area', render: (_, r) => <AreaName code={r.areaCode} /> },
    { ...nowrap, title: t('reviewDesk.col.program'), key: 'program', render: (_, r) => <ProgramTag program={r.program} /> },
    { ...nowrap, title: t('reviewDesk.col.exitReason'), key: 'reason', render: (_, r) => <span data-testid="follow-up-reason">{reason(r.exitBasis)}</span> },
    { ...nowrap, title: t('reviewDesk.col.exitMonth'), dataIndex: 'exitMonth', render: (m: string) => <span className="mono">{m}</span> },
    { ...nowrap, title: t('reviewDesk.col.createdOn'), dataIndex: 'createdOn', render: (d: string) => <span className="mono">{d}</span> },
    {
      ...nowrap,
      title: t('reviewDesk.col.status'),
      key: 'state',
      render: (_, r) => (
        <Tag color={r.state === 'open' ? 'warning' : 'success'} data-testid="follow-up-state" data-state={r.state}>
          {t(`enrollments.followUpState.${r.state}`)}
        </Tag>
      ),
    },
    {
      title: t('reviewDesk.col.result'),
      key: 'result',
      render: (_, r) =>
        r.state === 'done' ? (
          <Space orientation="vertical" size={0} data-testid="follow-up-result">
            {r.outcome && <span>{t(`reviewDesk.outcome.${r.outcome}`)}</span>}
            {r.note && <Typography.Text type="secondary">{r.note}</Typography.Text>}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('reviewDesk.done.by', { name: r.doneByName ?? '', date: r.doneOn ?? '' })}
            </Typography.Text>
          </Space>
        ) : (
          '—'
        ),
    },
    {
      ...nowrap,
      title: t('reviewDesk.col.actions'),
      key: 'a',
      width: 100,
      render: (_, r) =>
        r.state === 'open' &&
        canComplete && (
          <Button size="small" type="primary" onClick={() => onComplete(r)} data-testid="follow-up-done">
            {t('reviewDesk.markDone')}
          </Button>
        ),
    },
  ];
  return (
    <>
      <Segmented<FollowUpFilter>
        value={filter}
        onChange={onFilter}
        options={(['open', 'done', 'all'] as const).map((f) => ({ value: f, label: t(`reviewDesk.followUpFilter.${f}`) }))}
        style={{ marginBottom: 12 }}
        data-testid="follow-up-filter"
      />
      {q.isError ? (
        <ErrorResult error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <>
          <Table<FollowUpView>
            rowKey={(r) => `${r.countyCode}/${r.id}`}
            columns={columns}
            dataSource={items}
            loading={q.isPending || (q.isFetching && !q.isFetchingNextPage)}
            pagination={false}
            data-testid="follow-up-table"
            onRow={(r) => ({ 'data-testid': `follow-up-row-${r.enrollmentId}` }) as object}
            locale={{ emptyText: q.isPending ? ' ' : <DeskEmpty testId="follow-up">{t(filter === 'open' ? 'reviewDesk.empty.followUpsOpen' : 'reviewDesk.empty.followUps')}</DeskEmpty> }}
          />
          {first && <ListFooter testId="follow-up" shown={items.length} total={first.total} hasMore={q.hasNextPage} loading={q.isFetchingNextPage} onMore={() => void q.fetchNextPage()} />}
        </>
      )}
    </>
  );
}
