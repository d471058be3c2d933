import { App, Badge, Card, Checkbox, Space, Tabs } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { FollowUpView, OverdueReview } from '#contracts/enrollments.ts';
import { AreaCascader } from '../../../components/area-cascader/area-cascader.tsx';
import { ExportButton } from '../../../components/export-button.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { useCan, useUser } from '../../../lib/auth.tsx';
import { useFollowUps } from '../api/follow-up-tasks.ts';
import { useOpenReviews } from '../api/list-open-reviews.ts';
import { DUE_SOON_DAYS, useOverdueReviews } from '../api/list-overdue-reviews.ts';
import { NoPermission } from '../../../components/no-permission.tsx';
import { FollowUpDoneModal } from './follow-up-done-modal.tsx';
import { type FollowUpFilter, FollowUpTab } from './follow-up-tab.tsx';
import { OpenReviewModal } from './open-review-modal.tsx';
import { OpenReviewsTab } from './open-reviews-tab.tsx';
import { OverdueReviewsTab } from './overdue-reviews-tab.tsx';
import { ReviewDrawer } from './review-drawer.tsx';
import { PlacementsTab } from '../../tekun-care/components/placements-tab.tsx';

const TABS = ['overdue', 'open', 'follow-ups', 'tekun'] as const;
type Tab = (typeof TABS)[number];
const FILTERS: readonly FollowUpFilter[] = ['open', 'done', 'all'];

/**
 * 复核与跟进 Reviews and follow-ups (动态管理): the caseworker's desk for the area — periodic reviews overdue, reviews under
 * way, and the checks owed to households that left dibao or tekun. Tab, area and follow-up filter live in the URL so a
 * reload or a shared link shows the same list.
 */
export default function ReviewDeskPage() {
  const allowed = useCan('cases.read');
  if (!allowed) return <NoPermission />;
  return <Desk />;
}

function Desk() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const user = useUser();
  const canOpen = useCan('cases.apply');
  const canComplete = useCan('cases.investigate');
  const [sp, setSp] = useSearchParams();
  const tab: Tab = (TABS as readonly string[]).includes(sp.get('tab') ?? '') ? (sp.get('tab') as Tab) : 'overdue';
  const area = sp.get('area') ?? undefined;
  const filter: FollowUpFilter = FILTERS.includes(sp.get('state') as FollowUpFilter) ? (sp.get('state') as FollowUpFilter) : 'open';
  // "Due soon": the overdue list also shows the reviews falling due within DUE_SOON_DAYS (kept in the URL as soon=1).
  const soon = sp.get('soon') === '1';
  const set = (patch: { tab?: Tab; area?: string | null; state?: FollowUpFilter; soon?: string | null }) => {
    const next = new URLSearchParams(sp);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setSp(next, { replace: true });
  };

  // All three lists load at once: their totals label the tabs, which is what a caseworker opens the page to see.
  const overdue = useOverdueReviews(area, soon ? DUE_SOON_DAYS : undefined);
  const open = useOpenReviews(area);
  const followUps = useFollowUps(filter === 'all' ? undefined : filter, area);

  const [starting, setStarting] = useState<OverdueReview | null>(null);
  const [review, setReview] = useState<{ county: string; id: string } | null>(null);
  const [completing, setCompleting] = useState<FollowUpView | null>(null);

  const today = overdue.data?.pages[0]?.today ?? open.data?.pages[0]?.today;
  const count = (n: number | undefined, testId: string, color?: string) =>
    n === undefined ? null : <Badge count={n} showZero overflowCount={9999} color={n > 0 ? color : '#bfbfbf'} data-testid={testId} data-count={n} />;

  return (
    <>
      <PageHeader
        title={t('reviewDesk.title')}
        subtitle={`${user.areaName} · ${t('reviewDesk.subtitle')}${today ? ` · ${t('reviewDesk.today', { date: today })}` : ''}`}
        extra={
          // The tab shown is what is exported: the enrollments due for review, or the reviews under way.
          tab === 'overdue' ? (
            <ExportButton kind="enrollments" filters={{ area, dueWithin: soon ? DUE_SOON_DAYS : undefined }} />
          ) : tab === 'open' ? (
            <ExportButton kind="reviews" filters={{ area }} />
          ) : null
        }
      />
      <Card>
        <div className="filter-bar" style={{ marginBottom: 8 }}>
          <AreaCascader rootCode={user.areaCode} value={area} onChange={(a) => set({ area: a ?? null })} placeholder={t('reviewDesk.areaPlaceholder')} style={{ width: 300 }} />
          <Checkbox checked={soon} onChange={(e) => set({ soon: e.target.checked ? '1' : null })} data-testid="overdue-due-soon" style={{ marginLeft: 16 }}>
            {t('reviewDesk.dueSoon', { count: DUE_SOON_DAYS })}
          </Checkbox>
        </div>
        <Tabs
          activeKey={tab}
          onChange={(k) => set({ tab: k as Tab })}
          data-testid="desk-tabs"
          items={[
            {
              key: 'overdue',
              label: (
                <Space size={6} data-testid="tab-overdue">
                  {t('reviewDesk.tabs.overdue')}
                  {count(overdue.data?.pages[0]?.total, 'count-overdue')}
                </Space>
              ),
              children: <OverdueReviewsTab q={overdue} canOpen={canOpen} onStart={setStarting} onView={(county, id) => setReview({ county, id })} />,
            },
            {
              key: 'open',
              label: (
                <Space size={6} data-testid="tab-open">
                  {t('reviewDesk.tabs.open')}
                  {count(open.data?.pages[0]?.total, 'count-open', '#1677ff')}
                </Space>
              ),
              children: <OpenReviewsTab q={open} onView={(county, id) => setReview({ county, id })} />,
            },
            {
              key: 'follow-ups',
              label: (
                <Space size={6} data-testid="tab-follow-ups">
                  {t('reviewDesk.tabs.followUps')}
                  {filter === 'open' && count(followUps.data?.pages[0]?.total, 'count-follow-ups', '#faad14')}
                </Space>
              ),
              children: <FollowUpTab q={followUps} filter={filter} onFilter={(state) => set({ state })} canComplete={canComplete} onComplete={setCompleting} />,
            },
            {
              key: 'tekun',
              label: <span data-testid="tab-tekun">{t('tekunCare.roster')}</span>,
              children: <PlacementsTab area={area ?? user.areaCode} />,
            },
          ]}
        />
      </Card>
      {starting && (
        <OpenReviewModal
          enrollment={{ countyCode: starting.countyCode, id: starting.enrollmentId }}
          trigger="scheduled"
          onClose={() => setStarting(null)}
          onOpened={(id) => {
            setReview({ county: starting.countyCode, id });
            setStarting(null);
          }}
        />
      )}
      {review && <ReviewDrawer county={review.county} id={review.id} onClose={() => setReview(null)} />}
      {completing && (
        <FollowUpDoneModal
          task={completing}
          onClose={() => setCompleting(null)}
          onDone={() => {
            setCompleting(null);
            void message.success(t('reviewDesk.done.saved'));
          }}
        />
      )}
    </>
  );
}
