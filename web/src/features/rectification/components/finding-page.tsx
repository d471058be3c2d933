import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Descriptions, Form, Input, Select, Space, Table, Timeline, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ACCOUNTABILITY_MEASURES, type AccountabilityView, type FindingDetail } from '#contracts/rectification.ts';
import { ErrorResult } from '../../../components/error-result.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { chinaDateTime } from '../../../lib/format.ts';
import { useBilingual } from '../../../lib/i18n.ts';
import { useAccountability, useAnswerFinding, useFinding, useRecordAccountability, useVerifyFinding } from '../api/rectification.ts';
import { OwnerFilesCard } from '../../cases/components/owner-files-card.tsx';
import { FindingStatusTag } from './finding-ui.tsx';
import { factEntries } from './rectification-model.ts';

const KNOWN_FACTS = ['diedOn', 'paidFen', 'paidFirstOn', 'paidFirstFen', 'months', 'firstMonth', 'lastMonth', 'lines', 'otherCounty', 'program', 'decidedOn', 'spotCheck', 'nextDue', 'thresholdDays', 'reviewClass', 'paperworkDue', 'category', 'households', 'stoppedFrom'];

function useFail() {
  const { message } = App.useApp();
  const bilingual = useBilingual();
  return (e: unknown) => message.error(isApiRequestError(e) ? bilingual(e.messages) : String(e));
}

/**
 * 问题线索详情 (`/findings/:county/:id`): what the rule saw and why it matters, the rectification's history, the
 * township's answer form, the county's or city's verification (close or send back), and the accountability records for
 * the roles that may see them.
 */
export default function FindingPage() {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const { county = '', id = '' } = useParams();
  const q = useFinding(county, id);
  if (q.isError) return <ErrorResult error={q.error} onRetry={() => void q.refetch()} />;
  const f = q.data;
  return (
    <>
      <PageHeader
        breadcrumb={<Link to="/findings/overdue">{t('rectification.nav.overdue')}</Link>}
        title={f ? bilingual(f.ruleName) : t('rectification.finding.title')}
        subtitle={f ? <FindingStatusTag status={f.status} overdue={f.overdue} /> : undefined}
      />
      {f && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Facts f={f} />
          <OwnerFilesCard kind="finding" path={`/api/findings/${encodeURIComponent(county)}/${encodeURIComponent(id)}/files`} canUpload={f.can.answer} title={t('cases.files.findingTitle')} />
          {f.can.answer && <AnswerForm f={f} />}
          {f.can.verify && <VerifyForm f={f} />}
          <History f={f} />
          {f.can.accountability && <Accountability f={f} />}
        </Space>
      )}
      {!f && <Card loading />}
    </>
  );
}

function Facts({ f }: { f: FindingDetail }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  return (
    <Card title={t('rectification.finding.facts')} data-testid="finding-facts">
      <Alert type="warning" showIcon message={bilingual(f.why)} description={f.citation} style={{ marginBottom: 16 }} />
      <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }} bordered>
        <Descriptions.Item label={t('rectification.finding.area')}>{f.areaName}</Descriptions.Item>
        <Descriptions.Item label={t('rectification.finding.dueOn')}>
          <span data-testid="finding-due">{f.dueOn}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('rectification.finding.firstFound')}>{chinaDateTime(f.firstFoundAt)}</Descriptions.Item>
        <Descriptions.Item label={t('rectification.finding.reopened')}>{f.reopenedCount}</Descriptions.Item>
        <Descriptions.Item label={t('rectification.finding.sentBack')}>{f.sentBackCount}</Descriptions.Item>
        {f.householdId && (
          <Descriptions.Item label={t('rectification.finding.household')}>
            <Link to={`/registry/${f.county}/${f.householdId}`}>{t('rectification.finding.openHousehold')}</Link>
          </Descriptions.Item>
        )}
        {factEntries(f.facts, KNOWN_FACTS).map(([k, v]) => (
          <Descriptions.Item key={k} label={t(`rectification.facts.${k}`, { defaultValue: t('rectification.facts.other') })}>
            {v}
          </Descriptions.Item>
        ))}
      </Descriptions>
      {f.answerAction && (
        <Descriptions size="small" column={1} style={{ marginTop: 16 }} title={t('rectification.finding.lastAnswer')}>
          <Descriptions.Item label={t('rectification.answer.action')}>{f.answerAction}</Descriptions.Item>
          <Descriptions.Item label={t('rectification.answer.evidence')}>{f.answerEvidence}</Descriptions.Item>
          <Descriptions.Item label={t('rectification.finding.answeredBy')}>
            {f.answeredByName} {chinaDateTime(f.answeredAt)}
          </Descriptions.Item>
        </Descriptions>
      )}
      {f.closedAt && (
        <Descriptions size="small" column={1} style={{ marginTop: 16 }}>
          <Descriptions.Item label={t('rectification.finding.closedBy')}>
            {f.closedByName} {chinaDateTime(f.closedAt)}
          </Descriptions.Item>
          <Descriptions.Item label={t('rectification.verify.note')}>{f.closeNote}</Descriptions.Item>
        </Descriptions>
      )}
    </Card>
  );
}

