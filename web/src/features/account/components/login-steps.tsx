import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '#contracts/session.ts';
import { useLogout } from '../../../lib/auth.tsx';
import { EnrolmentPanel } from './enrolment-panel.tsx';
import { PasswordForm } from './password-form.tsx';
import { SecondFactorForm } from './second-factor-form.tsx';

/**
 * The steps of a login after the password (ADR 0014): the authenticator's code, or setting one up (administrators and
 * approvers), then a new password when an administrator set it. The login page shows this until the step is `done`.
 */
export function LoginSteps({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  const logout = useLogout();
  return (
    <div className="login-steps">
      <div className="step-user" data-testid="step-user">
        {t('account.signingInAs', { name: session.user.displayName, username: session.user.username })}
      </div>
      {session.step === 'totp' && <SecondFactorForm />}
      {session.step === 'enrol' && <EnrolmentPanel required />}
      {session.step === 'password' && <PasswordForm forced />}
      <Button type="link" block onClick={() => logout.mutate()} loading={logout.isPending} data-testid="step-cancel">
        {t('account.cancel')}
      </Button>
    </div>
  );
}
