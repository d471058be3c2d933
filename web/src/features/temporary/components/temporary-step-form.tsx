import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Col, Form, Input, InputNumber, Row, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '#contracts/cases.ts';
import { DateField } from '../../../components/date-field.tsx';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { chinaToday, yuanText, yuanTotal } from '../../../lib/format.ts';
import { useBilingual } from '../../../lib/i18n.ts';
import { InvestigationFields } from '../../cases/components/investigation-fields.tsx';
import { StaleAlert } from '../../cases/components/stale-alert.tsx';
import { initialStepValues, stepBody, type Values } from '../../cases/components/step-form-model.ts';
import { type TemporaryStep, useTemporaryStep } from '../api/temporary.ts';
import { approvalBody, collectiveBody, type StageRow } from './temporary-model.ts';

/** The steps of a temporary case whose form and route are temporary aid's own; the others use the case procedure's. */
export const TEMPORARY_FORM_STEPS = ['investigate', 'approve', 'collective_decision'] as const;
export type TemporaryFormStep = (typeof TEMPORARY_FORM_STEPS)[number];

export function isTemporaryFormStep(detail: CaseDetail, step: string): step is TemporaryFormStep {
  return Boolean(detail.temporary) && (TEMPORARY_FORM_STEPS as readonly string[]).includes(step);
}

const ROUTE: Record<TemporaryFormStep, TemporaryStep> = { investigate: 'investigation', approve: 'approve', collective_decision: 'collective-decision' };
const AMOUNT = /^\s*\d{1,9}(\.\d{1,2})?\s*$/;

function StageFields({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const a = detail.temporary!;
  const form = Form.useFormInstance();
  const rows = (Form.useWatch('stages', form) ?? []) as StageRow[];
  const decided = a.collectiveDecisions.at(-1)?.amountYuan ?? a.proposedYuan;
  return (
    <>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title={t('temporary.approve.hint', { amount: decided ? yuanText(decided) : '—', paidFirst: yuanText(a.paidFirstYuan) })}
        description={t('temporary.approve.stagesHint')}
      />
      <Form.Item label={t('temporary.approve.stages')}>
        <Form.List name="stages">
          {(fields, { add, remove }) => (
            <Space orientation="vertical" style={{ width: '100%' }}>
              {fields.map((f, i) => (
                <Space key={f.key} align="baseline" wrap>
                  <Typography.Text>{t('temporary.approve.stageN', { n: i + 1 })}</Typography.Text>
                  <Form.Item name={[f.name, 'payOn']} rules={[{ required: true, message: t('temporary.form.required') }]} noStyle>
                    <DateField data-testid={`f-stage-${i}-payOn`} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'amountYuan']} rules={[{ required: true, message: t('temporary.form.required') }, { pattern: AMOUNT, message: t('temporary.form.amountFormat') }]} noStyle>
                    <Input inputMode="decimal" suffix={t('temporary.yuan')} style={{ width: 160 }} data-testid={`f-stage-${i}-amount`} />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(f.name)} data-testid={`f-stage-${i}-remove`} />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ payOn: undefined, amountYuan: '' })} data-testid="f-stage-add">
                {t('temporary.approve.addStage')}
              </Button>
              {rows.length > 0 && (
                <Typography.Text type="secondary" data-testid="f-stage-total">
                  {t('temporary.approve.total', { total: yuanTotal(rows.map((r) => r?.amountYuan?.trim() || '0')) })}
                </Typography.Text>
              )}
            </Space>
          )}
        </Form.List>
      </Form.Item>
    </>
  );
}

