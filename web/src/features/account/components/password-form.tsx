import { LockOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ChangePasswordRequest } from '#contracts/session.ts';
import { useChangePassword } from '../api/change-password.ts';
import { StepError } from './step-error.tsx';

interface Values extends ChangePasswordRequest {
  repeat: string;
}

/** 修改密码 One's own password: the current one, the new one twice. Also the change forced after a reset. */
export function PasswordForm({ forced, onDone }: { forced: boolean; onDone?: () => void }) {
  const { t } = useTranslation();
  const change = useChangePassword();
  const [form] = Form.useForm<Values>();

  const onFinish = (v: Values) =>
    change.mutate(
      { currentPassword: v.currentPassword, newPassword: v.newPassword },
      {
        onSuccess: () => {
          form.resetFields();
          onDone?.();
        },
      },
    );

  return (
    <div data-testid={forced ? 'password-step' : 'password-form'}>
      {forced && <h2 className="login-heading">{t('account.forced.title')}</h2>}
      {forced && <p className="step-hint">{t('account.forced.hint')}</p>}
      {change.isSuccess && !forced && <Alert type="success" showIcon title={t('account.password.done')} className="step-hint" data-testid="password-changed" />}
      <StepError error={change.error} />
      <Form<Values> form={form} layout="vertical" size={forced ? 'large' : 'middle'} onFinish={onFinish} requiredMark={false}>
        <Form.Item name="currentPassword" label={forced ? t('account.forced.current') : t('account.password.current')} rules={[{ required: true, message: t('account.password.required') }]}>
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="password-current" />
        </Form.Item>
        <Form.Item name="newPassword" label={t('account.password.new')} extra={t('account.password.hint')} rules={[{ required: true, message: t('account.password.required') }, { min: 12, message: t('account.password.tooShort') }]}>
          <Input.Password prefix={<LockOutlined />} autoComplete="new-password" data-testid="password-new" />
        </Form.Item>
        <Form.Item
          name="repeat"
          label={t('account.password.repeat')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('account.password.required') },
            ({ getFieldValue }) => ({
              validator: (_, value) => (value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('account.password.mismatch')))),
            }),
          ]}
        >
          <Input.Password prefix={<LockOutlined />} autoComplete="new-password" data-testid="password-repeat" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block={forced} loading={change.isPending} data-testid="password-submit">
          {t('account.password.submit')}
        </Button>
      </Form>
    </div>
  );
}
