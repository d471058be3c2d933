import { Alert, Form, Input, Modal, Radio, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { FOLLOW_UP_OUTCOMES, type FollowUpView } from '#contracts/enrollments.ts';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { useBilingual } from '../../../lib/i18n.ts';
import { useCompleteFollowUp } from '../api/follow-up-tasks.ts';

/**
 * 已跟进: what the check of a household that left dibao or tekun found (referred to dibao, temporary aid, elsewhere, or
 * no need) and a note of it. The note is asked for here although the server accepts none: the task is the only record
 * that someone looked.
 */
export function FollowUpDoneModal({ task, onClose, onDone }: { task: FollowUpView; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const [form] = Form.useForm<{ outcome: FollowUpView['outcome']; note: string }>();
  const m = useCompleteFollowUp();
  const submit = async () => {
    const v = await form.validateFields();
    if (!v.outcome) return;
    await m.mutateAsync({ county: task.countyCode, id: task.id, body: { outcome: v.outcome, note: v.note.trim() } });
    onDone();
  };
  return (
    <Modal
      open
      title={`${t('reviewDesk.done.title')} · ${task.headName}`}
      okText={t('reviewDesk.done.submit')}
      okButtonProps={{ 'data-testid': 'follow-up-submit' }}
      onOk={() => void submit().catch(() => undefined)}
      confirmLoading={m.isPending}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('reviewDesk.done.hint')}</Typography.Paragraph>
      {m.isError && (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} title={isApiRequestError(m.error) ? bilingual(m.error.messages) : String(m.error)} data-testid="follow-up-error" />
      )}
      <Form form={form} layout="vertical" initialValues={{ outcome: 'no_need', note: '' }}>
        <Form.Item name="outcome" label={t('reviewDesk.done.outcome')} rules={[{ required: true }]}>
          <Radio.Group data-testid="f-follow-up-outcome">
            {FOLLOW_UP_OUTCOMES.map((o) => (
              <Radio key={o} value={o} data-testid={`f-follow-up-outcome-${o}`}>
                {t(`reviewDesk.outcome.${o}`)}
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item name="note" label={t('reviewDesk.done.note')} rules={[{ required: true, whitespace: true, message: t('reviewDesk.done.noteRequired') }]}>
          <Input.TextArea rows={3} maxLength={2000} data-testid="f-follow-up-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
