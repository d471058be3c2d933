import { SafetyOutlined } from '@ant-design/icons';
import { Button, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useVerifySecondFactor } from '../api/second-factor.ts';
import { StepError } from './step-error.tsx';

/** 二次验证 The login's second step: the authenticator's 6-digit code, or (phone lost) a recovery code. */
export function SecondFactorForm() {
  const { t } = useTranslation();
  const verify = useVerifySecondFactor();
  const [recovery, setRecovery] = useState(false);
  const [form] = Form.useForm<{ code?: string; recoveryCode?: string }>();

  const onFinish = (v: { code?: string; recoveryCode?: string }) => {
    verify.mutate(recovery ? { recoveryCode: v.recoveryCode?.trim() } : { code: v.code?.trim() }, { onError: () => form.resetFields() });
  };

  return (
    <div data-testid="totp-step">
      <h2 className="login-heading">{t('account.totp.stepTitle')}</h2>
      <p className="step-hint">{recovery ? t('account.totp.recoveryHint') : t('account.totp.stepHint')}</p>
      <StepError error={verify.error} />
      <Form form={form} layout="vertical" size="large" onFinish={onFinish} requiredMark={false}>
        {recovery ? (
          <Form.Item name="recoveryCode" label={t('account.totp.recovery')} rules={[{ required: true, message: t('account.totp.recoveryRequired') }]}>
            <Input autoComplete="off" autoFocus data-testid="recovery-code" placeholder="XXXXX-XXXXX" />
          </Form.Item>
        ) : (
          <Form.Item name="code" label={t('account.totp.code')} rules={[{ required: true, message: t('account.totp.codeRequired') }, { pattern: /^\s*\d{6}\s*$/, message: t('account.totp.codeFormat') }]}>
            <Input prefix={<SafetyOutlined />} inputMode="numeric" autoComplete="one-time-code" maxLength={6} autoFocus data-testid="totp-code" />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" block loading={verify.isPending} data-testid="totp-submit">
          {t('account.totp.submit')}
        </Button>
      </Form>
      <Button type="link" block onClick={() => setRecovery((r) => !r)} data-testid="totp-toggle-recovery">
        {recovery ? t('account.totp.useCode') : t('account.totp.useRecovery')}
      </Button>
    </div>
  );
}
