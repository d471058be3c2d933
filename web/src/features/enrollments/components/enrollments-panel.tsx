import { Button, Card, Descriptions, Empty, List, Skeleton, Space, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EnrollmentDetail } from '#contracts/enrollments.ts';
import { ErrorResult } from '../../../components/error-result.tsx';
import { useBilingual } from '../../../lib/i18n.ts';
import { EnrollmentCare } from '../../tekun-care/components/enrollment-care.tsx';
import { useHouseholdEnrollments } from '../api/get-household-enrollments.ts';
import { type Action, ActionModal } from './action-modal.tsx';
import { OpenReviewModal } from './open-review-modal.tsx';
import { ReviewDrawer } from './review-drawer.tsx';
import { TermStatusTag, TermsTable } from './terms-table.tsx';
import { FamilyNotices } from './family-notices.tsx';

const MONEY_ACTIONS: Action[] = ['increase', 'reduce', 'suspend', 'resume', 'stop'];
const TEKUN_ACTIONS: Action[] = ['termination_notice', 'termination_confirm', 'termination_withdraw'];

type Opened = { kind: 'action'; enrollment: EnrollmentDetail; action: Action } | { kind: 'open_review'; enrollment: EnrollmentDetail } | null;

/** The actions the server says apply now: takeable ones as buttons, the others hidden unless the reason helps (role). */
function Actions({ e, onOpen }: { e: EnrollmentDetail; onOpen: (o: Opened) => void }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const order: string[] = [...MONEY_ACTIONS, ...TEKUN_ACTIONS, 'open_review'];
  // A running notice shows its confirmation, greyed with the day it can be taken; other refusals stay out of the way.
  const visible = e.actions.filter((a) => a.canTake || (a.action === 'termination_confirm' && a.refusal?.code === 'NOTICE_RUNNING'));
  visible.sort((x, y) => order.indexOf(x.action) - order.indexOf(y.action));
  if (visible.length === 0) return null;
  return (
    <Space wrap data-testid="enrollment-actions">
      {visible.map((a) => (
        <Tooltip key={a.action} title={a.refusal ? bilingual(a.refusal.message) : undefined}>
          <Button
            size="small"
            danger={a.action === 'stop' || a.action === 'termination_confirm'}
            disabled={!a.canTake}
            onClick={() => onOpen(a.action === 'open_review' ? { kind: 'open_review', enrollment: e } : { kind: 'action', enrollment: e, action: a.action as Action })}
            data-testid={`enrollment-action-${a.action}`}
          >
            {t(`enrollments.action.${a.action}`)}
          </Button>
        </Tooltip>
      ))}
    </Space>
  );
}

