import { Alert, Button, Col, Form, Input, Radio, Row, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '#contracts/cases.ts';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { useBilingual } from '../../../lib/i18n.ts';
import { useTakeStep } from '../api/take-step.ts';
import { DeliberationFields } from './deliberation-fields.tsx';
import { InvestigationFields } from './investigation-fields.tsx';
import { StaleAlert } from './stale-alert.tsx';
import { initialStepValues, type Step, stepBody, type Values } from './step-form-model.ts';
import { DateField } from '../../../components/date-field.tsx';

const LIST = (label: string, name: string, testId: string, required = false, placeholder?: string) => ({ label, name, testId, required, placeholder });

/** A case step's fields (the office's step form; the spot visit's also on the phone's offline form, ADR 0051). */
export function Fields({ step }: { step: Step }) {
  const { t } = useTranslation();
  const req = [{ required: true, whitespace: true, message: t('cases.form.required') }];
  const textList = (f: ReturnType<typeof LIST>) => (
    <Form.Item name={f.name} label={f.label} rules={f.required ? req : undefined} extra={f.placeholder}>
      <Input.TextArea rows={3} data-testid={f.testId} />
    </Form.Item>
  );
  switch (step) {
    case 'request_missing':
      return textList(LIST(t('cases.form.missingItems'), 'missing', 'f-missing', true, t('cases.form.missingPlaceholder')));
    case 'investigate':
    case 'close_ineligible':
      return <InvestigationFields />;
    case 'deliberate':
      return <DeliberationFields />;
    case 'township_review':
    case 'county_opinion':
      return (
        <Form.Item name="opinion" label={step === 'township_review' ? t('cases.form.opinion') : t('cases.form.countyOpinion')} rules={req}>
          <Input.TextArea rows={3} maxLength={2000} data-testid="f-opinion" />
        </Form.Item>
      );
    case 'return_for_investigation':
    case 'refuse':
      return textList(LIST(t('cases.form.reasons'), 'reasons', 'f-reasons', true, t('cases.form.reasonsPlaceholder')));
    case 'object_village':
    case 'object_county':
      return (
        <>
          <Alert type="warning" showIcon title={t('cases.form.objectionHint')} style={{ marginBottom: 16 }} />
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name="receivedOn" label={t('cases.form.receivedOn')} rules={req}>
                <DateField data-testid="f-receivedOn" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="lodgedBy" label={t('cases.form.lodgedBy')}>
                <Select options={(['villager', 'anonymous', 'other'] as const).map((v) => ({ value: v, label: t(`cases.form.lodgedByOptions.${v}`) }))} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="summary" label={t('cases.form.summary')} rules={req}>
            <Input.TextArea rows={3} maxLength={2000} data-testid="f-summary" />
          </Form.Item>
        </>
      );
    case 'spot_visit':
      return (
        <>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name="visitedOn" label={t('cases.form.visitedOn')} rules={req}>
                <DateField data-testid="f-visitedOn" />
              </Form.Item>
            </Col>
            <Col xs={24} md={16}>
              <Form.Item name="finding" label={t('cases.form.finding')}>
                <Radio.Group>
                  <Radio value="consistent">{t('cases.form.findingOptions.consistent')}</Radio>
                  <Radio value="inconsistent">{t('cases.form.findingOptions.inconsistent')}</Radio>
                </Radio.Group>
              </Form.Item>
            </Col>
          </Row>
          {textList(LIST(t('cases.form.visitors'), 'visitors', 'f-visitors', true, t('cases.form.visitorsPlaceholder')))}
          <Form.Item name="note" label={t('cases.form.note')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        </>
      );
    case 'withdraw':
      return (
        <Form.Item name="reason" label={t('cases.form.withdrawReason')}>
          <Radio.Group>
            {(['applicant_request', 'moved_away', 'deceased', 'other'] as const).map((r) => (
              <Radio key={r} value={r}>
                {t(`cases.form.withdrawReasons.${r}`)}
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
      );
    case 'approve':
      return <Alert type="info" showIcon title={t('cases.form.approveHint')} style={{ marginBottom: 16 }} />;
    default:
      return <Typography.Paragraph type="secondary">{t('cases.form.simpleHint')}</Typography.Paragraph>;
  }
}

/** One step's form: fields for the step, the version the user saw, and a clear way out of a version conflict. */
export function StepForm({ detail, step, onDone, onReload }: { detail: CaseDetail; step: Step; onDone: (c: CaseDetail) => void; onReload: () => void }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const [form] = Form.useForm();
  const take = useTakeStep(detail.countyCode, detail.id);
  const [stale, setStale] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = (v: Values) => {
    setError(null);
    take.mutate(
      { step, body: stepBody(step, v, detail.version) },
      {
        onSuccess: onDone,
        onError: (e) => {
          if (isApiRequestError(e) && e.code === 'STALE_VERSION') return setStale(true);
          const message = isApiRequestError(e) ? bilingual(e.messages) : String(e);
          // A record rule names its field (e.g. investigators, participants, homeVisitOn): show it there too.
          const field = isApiRequestError(e) ? e.field?.split('.') : undefined;
          if (field && form.getFieldInstance(field)) form.setFields([{ name: field, errors: [message] }]);
          setError(message);
        },
      },
    );
  };

  return (
    <div data-testid="step-form" data-step={step}>
      {stale && <StaleAlert onReload={onReload} />}
      <Form form={form} layout="vertical" initialValues={initialStepValues(step)} onFinish={submit} disabled={stale}>
        <Fields step={step} />
        {step !== 'withdraw' && (
          <Form.Item name="attachments" label={t('cases.form.attachments')} extra={t('cases.form.attachmentsHint')}>
            <Input.TextArea rows={1} data-testid="f-attachments" />
          </Form.Item>
        )}
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="step-error" />}
        <Space>
          <Button type="primary" htmlType="submit" loading={take.isPending} danger={step === 'refuse' || step === 'withdraw'} data-testid="step-submit">
            {t(`cases.step.${step}`)}
          </Button>
          <Typography.Text type="secondary">{t('cases.form.version', { version: detail.version })}</Typography.Text>
        </Space>
      </Form>
    </div>
  );
}


