import { Button, Card, Empty, Switch, Table, type TableProps, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { WorklistItem } from '#contracts/cases.ts';
import { AreaCascader } from '../../../components/area-cascader/area-cascader.tsx';
import { ErrorResult } from '../../../components/error-result.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { useUser } from '../../../lib/auth.tsx';
import { FindingsCard } from '../../rectification/components/findings-card.tsx';
import { useWorklist } from '../api/get-worklist.ts';
import { OutreachCard } from '../../outreach/components/outreach-card.tsx';

/**
 * 待办事项: the cases of the user's area waiting for the user's role, soonest due first, overdue ones in red, pages
 * added by "load more" (keyset: as fast at the hundredth page as at the first).
 */
export default function WorklistPage() {
  const { t } = useTranslation();
  const user = useUser();
  const [sp, setSp] = useSearchParams();
  const filters = { area: sp.get('area') ?? undefined, overdue: sp.get('overdue') === 'true' || undefined };
  const set = (patch: Partial<typeof filters>) => {
    const next = { ...filters, ...patch };
    const out = new URLSearchParams();
    if (next.area) out.set('area', next.area);
    if (next.overdue) out.set('overdue', 'true');
    setSp(out);
  };
  const q = useWorklist(filters);
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const first = q.data?.pages[0];

  const columns: TableProps<WorklistItem>['columns'] = [
    {
      title: t('worklist.col.due'),
      key: 'due',
      width: 170,
      render: (_, r) =>
        r.dueDate ? (
          <span className={r.overdue ? 'worklist-overdue' : undefined} data-testid="worklist-due" data-overdue={String(r.overdue)}>
            {r.dueDate}
            {r.overdue && (
              <Tag color="error" style={{ marginLeft: 6 }}>
                {t('cases.overdue')}
              </Tag>
            )}
          </span>
        ) : (
          <Typography.Text type="secondary">{t('cases.noDeadline')}</Typography.Text>
        ),
    },
    {
      title: t('worklist.col.applicant'),
      dataIndex: 'applicantName',
      render: (n: string, r) => (
        <Link to={`/cases/${r.countyCode}/${r.id}`} className="cell-name" data-testid="worklist-name">
          {n}
        </Link>
      ),
    },
    { title: t('worklist.col.area'), dataIndex: 'areaName' },
    { title: t('worklist.col.kind'), dataIndex: 'kind', render: (k: WorklistItem['kind']) => t(`cases.kinds.${k}`) },
    { title: t('worklist.col.state'), dataIndex: 'state', render: (s: WorklistItem['state']) => <Tag>{t(`cases.state.${s}`)}</Tag> },
    {
      title: t('worklist.col.steps'),
      key: 'steps',
      render: (_, r) => (
        <>
          {r.nextSteps.map((s) => (
            <Tag key={s} color="blue">
              {t(`cases.step.${s}`)}
            </Tag>
          ))}
          {r.availableFrom && <Typography.Text type="secondary">{t('worklist.availableFrom', { date: r.availableFrom })}</Typography.Text>}
        </>
      ),
    },
    { title: t('worklist.col.actions'), key: 'a', width: 80, render: (_, r) => <Link to={`/cases/${r.countyCode}/${r.id}`}>{t('worklist.open')}</Link> },
  ];

  return (
    <>
      <PageHeader title={t('worklist.title')} subtitle={`${user.areaName} · ${t('worklist.subtitle')}${first ? ` · ${t('worklist.today', { date: first.today })}` : ''}`} />
      <OutreachCard />
      <FindingsCard />
      <Card>
        <div className="filter-bar" style={{ marginBottom: 16 }}>
          <AreaCascader rootCode={user.areaCode} value={filters.area} onChange={(area) => set({ area })} placeholder={t('worklist.areaPlaceholder')} style={{ width: 300 }} />
          <span>
            <Switch checked={Boolean(filters.overdue)} onChange={(v) => set({ overdue: v || undefined })} data-testid="worklist-overdue" /> {t('worklist.overdueOnly')}
          </span>
        </div>
        {q.isError ? (
          <ErrorResult error={q.error} onRetry={() => void q.refetch()} />
        ) : (
          <>
            <Table<WorklistItem>
              rowKey={(r) => `${r.countyCode}/${r.id}`}
              columns={columns}
              dataSource={items}
              loading={q.isFetching && !q.isFetchingNextPage}
              pagination={false}
              rowClassName={(r) => (r.overdue ? 'row-overdue' : '')}
              data-testid="worklist-table"
              onRow={(r) => ({ 'data-testid': `worklist-row-${r.id}` }) as object}
              locale={{ emptyText: <Empty description={t('worklist.empty')} /> }}
            />
            <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginTop: 16 }}>
              <Typography.Text type="secondary" data-testid="worklist-shown" data-capped={String(Boolean(first?.totalCapped))}>
                {first?.totalCapped
                  ? // The server counts to 1,000 (ADR 0010); past that, what is on screen is the better lower bound.
                    t('worklist.shownCapped', { shown: items.length, total: Math.max(first.total, items.length) })
                  : t('worklist.shown', { shown: items.length, total: first?.total ?? 0 })}
              </Typography.Text>
              {q.hasNextPage && (
                <Button onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage} data-testid="worklist-load-more">
                  {t('worklist.loadMore')}
                </Button>
              )}
            </div>
          </>
        )}
      </Card>
    </>
  );
}