function AnswerForm({ f }: { f: FindingDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const fail = useFail();
  const answer = useAnswerFinding(f.county, f.id);
  const [form] = Form.useForm<{ action: string; evidence: string }>();
  return (
    <Card title={t('rectification.answer.title')} data-testid="finding-answer">
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => answer.mutate({ ...v, version: f.version }, { onSuccess: () => message.success(t('rectification.answer.done')), onError: fail })}
      >
        <Form.Item name="action" label={t('rectification.answer.action')} rules={[{ required: true, whitespace: true, message: t('rectification.required') }]}>
          <Input.TextArea rows={3} maxLength={2000} data-testid="answer-action" />
        </Form.Item>
        <Form.Item name="evidence" label={t('rectification.answer.evidence')} extra={t('rectification.answer.evidenceHint')} rules={[{ required: true, whitespace: true, message: t('rectification.required') }]}>
          <Input.TextArea rows={3} maxLength={2000} data-testid="answer-evidence" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={answer.isPending} data-testid="answer-submit">
          {t('rectification.answer.submit')}
        </Button>
      </Form>
    </Card>
  );
}

function VerifyForm({ f }: { f: FindingDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const fail = useFail();
  const verify = useVerifyFinding(f.county, f.id);
  const [form] = Form.useForm<{ note: string }>();
  const run = async (decision: 'close' | 'send_back') => {
    const v = await form.validateFields();
    verify.mutate({ decision, note: v.note, version: f.version }, { onSuccess: () => message.success(t(`rectification.verify.done.${decision}`)), onError: fail });
  };
  return (
    <Card title={t('rectification.verify.title')} data-testid="finding-verify">
      <Form form={form} layout="vertical">
        <Form.Item name="note" label={t('rectification.verify.note')} rules={[{ required: true, whitespace: true, message: t('rectification.required') }]}>
          <Input.TextArea rows={3} maxLength={2000} data-testid="verify-note" />
        </Form.Item>
        <Space wrap>
          <Button type="primary" onClick={() => void run('close')} loading={verify.isPending} data-testid="verify-close">
            {t('rectification.verify.close')}
          </Button>
          <Button danger onClick={() => void run('send_back')} loading={verify.isPending} data-testid="verify-send-back">
            {t('rectification.verify.sendBack')}
          </Button>
        </Space>
      </Form>
    </Card>
  );
}

function History({ f }: { f: FindingDetail }) {
  const { t } = useTranslation();
  const text = (r: Record<string, unknown>) => ['action', 'evidence', 'reason', 'note', 'title'].map((k) => (typeof r[k] === 'string' ? (r[k] as string) : null)).filter(Boolean).join(' · ');
  return (
    <Card title={t('rectification.history.title')}>
      <Timeline
        data-testid="finding-history"
        items={f.history.map((h) => ({
          key: h.seq,
          color: h.event === 'closed' ? 'green' : h.event === 'sent_back' || h.event === 'reopened' ? 'red' : 'blue',
          children: (
            <div data-testid={`history-${h.event}`}>
              <Typography.Text strong>{t(`rectification.history.event.${h.event}`)}</Typography.Text> {chinaDateTime(h.at)} · {h.actorName}
              {typeof h.record.dueOn === 'string' && <div>{t('rectification.history.dueOn', { date: h.record.dueOn })}</div>}
              {text(h.record) && <div>{text(h.record)}</div>}
            </div>
          ),
        }))}
      />
    </Card>
  );
}

function Accountability({ f }: { f: FindingDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const fail = useFail();
  const q = useAccountability(f.county, f.id, true);
  const record = useRecordAccountability(f.county, f.id);
  // A new empty form after each record (a remount: no field left touched, no error shown).
  const [formKey, setFormKey] = useState(0);
  const [form] = Form.useForm<{ responsible: string; failure: string; measure: AccountabilityView['measure']; measureNote?: string; decidedOn: Dayjs; decidedByName: string }>();
  return (
    <Card title={t('rectification.accountability.title')} data-testid="finding-accountability">
      <Table<AccountabilityView>
        size="small"
        rowKey="id"
        pagination={false}
        loading={q.isLoading}
        dataSource={q.data?.items ?? []}
        locale={{ emptyText: t('rectification.accountability.empty') }}
        scroll={{ x: true }}
        columns={[
          { title: t('rectification.accountability.responsible'), key: 'r', render: (_, r) => r.responsible.map((u) => u.displayName || u.username).join('、') },
          { title: t('rectification.accountability.measure'), key: 'm', render: (_, r) => t(`rectification.measure.${r.measure}`) },
          { title: t('rectification.accountability.failure'), dataIndex: 'failure', key: 'f', responsive: ['md'] },
          { title: t('rectification.accountability.decided'), key: 'd', render: (_, r) => `${r.decidedByName} ${r.decidedOn}` },
        ]}
      />
      {f.can.recordAccountability && (
        <Form
          key={formKey}
          form={form}
          layout="vertical"
          style={{ marginTop: 16 }}
          onFinish={(v) =>
            record.mutate(
              {
                responsible: v.responsible.split(/[\s,，、]+/).filter(Boolean),
                failure: v.failure,
                measure: v.measure,
                measureNote: v.measureNote || undefined,
                decidedOn: v.decidedOn.format('YYYY-MM-DD'),
                decidedByName: v.decidedByName,
              },
              {
                onSuccess: () => {
                  message.success(t('rectification.accountability.done'));
                  form.resetFields();
                  setFormKey((k) => k + 1);
                },
                onError: fail,
              },
            )
          }
        >
          <Form.Item name="responsible" label={t('rectification.accountability.responsible')} extra={t('rectification.accountability.responsibleHint')} rules={[{ required: true, whitespace: true, message: t('rectification.required') }]}>
            <Input data-testid="acc-responsible" />
          </Form.Item>
          <Form.Item name="failure" label={t('rectification.accountability.failure')} rules={[{ required: true, whitespace: true, message: t('rectification.required') }]}>
            <Input.TextArea rows={2} maxLength={2000} data-testid="acc-failure" />
          </Form.Item>
          <Form.Item name="measure" label={t('rectification.accountability.measure')} rules={[{ required: true, message: t('rectification.required') }]}>
            <Select data-testid="acc-measure" options={ACCOUNTABILITY_MEASURES.map((m) => ({ value: m, label: t(`rectification.measure.${m}`) }))} />
          </Form.Item>
          <Form.Item name="measureNote" label={t('rectification.accountability.measureNote')}>
            <Input maxLength={2000} />
          </Form.Item>
          <Space wrap align="start">
            <Form.Item name="decidedByName" label={t('rectification.accountability.decidedBy')} rules={[{ required: true, whitespace: true, message: t('rectification.required') }]}>
              <Input data-testid="acc-decided-by" />
            </Form.Item>
            <Form.Item name="decidedOn" label={t('rectification.accountability.decidedOn')} rules={[{ required: true, message: t('rectification.required') }]}>
              <DatePicker data-testid="acc-decided-on" />
            </Form.Item>
          </Space>
          <Button type="primary" htmlType="submit" loading={record.isPending} data-testid="acc-submit">
            {t('rectification.accountability.submit')}
          </Button>
        </Form>
      )}
    </Card>
  );
}
