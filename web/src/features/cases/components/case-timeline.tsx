import { PaperClipOutlined } from '@ant-design/icons';
import { Card, Empty, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ROLE_LABELS } from '#contracts/roles.ts';
import type { CaseDetail } from '#contracts/cases.ts';
import { useBilingual } from '../../../lib/i18n.ts';
import { chinaDateTime } from '../../../lib/format.ts';

/** 办理过程: every step done, who took it, when, what it changed, and the attachments it carried. */
export function CaseTimeline({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  return (
    <Card title={t('cases.timeline.title')} className="section-card" data-testid="case-timeline">
      {detail.timeline.length === 0 ? (
        <Empty description={t('cases.timeline.empty')} />
      ) : (
        <Timeline
          items={detail.timeline.map((e) => ({
            key: e.seq,
            color: e.step === 'refuse' || e.step === 'withdraw' ? 'red' : e.step === 'approve' ? 'green' : 'blue',
            content: (
              <div data-testid="timeline-item" data-step={e.step}>
                <div>
                  <strong>{bilingual(e.stepLabel)}</strong> <Typography.Text type="secondary">{chinaDateTime(e.at)}</Typography.Text>
                </div>
                <div>
                  <span data-testid="timeline-actor">{e.actorName}</span>{' '}
                  <Tag>{ROLE_LABELS[e.actorRole as keyof typeof ROLE_LABELS] ? bilingual(ROLE_LABELS[e.actorRole as keyof typeof ROLE_LABELS]) : e.actorRole}</Tag>
                  <Typography.Text type="secondary">
                    {t('cases.timeline.from', { from: e.fromState ? t(`cases.state.${e.fromState}`) : '—', to: t(`cases.state.${e.toState}`) })}
                  </Typography.Text>
                </div>
                {e.attachments.length > 0 && (
                  <div>
                    <PaperClipOutlined /> {e.attachments.join('、')}
                  </div>
                )}
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );
}
