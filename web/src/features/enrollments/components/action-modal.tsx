import { Alert, Form, Input, Modal, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { type EnrollmentDetail, TERMINATION_GROUNDS } from '#contracts/enrollments.ts';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { textLines } from '../../../lib/format.ts';
import { useBilingual } from '../../../lib/i18n.ts';
import { type ACTION_PATHS, useEnrollmentAction } from '../api/enrollment-action.ts';

export type Action = keyof typeof ACTION_PATHS;

/**
 * One change to an enrollment: the written reasons (required, except to confirm a termination after its notice), the
 * ground of a tekun termination, and when it takes effect. Server refusals show in the current language.
 */
export function ActionModal({ enrollment, action, onClose }: { enrollment: EnrollmentDetail; action: Action; onClose: () => void }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const [form] = Form.useForm();
  const m = useEnrollmentAction();
  const needsReasons = action !== 'termination_confirm';
  const engine = action === 'resume' || action === 'increase' || action === 'reduce';
  const submit = async () => {
    const v = await form.validateFields();
    await m.mutateAsync({
      county: enrollment.countyCode,
      id: enrollment.id,
      action,
      body: { version: enrollment.version, reasons: textLines(v.reasons), ...(action === 'termination_notice' ? { ground: v.ground } : {}) },
    });
    onClose();
  };
  return (
    <Modal
      open
      title={t(`enrollments.action.${action}`)}
      okText={t('enrollments.modal.submit')}
      onOk={() => void submit().catch(() => undefined)}
      confirmLoading={m.isPending}
      onCancel={onClose}
      destroyOnHidden
      data-testid="enrollment-action-modal"
    >
      <Typography.Paragraph type="secondary">
        {t('enrollments.modal.effective', { month: enrollment.next?.month ?? '' })}
        {engine && ` ${t('enrollments.modal.engineHint')}`}
        {(action === 'termination_notice' || action === 'termination_confirm') && ` ${t('enrollments.modal.noticeHint')}`}
      </Typography.Paragraph>
      {m.isError && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="enrollment-action-error"
          title={isApiRequestError(m.error) ? (m.error.code === 'STALE_VERSION' ? t('enrollments.stale') : bilingual(m.error.messages)) : String(m.error)}
        />
      )}
      <Form form={form} layout="vertical" initialValues={{ ground: 'other' }}>
        {action === 'termination_notice' && (
          <Form.Item name="ground" label={t('enrollments.modal.ground')} rules={[{ required: true }]}>
            <Select data-testid="f-ground" options={TERMINATION_GROUNDS.map((g) => ({ value: g, label: t(`enrollments.grounds.${g}`) }))} />
          </Form.Item>
        )}
        <Form.Item
          name="reasons"
          label={t('enrollments.modal.reasons')}
          rules={needsReasons ? [{ required: true, whitespace: true, message: t('enrollments.modal.reasonsRequired') }] : undefined}
        >
          <Input.TextArea rows={3} maxLength={2000} data-testid="f-reasons" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
