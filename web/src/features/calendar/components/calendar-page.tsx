import { CheckCircleOutlined, LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Form, Input, Modal, Popconfirm, Radio, Row, Space, Spin, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorResult } from '../../../components/error-result.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { chinaToday } from '../../../lib/format.ts';
import { useBilingual } from '../../../lib/i18n.ts';
import { useCalendarYear, useMarkYearComplete, useSetCalendarDay } from '../api/calendar.ts';
import { TrainingClockCard } from './training-clock-card.tsx';
import { type CalendarDay, type EditKind, editKindsFor, initialEditKind, monthWeeks, workingDayCount } from './calendar-model.ts';

const KIND_CLASS: Record<CalendarDay['kind'], string> = { workday: 'cal-day', weekend: 'cal-day cal-weekend', holiday: 'cal-day cal-holiday', makeup: 'cal-day cal-makeup' };

/**
 * 工作日历 The working-day calendar by year (issue 11 point 11): each month's working days, weekends, holidays and make-up
 * working days (调休), a day edited with its reason, a year marked complete once its arrangement is entered. Deadlines
 * of cases and reviews count these working days.
 */
export default function CalendarPage() {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const { message } = App.useApp();
  const [year, setYear] = useState(() => Number(chinaToday().slice(0, 4)));
  const [editing, setEditing] = useState<CalendarDay | null>(null);
  const months = useCalendarYear(year);
  const mark = useMarkYearComplete();
  const covered = months[0]?.data?.covered;
  const failed = months.find((m) => m.isError);

  return (
    <div data-testid="calendar-page">
      <TrainingClockCard />
      <PageHeader
        title={t('calendar.title')}
        subtitle={t('calendar.subtitle')}
        extra={
          <Space wrap>
            <Button icon={<LeftOutlined />} onClick={() => setYear((y) => y - 1)} aria-label={t('calendar.prevYear')} data-testid="calendar-prev" />
            <span className="cal-year" data-testid="calendar-year">
              {t('calendar.year', { year })}
            </span>
            <Button icon={<RightOutlined />} onClick={() => setYear((y) => y + 1)} aria-label={t('calendar.nextYear')} data-testid="calendar-next" />
            {covered ? (
              <Tag color="green" icon={<CheckCircleOutlined />} data-testid="calendar-covered">
                {t('calendar.covered')}
              </Tag>
            ) : (
              <Popconfirm
                title={t('calendar.markAsk', { year })}
                onConfirm={() => mark.mutate(year, { onSuccess: () => void message.success(t('calendar.marked', { year })) })}
                okText={t('common.yes')}
                cancelText={t('common.no')}
                okButtonProps={{ 'data-testid': 'popconfirm-ok' }}
              >
                <Button type="primary" loading={mark.isPending} disabled={covered === undefined} data-testid="calendar-mark">
                  {t('calendar.mark')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        }
      />
      {covered === false && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('calendar.notCovered', { year })} data-testid="calendar-not-covered" />}
      {mark.error && isApiRequestError(mark.error) && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={bilingual(mark.error.messages)} />}
      <div className="cal-legend">
        <span className="cal-day">{t('calendar.kind.workday')}</span>
        <span className="cal-day cal-weekend">{t('calendar.kind.weekend')}</span>
        <span className="cal-day cal-holiday">{t('calendar.kind.holiday')}</span>
        <span className="cal-day cal-makeup">{t('calendar.kind.makeup')}</span>
      </div>
      {failed ? (
        <ErrorResult error={failed.error} onRetry={() => void failed.refetch()} />
      ) : (
        <Row gutter={[16, 16]}>
          {months.map((m, i) => (
            <Col key={`${year}-${i + 1}`} xs={24} sm={12} lg={8} xxl={6}>
              <Card
                size="small"
                title={t('calendar.month', { month: i + 1 })}
                extra={m.data && <span className="derived-hint">{t('calendar.workingDays', { count: workingDayCount(m.data.days) })}</span>}
                data-testid={`calendar-month-${i + 1}`}
              >
                {m.data ? <MonthGrid days={m.data.days} onPick={setEditing} /> : <Spin />}
              </Card>
            </Col>
          ))}
        </Row>
      )}
      <DayModal day={editing} onClose={() => setEditing(null)} />
    </div>
  );
}

function MonthGrid({ days, onPick }: { days: CalendarDay[]; onPick: (d: CalendarDay) => void }) {
  const { t } = useTranslation();
  const heads = t('calendar.weekdays').split(',');
  return (
    <table className="cal-grid">
      <thead>
        <tr>
          {heads.map((h) => (
            <th key={h}>{h}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {monthWeeks(days).map((week) => (
          <tr key={week.find((d) => d)?.date}>
            {week.map((d, i) =>
              d ? (
                <td key={d.date}>
                  <Tooltip title={d.name ?? t(`calendar.kind.${d.kind}`)}>
                    <button type="button" className={KIND_CLASS[d.kind]} onClick={() => onPick(d)} data-testid={`calendar-day-${d.date}`} data-kind={d.kind}>
                      {Number(d.date.slice(8))}
                    </button>
                  </Tooltip>
                </td>
              ) : (
                <td key={`blank-${i}`} />
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function DayModal({ day, onClose }: { day: CalendarDay | null; onClose: () => void }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ kind: EditKind; name: string }>();
  const set = useSetCalendarDay();
  const submit = (v: { kind: EditKind; name: string }) => {
    if (!day) return;
    set.mutate(
      { day: day.date, kind: v.kind, name: v.name.trim() },
      {
        onSuccess: () => {
          void message.success(t('calendar.saved'));
          onClose();
        },
        onError: (e) => {
          if (isApiRequestError(e) && (e.field === 'kind' || e.field === 'name')) form.setFields([{ name: e.field, errors: [bilingual(e.messages)] }]);
        },
      },
    );
  };
  return (
    <Modal
      open={day !== null}
      title={day ? t('calendar.editTitle', { date: day.date }) : ''}
      onCancel={() => {
        set.reset();
        onClose();
      }}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={set.isPending}
      okButtonProps={{ 'data-testid': 'calendar-day-submit' }}
      destroyOnHidden
      data-testid="calendar-day-modal"
    >
      {day && (
        <>
          <p>
            {t('calendar.now')}: <Tag>{t(`calendar.kind.${day.kind}`)}</Tag>
            {day.name}
          </p>
          {set.error && isApiRequestError(set.error) && !['kind', 'name'].includes(set.error.field ?? '') && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={bilingual(set.error.messages)} data-testid="calendar-day-error" />}
          <Form form={form} layout="vertical" onFinish={submit} preserve={false} initialValues={{ kind: initialEditKind(day), name: day.name ?? '' }}>
            <Form.Item name="kind" label={t('calendar.editKind')} rules={[{ required: true }]}>
              <Radio.Group data-testid="calendar-day-kind">
                {editKindsFor(day).map((k) => (
                  <Radio key={k} value={k} data-testid={`calendar-kind-${k}`}>
                    {t(`calendar.edit.${k}`)}
                  </Radio>
                ))}
              </Radio.Group>
            </Form.Item>
            <Form.Item name="name" label={t('calendar.reason')} rules={[{ required: true, whitespace: true, message: t('calendar.reasonRequired') }]} extra={t('calendar.reasonHint')}>
              <Input maxLength={30} data-testid="calendar-day-reason" />
            </Form.Item>
          </Form>
        </>
      )}
    </Modal>
  );
}
