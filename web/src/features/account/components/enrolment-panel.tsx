import { Alert, Button, Form, Input, Spin, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useConfirmEnrolment, useStartEnrolment } from '../api/second-factor.ts';
import { StepError } from './step-error.tsx';

/**
 * 设置验证器 Sets up an authenticator app: a QR code (and the secret for typing in), a first code to confirm it, then
 * the recovery codes, shown once. Used at the first login of a role that needs a second factor, and on the account page.
 */
export function EnrolmentPanel({ onDone, required }: { onDone?: () => void; required: boolean }) {
  const { t } = useTranslation();
  const start = useStartEnrolment();
  const confirm = useConfirmEnrolment();
  const startNow = start.mutate;
  // One secret per visit of this panel: a new one replaces the pending one on the server.
  useEffect(() => startNow(), [startNow]);

  if (confirm.data) {
    return (
      <div data-testid="recovery-codes-step">
        <h2 className="login-heading">{t('account.totp.recoveryTitle')}</h2>
        <Alert type="warning" showIcon title={t('account.totp.recoverySaveHint')} className="step-hint" />
        <ol className="recovery-codes" data-testid="recovery-codes">
          {confirm.data.recoveryCodes.map((c) => (
            <li key={c}>
              <Typography.Text code copyable={false}>
                {c}
              </Typography.Text>
            </li>
          ))}
        </ol>
        <Button
          type="primary"
          block
          size="large"
          data-testid="recovery-codes-saved"
          onClick={() => {
            confirm.commit();
            onDone?.();
          }}
        >
          {t('account.totp.recoverySaved')}
        </Button>
      </div>
    );
  }

  return (
    <div data-testid="enrol-step">
      <h2 className="login-heading">{t('account.totp.enrolTitle')}</h2>
      <p className="step-hint">{required ? t('account.totp.enrolRequiredHint') : t('account.totp.enrolHint')}</p>
      <StepError error={start.error} />
      {start.isPending || !start.data ? (
        <div className="qr-box">
          <Spin />
        </div>
      ) : (
        <>
          <div className="qr-box">
            <img src={start.data.qrCode} alt={t('account.totp.qrAlt')} width={200} height={200} data-testid="totp-qr" />
          </div>
          <p className="step-hint">
            {t('account.totp.manual')}
            <br />
            <Typography.Text code className="totp-secret" data-testid="totp-secret">
              {start.data.secret.replace(/(.{4})/g, '$1 ').trim()}
            </Typography.Text>
          </p>
          <StepError error={confirm.error} />
          <Form layout="vertical" size="large" onFinish={(v: { code: string }) => confirm.mutate(v.code.trim())} requiredMark={false}>
            <Form.Item name="code" label={t('account.totp.code')} rules={[{ required: true, message: t('account.totp.codeRequired') }, { pattern: /^\s*\d{6}\s*$/, message: t('account.totp.codeFormat') }]}>
              <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} data-testid="enrol-code" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={confirm.isPending} data-testid="enrol-submit">
              {t('account.totp.confirm')}
            </Button>
          </Form>
        </>
      )}
    </div>
  );
}
