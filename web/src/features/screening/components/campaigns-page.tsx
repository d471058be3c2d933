import { App, Button, Card, Empty, Form, Input, InputNumber, Modal, Progress, Radio, Table, type TableProps, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CampaignOpen, CampaignView, ProgressView } from '#contracts/screening.ts';
import { DateField } from '../../../components/date-field.tsx';
import { ErrorResult } from '../../../components/error-result.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { useUser } from '../../../lib/auth.tsx';
import { useBilingual } from '../../../lib/i18n.ts';
import { useCampaigns, useOpenCampaign, useProgress } from '../api/screening.ts';

/** Done over total as a bar, with the overdue count in red. */
export function TallyBar({ tally, testId }: { tally: { total: number; done: number; overdue: number }; testId?: string }) {
  const { t } = useTranslation();
  const percent = tally.total === 0 ? 100 : Math.round((tally.done / tally.total) * 100);
  return (
    <div data-testid={testId} data-done={tally.done} data-total={tally.total} data-overdue={tally.overdue} style={{ minWidth: 160 }}>
      <Progress percent={percent} size="small" status={tally.overdue > 0 ? 'exception' : percent === 100 ? 'success' : 'active'} format={() => t('screening.tally', { done: tally.done, total: tally.total })} />
      {tally.overdue > 0 && <Tag color="error">{t('screening.overdueCount', { count: tally.overdue })}</Tag>}
    </div>
  );
}

/** 排查进度 per township, each with its villages. */
export function ProgressTable({ progress }: { progress: ProgressView }) {
  const { t } = useTranslation();
  type Line = { key: string; name: string; total: number; done: number; overdue: number; children?: Line[] };
  const data: Line[] = progress.townships.map((tw) => ({
    key: tw.code,
    name: tw.name,
    total: tw.total,
    done: tw.done,
    overdue: tw.overdue,
    children: tw.villages.map((v) => ({ key: v.code, name: v.name, total: v.total, done: v.done, overdue: v.overdue })),
  }));
  const columns: TableProps<Line>['columns'] = [
    { title: `${t('screening.col.township')} / ${t('screening.col.village')}`, dataIndex: 'name' },
    { title: t('screening.col.progress'), key: 'p', render: (_, r) => <TallyBar tally={r} testId={`progress-${r.key}`} /> },
  ];
  return <Table<Line> size="small" rowKey="key" columns={columns} dataSource={data} pagination={false} expandable={{ defaultExpandAllRows: true }} data-testid="screening-progress" scroll={{ x: 360 }} />;
}

function CampaignProgress({ c }: { c: CampaignView }) {
  const q = useProgress(c.county, c.id);
  if (q.isError) return <ErrorResult error={q.error} onRetry={() => void q.refetch()} />;
  return q.data ? <ProgressTable progress={q.data} /> : null;
}

function OpenCampaignModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const user = useUser();
  const bilingual = useBilingual();
  const { message } = App.useApp();
  const open = useOpenCampaign();
  const [form] = Form.useForm();
  const atCity = /^\d{4}0{8}$/.test(user.areaCode);
  const scope = Form.useWatch('scope', form) ?? (atCity ? 'city' : 'county');
  const kind = Form.useWatch('deadlineKind', form) ?? 'days';
  const submit = async () => {
    const v = await form.validateFields();
    const body: CampaignOpen = {
      year: v.year,
      ...(scope === 'city' ? { city: true } : { county: atCity ? v.county : user.areaCode.slice(0, 6) }),
      ...(kind === 'date' ? { deadline: v.deadline } : { workingDays: v.workingDays }),
    };
    try {
      const c = await open.mutateAsync(body);
      message.success(t('screening.open.done', { year: c.year, rows: c.rowCount }));
      onClose();
    } catch (e) {
      message.error(isApiRequestError(e) ? bilingual(e.messages) : String(e));
    }
  };
  return (
    <Modal open title={t('screening.open.title')} onCancel={onClose} onOk={() => void submit()} okText={t('screening.open.submit')} confirmLoading={open.isPending} okButtonProps={{ 'data-testid': 'screening-open-submit' } as Record<string, string>}>
      <Form form={form} layout="vertical" initialValues={{ scope: atCity ? 'city' : 'county', year: new Date().getFullYear(), deadlineKind: 'days', workingDays: 20 }}>
        <Form.Item name="scope" label={t('screening.open.scope')}>
          <Radio.Group>
            {!atCity && <Radio value="county">{t('screening.open.county')}</Radio>}
            {atCity && <Radio value="county">{t('screening.open.countyCode')}</Radio>}
            {atCity && <Radio value="city">{t('screening.open.city')}</Radio>}
          </Radio.Group>
        </Form.Item>
        {atCity && scope === 'county' && (
          <Form.Item name="county" label={t('screening.open.countyCode')} rules={[{ required: true, pattern: /^\d{6}$/ }]}>
            <Input maxLength={6} data-testid="screening-open-county" />
          </Form.Item>
        )}
        <Form.Item name="year" label={t('screening.open.year')} rules={[{ required: true }]}>
          <InputNumber min={2013} max={2100} data-testid="screening-open-year" />
        </Form.Item>
        <Form.Item name="deadlineKind" label={t('screening.open.deadlineKind')}>
          <Radio.Group>
            <Radio value="days" data-testid="screening-open-by-days">{t('screening.open.byDays')}</Radio>
            <Radio value="date" data-testid="screening-open-by-date">{t('screening.open.byDate')}</Radio>
          </Radio.Group>
        </Form.Item>
        {kind === 'date' ? (
          <Form.Item name="deadline" label={t('screening.open.deadline')} rules={[{ required: true }]}>
            <DateField data-testid="screening-open-deadline" />
          </Form.Item>
        ) : (
          <Form.Item name="workingDays" label={t('screening.open.workingDays')} rules={[{ required: true }]}>
            <InputNumber min={1} max={250} data-testid="screening-open-days" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/** 集中排查: the campaigns of the user's area with their progress; the county (or city) opens one. */
export default function CampaignsPage() {
  const { t } = useTranslation();
  const q = useCampaigns();
  const [opening, setOpening] = useState(false);
  const columns: TableProps<CampaignView>['columns'] = [
    { title: t('screening.col.area'), key: 'area', render: (_, c) => <Link to={`/screening/${c.county}/${c.id}`} data-testid={`campaign-link-${c.year}`}>{c.areaName}</Link> },
    { title: t('screening.col.year'), dataIndex: 'year', width: 80 },
    { title: t('screening.col.deadline'), dataIndex: 'deadline', width: 120 },
    { title: t('screening.col.state'), dataIndex: 'state', width: 90, render: (s: CampaignView['state']) => <Tag color={s === 'open' ? 'processing' : 'default'}>{t(`screening.state.${s}`)}</Tag> },
    { title: t('screening.col.progress'), key: 'tally', render: (_, c) => <TallyBar tally={c.tally} testId={`campaign-tally-${c.id}`} /> },
    { title: t('screening.col.actions'), key: 'a', width: 100, render: (_, c) => <Link to={`/screening/${c.county}/${c.id}`}>{t('screening.ledgerLink')}</Link> },
  ];
  return (
    <>
      <PageHeader
        title={t('screening.title')}
        subtitle={t('screening.subtitle')}
        extra={q.data?.canOpen ? <Button type="primary" onClick={() => setOpening(true)} data-testid="screening-open">{t('screening.open.button')}</Button> : undefined}
      />
      <Card>
        {q.isError ? (
          <ErrorResult error={q.error} onRetry={() => void q.refetch()} />
        ) : (
          <Table<CampaignView>
            rowKey="id"
            columns={columns}
            dataSource={q.data?.items ?? []}
            loading={q.isFetching}
            pagination={false}
            scroll={{ x: 640 }}
            data-testid="screening-campaigns"
            expandable={{ expandedRowRender: (c) => <CampaignProgress c={c} />, rowExpandable: () => true }}
            locale={{ emptyText: <Empty description={t('screening.empty')} /> }}
          />
        )}
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
          {t('screening.progressTitle')}
        </Typography.Paragraph>
      </Card>
      {opening && <OpenCampaignModal onClose={() => setOpening(false)} />}
    </>
  );
}
