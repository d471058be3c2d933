import { CheckCircleOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '#contracts/cases.ts';
import { ROLE_LABELS } from '#contracts/roles.ts';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { useCan } from '../../../lib/auth.tsx';
import { useBilingual } from '../../../lib/i18n.ts';
import { useDrawSpotCheck } from '../api/draw-spot-check.ts';
import { isTemporaryFormStep, TemporaryStepForm } from '../../temporary/components/temporary-step-form.tsx';
import { StepForm } from './step-form.tsx';

type NextStep = CaseDetail['nextSteps'][number];

/**
 * 待办环节: the steps the case waits for, each saying whether this user may take it now and, if not, why (the
 * server's reason), with the form of the chosen step below.
 */
export function NextSteps({ detail, onReload }: { detail: CaseDetail; onReload: () => void }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const { message } = App.useApp();
  const canApprove = useCan('cases.approve');
  const draw = useDrawSpotCheck();
  const [chosen, setChosen] = useState<NextStep['step'] | null>(null);
  const roles = (s: NextStep) => s.roles.map((r) => bilingual(ROLE_LABELS[r as keyof typeof ROLE_LABELS] ?? { zh: r, en: r })).join('、');
  const needsDraw = detail.state === 'county_review' && detail.spotCheck === null && canApprove;

  const drawSample = () =>
    draw.mutate(
      { area: detail.countyCode },
      {
        onSuccess: (b) => {
          message.success(t('cases.next.drawn', { batch: b.batchSize, sampled: b.items.filter((i) => i.sampled).length }));
          onReload();
        },
        onError: (e) => message.error(isApiRequestError(e) ? bilingual(e.messages) : String(e)),
      },
    );

  return (
    <Card title={t('cases.next.title')} className="section-card no-print" data-testid="next-steps">
      {detail.nextSteps.length === 0 ? (
        <Empty description={t('cases.next.none')} />
      ) : (
        <List
          size="small"
          dataSource={detail.nextSteps}
          renderItem={(s) => (
            <List.Item
              data-testid={`next-${s.step}`}
              data-can={String(s.canTake)}
              actions={[
                <Button
                  key="take"
                  type={chosen === s.step ? 'primary' : 'default'}
                  danger={s.step === 'withdraw' || s.step === 'refuse'}
                  disabled={!s.canTake}
                  onClick={() => setChosen(s.step)}
                  data-testid={`take-${s.step}`}
                >
                  {t('cases.next.choose')}
                </Button>,
              ]}
            >
              <List.Item.Meta
                avatar={s.canTake ? <CheckCircleOutlined style={{ color: '#389e0d' }} /> : <StopOutlined style={{ color: '#bfbfbf' }} />}
                title={
                  <Space>
                    {bilingual(s.label)}
                    <Tag color={s.canTake ? 'green' : 'default'}>{s.canTake ? t('cases.next.yours') : t('cases.next.notYours')}</Tag>
                  </Space>
                }
                description={
                  <>
                    <div>{t('cases.next.roles', { roles: roles(s) })}</div>
                    {s.refusal && (
                      <Typography.Text type="secondary" data-testid={`why-not-${s.step}`}>
                        {bilingual(s.refusal.message)}
                      </Typography.Text>
                    )}
                  </>
                }
              />
            </List.Item>
          )}
        />
      )}
      {needsDraw && (
        <Alert
          type="info"
          showIcon
          style={{ marginTop: 12 }}
          title={t('cases.next.drawFirst')}
          action={
            <Button size="small" type="primary" loading={draw.isPending} onClick={drawSample} data-testid="draw-spot-check">
              {t('cases.next.draw')}
            </Button>
          }
        />
      )}
      {chosen && detail.nextSteps.some((s) => s.step === chosen && s.canTake) && (
        <div style={{ marginTop: 16, borderTop: '1px solid #f0f0f0', paddingTop: 16 }}>
          <Typography.Title level={5}>{t(`cases.step.${chosen}`)}</Typography.Title>
          {isTemporaryFormStep(detail, chosen) ? (
            <TemporaryStepForm
              key={`${chosen}-${detail.version}`}
              detail={detail}
              step={chosen}
              onDone={(c) => {
                message.success(t('cases.form.done', { step: t(`cases.step.${chosen}`) }));
                setChosen(null);
                void c;
              }}
              onReload={() => {
                setChosen(null);
                onReload();
              }}
            />
          ) : (
            <StepForm
              key={`${chosen}-${detail.version}`}
              detail={detail}
              step={chosen}
              onDone={(c) => {
                message.success(t('cases.form.done', { step: t(`cases.step.${chosen}`) }));
                setChosen(null);
                void c;
              }}
              onReload={() => {
                setChosen(null);
                onReload();
              }}
            />
          )}
        </div>
      )}
    </Card>
  );
}
