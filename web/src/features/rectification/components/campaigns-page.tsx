import { App, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Progress, Select, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CampaignView } from '#contracts/rectification.ts';
import { RULE_CODES } from '#contracts/supervision.ts';
import { ErrorResult } from '../../../components/error-result.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { useCan } from '../../../lib/auth.tsx';
import { useBilingual } from '../../../lib/i18n.ts';
import { useCampaigns, useOpenCampaign } from '../api/rectification.ts';
import { progressOf } from './rectification-model.ts';

/** 专项治理 The campaigns the user sees, each with its progress over the user's area; the city (or a county) opens one. */
export default function CampaignsPage() {
  const { t } = useTranslation();
  const q = useCampaigns();
  const canOpen = useCan('campaigns.manage');
  const [open, setOpen] = useState(false);
  return (
    <>
      <PageHeader
        title={t('rectification.campaigns.title')}
        subtitle={t('rectification.campaigns.subtitle')}
        extra={canOpen && <Button type="primary" onClick={() => setOpen(true)} data-testid="campaign-open">{t('rectification.campaigns.open')}</Button>}
      />
      <Card>
        {q.isError ? (
          <ErrorResult error={q.error} onRetry={() => void q.refetch()} />
        ) : (
          <Table<CampaignView>
            size="small"
            rowKey="id"
            loading={q.isLoading}
            dataSource={q.data?.items ?? []}
            locale={{ emptyText: t('rectification.campaigns.empty') }}
            data-testid="campaigns-table"
            scroll={{ x: true }}
            columns={[
              { title: t('rectification.campaigns.col.title'), key: 't', render: (_, c) => <Link to={`/campaigns/${c.id}`}>{c.title}</Link> },
              { title: t('rectification.campaigns.col.period'), key: 'p', responsive: ['sm'], render: (_, c) => `${c.startsOn} ~ ${c.endsOn}` },
              { title: t('rectification.campaigns.col.status'), key: 's', render: (_, c) => <Tag color={c.status === 'open' ? 'blue' : 'default'}>{t(`rectification.campaigns.status.${c.status}`)}</Tag> },
              { title: t('rectification.counts.found'), key: 'f', align: 'right', render: (_, c) => c.counts.found },
              { title: t('rectification.counts.overdue'), key: 'o', align: 'right', render: (_, c) => (c.counts.overdue > 0 ? <Tag color="red">{c.counts.overdue}</Tag> : 0) },
              { title: t('rectification.campaigns.col.progress'), key: 'g', width: 180, render: (_, c) => <Progress percent={progressOf(c.counts).closed} size="small" /> },
            ]}
          />
        )}
      </Card>
      {open && <OpenCampaign onClose={() => setOpen(false)} />}
    </>
  );
}

function OpenCampaign({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const { message } = App.useApp();
  const openCampaign = useOpenCampaign();
  const [form] = Form.useForm<{ title: string; year: number; county?: string; period: [Dayjs, Dayjs]; rules?: string[] }>();
  const submit = async () => {
    const v = await form.validateFields();
    openCampaign.mutate(
      { title: v.title, year: v.year, county: v.county || undefined, startsOn: v.period[0].format('YYYY-MM-DD'), endsOn: v.period[1].format('YYYY-MM-DD'), rules: v.rules ?? [] },
      {
        onSuccess: (c) => {
          message.success(t('rectification.campaigns.opened', { count: c.counts.found }));
          onClose();
        },
        onError: (e) => message.error(isApiRequestError(e) ? bilingual(e.messages) : String(e)),
      },
    );
  };
  return (
    <Modal open title={t('rectification.campaigns.open')} onCancel={onClose} onOk={() => void submit()} confirmLoading={openCampaign.isPending} okText={t('rectification.campaigns.openOk')}>
      <Form form={form} layout="vertical" initialValues={{ year: new Date().getFullYear() }}>
        <Form.Item name="title" label={t('rectification.campaigns.col.title')} rules={[{ required: true, whitespace: true, message: t('rectification.required') }]}>
          <Input maxLength={100} placeholder={t('rectification.campaigns.titlePlaceholder')} data-testid="campaign-title" />
        </Form.Item>
        <Form.Item name="year" label={t('rectification.campaigns.year')} rules={[{ required: true, message: t('rectification.required') }]}>
          <InputNumber min={2000} max={2100} />
        </Form.Item>
        <Form.Item name="period" label={t('rectification.campaigns.col.period')} rules={[{ required: true, message: t('rectification.required') }]}>
          <DatePicker.RangePicker />
        </Form.Item>
        <Form.Item name="county" label={t('rectification.campaigns.county')} extra={t('rectification.campaigns.countyHint')}>
          <Input maxLength={6} />
        </Form.Item>
        <Form.Item name="rules" label={t('rectification.campaigns.rules')} extra={t('rectification.campaigns.rulesHint')}>
          <Select mode="multiple" allowClear options={RULE_CODES.map((r) => ({ value: r, label: t(`rectification.rules.${r}`) }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
