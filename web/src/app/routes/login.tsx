import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import type { LoginRequest } from '#contracts/session.ts';
import { isApiRequestError } from '../../lib/api-client.ts';
import { LoginSteps } from '../../features/account/components/login-steps.tsx';
import { FullPageSpin, useLogin, useSession } from '../../lib/auth.tsx';
import { useBilingual } from '../../lib/i18n.ts';
import { LanguageSwitch } from '../layout/language-switch.tsx';
import { safeNext } from './safe-next.ts';

export function LoginRoute() {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const session = useSession();
  const login = useLogin();
  const next = safeNext(params.get('next'));

  if (session.isPending) return <FullPageSpin />;
  if (session.data?.step === 'done') return <Navigate to={next} replace />;
  const step = session.data ?? null;

  const onFinish = (values: LoginRequest) =>
    login.mutate(values, { onSuccess: (info) => info.step === 'done' && navigate(next, { replace: true }) });

  const err = login.error;
  const locked = isApiRequestError(err) && err.code === 'AUTH_LOCKED';

  return (
    <div className="login-page">
      <div className="login-lang">
        <LanguageSwitch />
      </div>
      <div className="login-card">
        <div className="login-brand">
          <span className="brand-mark brand-mark-lg">兜</span>
          <div>
            <div className="login-welcome">{t('auth.welcome')}</div>
            <h1 className="login-title">{t('app.title')}</h1>
            <div className="login-org">{t('app.org')}</div>
          </div>
        </div>
        {step ? (
          <LoginSteps session={step} />
        ) : (
          <>
        <h2 className="login-heading">{t('auth.title')}</h2>
        {err && (
          <Alert
            type={locked ? 'warning' : 'error'}
            showIcon
            className="login-error"
            data-testid="login-error"
            title={locked ? t('auth.lockedTitle') : t('auth.failedTitle')}
            description={isApiRequestError(err) ? bilingual(err.messages) : String(err)}
          />
        )}
        <Form<LoginRequest> layout="vertical" size="large" onFinish={onFinish} requiredMark={false} data-testid="login-form">
          <Form.Item name="username" label={t('auth.username')} rules={[{ required: true, message: t('auth.usernameRequired') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus data-testid="login-username" />
          </Form.Item>
          <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, message: t('auth.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={login.isPending} data-testid="login-submit">
            {t('auth.submit')}
          </Button>
        </Form>
          </>
        )}
        <p className="login-notice">{t('auth.notice')}</p>
      </div>
      <div className="login-footer">{t('app.org')}</div>
    </div>
  );
}
