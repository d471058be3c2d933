import { Alert, App, Checkbox, Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import type { ParameterList, ParameterSummary } from '#contracts/policy.ts';
import { DateField } from '../../../components/date-field.tsx';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { useBilingual } from '../../../lib/i18n.ts';
import { useAddOverride } from '../api/add-override.ts';
import { type OverrideFormValues as Values, overrideBody, overrideErrorField } from './override-form-model.ts';

/**
 * 参数调整 A system administrator proposes a dated, cited value for the city or one county; it takes effect once a city
 * supervisor confirms it (ADR 0017). The allowed range is shown and enforced by the form; the server checks it again with
 * the plan's floors, the counties left without a value and retroactivity, and names the field at fault.
 */
export function OverrideModal({ parameter, list, defaultArea, onClose }: { parameter: ParameterSummary; list: ParameterList; defaultArea?: string; onClose: () => void }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const add = useAddOverride();
  const end = Form.useWatch('end', form);
  const areas = [list.city, ...list.counties];
  const required = [{ required: true, message: t('parameters.form.required') }];

  // A refusal the server names a field of this form for is shown on that field; any other above the form.
  const [onField, setOnField] = useState(false);

  const onFinish = (v: Values) => {
    add.mutate(overrideBody(parameter, v), {
      onSuccess: () => {
        void message.success(t('parameters.saved'));
        onClose();
      },
      onError: (e) => {
        const field = isApiRequestError(e) ? overrideErrorField(e.field, { kind: parameter.kind, ending: v.end }) : null;
        setOnField(field !== null);
        if (field && isApiRequestError(e)) form.setFields([{ name: field, errors: [bilingual(e.messages)] }]);
      },
    });
  };

  return (
    <Modal
      open
      title={t('parameters.overrideTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('parameters.addOverride')}
      confirmLoading={add.isPending}
      destroyOnHidden
      width={620}
      okButtonProps={{ 'data-testid': 'override-submit' }}
      data-testid="override-modal"
    >
      <Typography.Paragraph type="secondary">{t('parameters.overrideHint')}</Typography.Paragraph>
      {add.isError && !onField && (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('parameters.saveFailed')} description={isApiRequestError(add.error) ? bilingual(add.error.messages) : String(add.error)} data-testid="override-error" />
      )}
      <Form<Values> form={form} layout="vertical" onFinish={onFinish} initialValues={{ area: defaultArea ?? list.city.code, end: false, list: [], backPay: false }} data-testid="override-form">
        <Form.Item label={t('parameters.form.name')}>
          <div>{bilingual(parameter.description)}</div>
          <Typography.Text code>{parameter.name}</Typography.Text> <Typography.Text type="secondary">{parameter.unit}</Typography.Text>
        </Form.Item>
        <Form.Item name="area" label={t('parameters.form.area')} rules={required}>
          <Select options={areas.map((a) => ({ value: a.code, label: `${bilingual(a.name)} ${a.code}` }))} data-testid="override-area" />
        </Form.Item>
        <Form.Item name="effectiveFrom" label={t('parameters.form.effectiveFrom')} rules={required}>
          <DateField data-testid="override-from" />
        </Form.Item>
        <Form.Item name="end" valuePropName="checked">
          <Checkbox data-testid="override-end">{t('parameters.form.endValue')}</Checkbox>
        </Form.Item>
        {!end &&
          (parameter.kind === 'list' ? (
            <Form.Item name="list" label={t('parameters.form.value')} extra={t('parameters.form.listHint')} rules={required}>
              <Select mode="tags" tokenSeparators={[',', '，', ' ']} data-testid="override-list" />
            </Form.Item>
          ) : (
            <Form.Item
              name="number"
              label={`${t('parameters.form.value')}（${parameter.unit}）`}
              rules={[
                ...required,
                ...(parameter.bounds
                  ? [{ type: 'number' as const, min: parameter.bounds.min, max: parameter.bounds.max, message: t('parameters.range', { min: parameter.bounds.min, max: parameter.bounds.max, unit: parameter.unit }) }]
                  : []),
              ]}
              extra={parameter.bounds && <span data-testid="override-range">{t('parameters.range', { min: parameter.bounds.min, max: parameter.bounds.max, unit: parameter.unit })}</span>}
            >
              <InputNumber style={{ width: 220 }} data-testid="override-value" />
            </Form.Item>
          ))}
        <Form.Item name="backPay" valuePropName="checked">
          <Checkbox data-testid="override-backpay">{t('parameters.backPay')}</Checkbox>
        </Form.Item>
        <Form.Item name="citation" label={t('parameters.form.citation')} rules={[{ required: true, whitespace: true, message: t('parameters.form.required') }]}>
          <Input.TextArea rows={3} maxLength={500} showCount placeholder={t('parameters.form.citationPlaceholder')} data-testid="override-citation" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