function CollectiveFields() {
  const { t } = useTranslation();
  const req = [{ required: true, whitespace: true, message: t('temporary.form.required') }];
  const count = [{ required: true, message: t('temporary.form.required') }];
  return (
    <>
      <Alert type="warning" showIcon title={t('temporary.collective.hint')} style={{ marginBottom: 16 }} />
      <Form.Item name="decidedOn" label={t('temporary.collective.decidedOn')} rules={req}>
        <DateField data-testid="f-decidedOn" />
      </Form.Item>
      <Form.Item label={t('temporary.collective.participants')} required extra={t('temporary.collective.participantsHint')}>
        <Form.List name="participants">
          {(fields, { add, remove }) => (
            <Space orientation="vertical" style={{ width: '100%' }}>
              {fields.map((f, i) => (
                <Space key={f.key} align="baseline" wrap>
                  <Form.Item name={[f.name, 'name']} rules={req} noStyle>
                    <Input placeholder={t('temporary.collective.name')} maxLength={40} style={{ width: 140 }} data-testid={`f-participant-${i}-name`} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'post']} rules={req} noStyle>
                    <Input placeholder={t('temporary.collective.post')} maxLength={40} style={{ width: 160 }} data-testid={`f-participant-${i}-post`} />
                  </Form.Item>
                  {fields.length > 3 && <MinusCircleOutlined onClick={() => remove(f.name)} />}
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', post: '' })} data-testid="f-participant-add">
                {t('temporary.collective.addParticipant')}
              </Button>
            </Space>
          )}
        </Form.List>
      </Form.Item>
      <Row gutter={16}>
        <Col xs={8}>
          <Form.Item name="members" label={t('temporary.collective.members')} rules={count}>
            <InputNumber min={1} max={30} precision={0} style={{ width: '100%' }} data-testid="f-members" />
          </Form.Item>
        </Col>
        <Col xs={8}>
          <Form.Item name="present" label={t('temporary.collective.present')} rules={count}>
            <InputNumber min={1} max={30} precision={0} style={{ width: '100%' }} data-testid="f-present" />
          </Form.Item>
        </Col>
        <Col xs={8}>
          <Form.Item name="inFavour" label={t('temporary.collective.inFavour')} rules={count}>
            <InputNumber min={0} max={30} precision={0} style={{ width: '100%' }} data-testid="f-inFavour" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="decision" label={t('temporary.collective.decision')} rules={req}>
        <Input.TextArea rows={3} maxLength={500} data-testid="f-decision" />
      </Form.Item>
      <Form.Item name="amountYuan" label={t('temporary.collective.amount')} rules={[...req, { pattern: AMOUNT, message: t('temporary.form.amountFormat') }]}>
        <Input inputMode="decimal" suffix={t('temporary.yuan')} style={{ maxWidth: 220 }} data-testid="f-collective-amount" />
      </Form.Item>
    </>
  );
}

function initialValues(detail: CaseDetail, step: TemporaryFormStep): Values {
  const today = chinaToday();
  switch (step) {
    case 'investigate':
      return { ...initialStepValues('investigate', today), needYuan: detail.temporary?.needYuan };
    case 'collective_decision':
      return { decidedOn: today, participants: [{}, {}, {}], members: undefined, present: undefined, inFavour: undefined, amountYuan: detail.temporary?.proposedYuan ?? '' };
    default:
      return { stages: [] };
  }
}

/**
 * The temporary-aid forms of the case page: the investigation with the need (the level is recomputed from it), the
 * 一事一议 record, the approval with its stages (分次发放). Same look and version handling as the case steps' form.
 */
export function TemporaryStepForm({ detail, step, onDone, onReload }: { detail: CaseDetail; step: TemporaryFormStep; onDone: (c: CaseDetail) => void; onReload: () => void }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const [form] = Form.useForm();
  const take = useTemporaryStep(detail.countyCode, detail.id);
  const [stale, setStale] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const bodyOf = (v: Values) => {
    switch (step) {
      case 'investigate':
        return { ...stepBody('investigate', v, detail.version), needYuan: String(v.needYuan ?? '').trim() };
      case 'collective_decision':
        return collectiveBody(detail.version, v);
      default:
        return approvalBody(detail.version, v.stages, v.attachments);
    }
  };
  const submit = (v: Values) => {
    setError(null);
    take.mutate(
      { step: ROUTE[step], body: bodyOf(v) },
      {
        onSuccess: onDone,
        onError: (e) => {
          if (isApiRequestError(e) && e.code === 'STALE_VERSION') return setStale(true);
          const message = isApiRequestError(e) ? bilingual(e.messages) : String(e);
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
      <Form form={form} layout="vertical" initialValues={initialValues(detail, step)} onFinish={submit} disabled={stale}>
        {step === 'investigate' && (
          <>
            <InvestigationFields />
            <Form.Item name="needYuan" label={t('temporary.investigate.need')} extra={t('temporary.investigate.needHint')} rules={[{ required: true, whitespace: true, message: t('temporary.form.required') }, { pattern: AMOUNT, message: t('temporary.form.amountFormat') }]}>
              <Input inputMode="decimal" suffix={t('temporary.yuan')} style={{ maxWidth: 220 }} data-testid="f-need" />
            </Form.Item>
          </>
        )}
        {step === 'collective_decision' && <CollectiveFields />}
        {step === 'approve' && <StageFields detail={detail} />}
        <Form.Item name="attachments" label={t('cases.form.attachments')} extra={t('cases.form.attachmentsHint')}>
          <Input.TextArea rows={1} data-testid="f-attachments" />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="step-error" />}
        <Space>
          <Button type="primary" htmlType="submit" loading={take.isPending} data-testid="step-submit">
            {t(`cases.step.${step}`)}
          </Button>
          <Typography.Text type="secondary">{t('cases.form.version', { version: detail.version })}</Typography.Text>
        </Space>
      </Form>
    </div>
  );
}
