import { Alert, Form, Input, Modal, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ReviewOpen } from '#contracts/enrollments.ts';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { useBilingual } from '../../../lib/i18n.ts';
import { useOpenReview } from '../api/reviews.ts';

/**
 * 发起复核: on schedule, or because the household reported a change (what it reported is kept on the review). The
 * household page opens it for a reported change, the overdue list on schedule (`trigger`).
 */
export function OpenReviewModal({
  enrollment,
  trigger: initialTrigger = 'reported_change',
  onClose,
  onOpened,
}: {
  enrollment: { countyCode: string; id: string };
  trigger?: ReviewOpen['trigger'];
  onClose: () => void;
  onOpened: (id: string) => void;
}) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const [form] = Form.useForm();
  const m = useOpenReview();
  const trigger = Form.useWatch('trigger', form);
  const submit = async () => {
    const v = await form.validateFields();
    const r = await m.mutateAsync({
      enrollment: { countyCode: enrollment.countyCode, id: enrollment.id },
      trigger: v.trigger,
      ...(v.trigger === 'reported_change' ? { reportedChange: v.reportedChange } : {}),
    });
    onOpened(r.id);
  };
  return (
    <Modal open title={t('enrollments.action.open_review')} okButtonProps={{ 'data-testid': 'open-review-submit' }} onOk={() => void submit().catch(() => undefined)} confirmLoading={m.isPending} onCancel={onClose} destroyOnHidden>
      {m.isError && (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} title={isApiRequestError(m.error) ? bilingual(m.error.messages) : String(m.error)} />
      )}
      <Form form={form} layout="vertical" initialValues={{ trigger: initialTrigger }}>
        <Form.Item name="trigger" label={t('reviews.field.trigger')}>
          <Radio.Group data-testid="f-trigger">
            <Radio value="reported_change">{t('reviews.trigger.reported_change')}</Radio>
            <Radio value="scheduled">{t('reviews.trigger.scheduled')}</Radio>
          </Radio.Group>
        </Form.Item>
        {trigger !== 'scheduled' && (
          <Form.Item name="reportedChange" label={t('reviews.field.reportedChange')} rules={[{ required: true, whitespace: true, message: t('enrollments.modal.reasonsRequired') }]}>
            <Input.TextArea rows={3} maxLength={2000} data-testid="f-reported-change" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
