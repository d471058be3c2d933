import { FieldTimeOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, InputNumber, Popconfirm, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { useBilingual } from '../../../lib/i18n.ts';
import { useSetTrainingClock, useTrainingClock } from '../api/calendar.ts';

/**
 * 培训时钟 On a demo or training server only (a real server has none, and this card is then not shown): the day the
 * system is at, moved forward so a class can walk a 7-day notice or a review period through in one sitting.
 */
export function TrainingClockCard() {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const { message } = App.useApp();
  const q = useTrainingClock();
  const change = useSetTrainingClock();
  const [days, setDays] = useState<number | null>(7);
  const [error, setError] = useState<string | null>(null);
  const c = q.data;
  if (!c) return null;
  const fail = (e: unknown) => setError(isApiRequestError(e) ? bilingual(e.messages) : String(e));
  return (
    <Card size="small" style={{ marginBottom: 16 }} data-testid="training-clock">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Space wrap>
          <FieldTimeOutlined />
          <Typography.Text strong>{t('calendar.training.title')}</Typography.Text>
          <Typography.Text type={c.offsetDays > 0 ? 'danger' : undefined} data-testid="training-clock-today">
            {t('calendar.training.today', { day: c.today })}
          </Typography.Text>
          {c.offsetDays > 0 && <Typography.Text type="secondary">{t('calendar.training.ahead', { real: c.realToday, count: c.offsetDays })}</Typography.Text>}
        </Space>
        <Typography.Text type="secondary">{t('calendar.training.hint')}</Typography.Text>
        <Space wrap>
          <InputNumber min={1} max={c.maxDays - c.offsetDays} value={days} onChange={(v) => setDays(v)} addonAfter={t('calendar.training.days')} data-testid="training-clock-days" />
          <Button
            type="primary"
            danger
            disabled={!days}
            loading={change.isPending}
            onClick={() =>
              days &&
              change.mutate(
                { days },
                { onSuccess: (v) => { setError(null); void message.success(t('calendar.training.moved', { day: v.today })); }, onError: fail },
              )
            }
            data-testid="training-clock-advance"
          >
            {t('calendar.training.advance')}
          </Button>
          {c.offsetDays > 0 && (
            <Popconfirm title={t('calendar.training.resetAsk')} onConfirm={() => change.mutate({ reset: true }, { onSuccess: () => setError(null), onError: fail })}>
              <Button data-testid="training-clock-reset">{t('calendar.training.reset')}</Button>
            </Popconfirm>
          )}
        </Space>
        {error && <Alert type="error" showIcon message={error} data-testid="training-clock-error" />}
      </Space>
    </Card>
  );
}