function Enrollment({ e, onOpen, onReview }: { e: EnrollmentDetail; onOpen: (o: Opened) => void; onReview: (id: string) => void }) {
  const { t } = useTranslation();
  const month = (m: EnrollmentDetail['current']) =>
    m ? (
      <Space size={4}>
        <TermStatusTag status={m.status} />
        <span className="mono">¥ {m.amountYuan}</span>
      </Space>
    ) : (
      '—'
    );
  const s = e.schedule;
  const notice = e.terminationNotice;
  return (
    <Card
      size="small"
      className="section-card"
      data-testid="enrollment-card"
      data-enrollment={e.id}
      title={
        <Space wrap>
          <Tag color={e.program === 'tekun' ? 'purple' : 'blue'}>{t(`enrollments.programs.${e.program}`)}</Tag>
          <span>{t(`enrollments.units.${e.unit}`)}</span>
          {e.unit === 'individual' && e.personName && <strong>{e.personName}</strong>}
          {e.tekunCare?.current && (
            <Tag color="geekblue" data-testid="enrollment-placement">
              {t(`tekunCare.placementShort.${e.tekunCare.current.placement}`)} · {t(`tekunCare.levels.${e.tekunCare.current.level}`)}
            </Tag>
          )}
          <Typography.Text type="secondary" className="mono">
            {e.startMonth}
            {e.endMonth ? ` – ${e.endMonth}` : ''}
          </Typography.Text>
        </Space>
      }
      extra={<Actions e={e} onOpen={onOpen} />}
    >
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2, xl: 4 }}
        items={[
          { key: 'current', label: `${t('enrollments.field.current')} ${e.current?.month ?? ''}`, children: <span data-testid="enrollment-current">{month(e.current)}</span> },
          { key: 'next', label: `${t('enrollments.field.next')} ${e.next?.month ?? ''}`, children: <span data-testid="enrollment-next">{month(e.next)}</span> },
          {
            key: 'review',
            label: t('enrollments.field.nextReview'),
            children: s ? (
              <span>
                <span className={s.overdue ? 'case-overdue' : undefined}>{s.nextDue}</span> · {t(`enrollments.reviewClass.${s.reviewClass}`)}
                {s.overdue && (
                  <Tag color="error" style={{ marginLeft: 6 }}>
                    {t('enrollments.overdue')}
                  </Tag>
                )}
              </span>
            ) : (
              '—'
            ),
          },
          ...(notice
            ? [{ key: 'notice', label: t('enrollments.field.notice'), children: `${t(`enrollments.noticeState.${notice.state}`)} · ${notice.notifiedOn} → ${notice.endsOn} · ${t(`enrollments.grounds.${notice.ground}`)}` }]
            : []),
          ...(e.followUp ? [{ key: 'follow', label: t('enrollments.field.followUp'), children: `${t(`enrollments.followUpState.${e.followUp.state}`)} (${e.followUp.exitMonth})` }] : []),
        ]}
      />
      <EnrollmentCare e={e} />
      <Typography.Text strong>{t('enrollments.terms.title')}</Typography.Text>
      <TermsTable terms={e.terms} />
      <FamilyNotices e={e} />
      {e.reviews.length > 0 && (
        <List
          size="small"
          header={<Typography.Text strong>{t('reviews.list')}</Typography.Text>}
          dataSource={e.reviews}
          renderItem={(r) => (
            <List.Item
              actions={[
                <Button key="open" size="small" type="link" onClick={() => onReview(r.id)} data-testid="review-open">
                  {t('reviews.open')}
                </Button>,
              ]}
            >
              <Space wrap>
                <span>{r.openedOn}</span>
                <span>{t(`reviews.trigger.${r.trigger}`)}</span>
                <Tag>{t(`reviews.state.${r.state}`)}</Tag>
                {r.outcome && <Tag color="blue">{t(`reviews.outcome.${r.outcome}`)}</Tag>}
                {r.dueDate && <span className={r.overdue ? 'case-overdue' : undefined}>{r.dueDate}</span>}
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

/**
 * 保障待遇 The household's enrollments (dibao, tekun): what is paid this month and next, every term with why, the
 * review schedule, reviews and notices, and the actions this user may take now.
 */
export default function EnrollmentsPanel({ county, householdId }: { county: string; householdId: string }) {
  const { t } = useTranslation();
  const q = useHouseholdEnrollments(county, householdId);
  const [opened, setOpened] = useState<Opened>(null);
  const [review, setReview] = useState<string | null>(null);
  return (
    <Card title={t('enrollments.title')} className="section-card" data-testid="enrollments-panel">
      {q.isPending ? (
        <Skeleton active />
      ) : q.isError ? (
        <ErrorResult error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.items.length === 0 ? (
        <Empty description={t('enrollments.empty')} />
      ) : (
        q.data.items.map((e) => <Enrollment key={e.id} e={e} onOpen={setOpened} onReview={setReview} />)
      )}
      {opened?.kind === 'action' && <ActionModal enrollment={opened.enrollment} action={opened.action} onClose={() => setOpened(null)} />}
      {opened?.kind === 'open_review' && (
        <OpenReviewModal
          enrollment={opened.enrollment}
          onClose={() => setOpened(null)}
          onOpened={(id) => {
            setOpened(null);
            setReview(id);
          }}
        />
      )}
      {review && <ReviewDrawer county={county} id={review} onClose={() => setReview(null)} />}
    </Card>
  );
}
