import { Alert, App, Button, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '#contracts/cases.ts';
import { DateField } from '../../../components/date-field.tsx';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { useUser } from '../../../lib/auth.tsx';
import { useBilingual } from '../../../lib/i18n.ts';
import { useAuthoriseNewEvent } from '../api/temporary.ts';

/**
 * 新事件说明 (one event, one aid): from the case of an earlier event, a county approver records why a later event of the
 * same household and category is a new one, so the township can record it. Offered to county approvers only (the
 * server refuses anyone else).
 */
export function NewEventButton({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const { message } = App.useApp();
  const user = useUser();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ eventDate?: string; reason?: string }>();
  const authorise = useAuthoriseNewEvent();
  const a = detail.temporary;
  if (!a || user.role !== 'county_approver') return null;

  const submit = async () => {
    const v = await form.validateFields();
    setError(null);
    authorise.mutate(
      { household: { countyCode: detail.countyCode, id: detail.householdId }, category: a.category, eventDate: v.eventDate ?? '', reason: (v.reason ?? '').trim() },
      {
        onSuccess: () => {
          message.success(t('temporary.newEvent.done', { date: v.eventDate }));
          setOpen(false);
          form.resetFields();
        },
        onError: (e) => {
          const text = isApiRequestError(e) ? bilingual(e.messages) : String(e);
          const field = isApiRequestError(e) ? e.field : undefined;
          if (field === 'eventDate' || field === 'reason') form.setFields([{ name: field, errors: [text] }]);
          setError(text);
        },
      },
    );
  };
  const req = [{ required: true, whitespace: true, message: t('temporary.form.required') }];
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)} data-testid="tmp-new-event">
        {t('temporary.newEvent.button')}
      </Button>
      <Modal
        open={open}
        title={t('temporary.newEvent.title', { category: bilingual(a.categoryLabel) })}
        onCancel={() => setOpen(false)}
        onOk={() => void submit()}
        okText={t('temporary.newEvent.submit')}
        confirmLoading={authorise.isPending}
        okButtonProps={{ 'data-testid': 'tmp-new-event-submit' } as Record<string, string>}
      >
        <Alert type="info" showIcon title={t('temporary.newEvent.hint', { date: a.eventDate })} style={{ marginBottom: 16 }} />
        <Form form={form} layout="vertical">
          <Form.Item name="eventDate" label={t('temporary.newEvent.eventDate')} rules={req}>
            <DateField data-testid="tmp-new-event-date" />
          </Form.Item>
          <Form.Item name="reason" label={t('temporary.newEvent.reason')} rules={req}>
            <Input.TextArea rows={3} maxLength={300} data-testid="tmp-new-event-reason" />
          </Form.Item>
        </Form>
        {error && <Alert type="error" showIcon title={error} data-testid="tmp-new-event-error" />}
      </Modal>
    </>
  );
}
