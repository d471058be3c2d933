import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLE_LABELS } from '#contracts/roles.ts';
import { PageHeader } from '../../../components/page-header.tsx';
import { useSession, useUser } from '../../../lib/auth.tsx';
import { useBilingual } from '../../../lib/i18n.ts';
import { EnrolmentPanel } from './enrolment-panel.tsx';
import { PasswordForm } from './password-form.tsx';

/** 我的账号 One's own account: who and where, the password, the second factor. */
export default function AccountPage() {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const user = useUser();
  const session = useSession();
  const [enrolling, setEnrolling] = useState(false);
  const secondFactor = session.data?.user.secondFactor ?? user.secondFactor;

  return (
    <div className="account-page" data-testid="account-page">
      <PageHeader title={t('account.title')} subtitle={t('account.subtitle')} />
      <Card className="account-card">
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('auth.username')}>{user.username}</Descriptions.Item>
          <Descriptions.Item label={t('account.displayName')}>{user.displayName}</Descriptions.Item>
          <Descriptions.Item label={t('account.role')}>{bilingual(ROLE_LABELS[user.role])}</Descriptions.Item>
          <Descriptions.Item label={t('header.area')}>{user.areaName}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('account.password.title')} className="account-card">
        <div className="account-form">
          <PasswordForm forced={false} />
        </div>
      </Card>
      <Card
        title={
          <span>
            <SafetyCertificateOutlined /> {t('account.totp.title')}
          </span>
        }
        className="account-card"
      >
        <p data-testid="totp-status">
          {secondFactor ? <Tag color="green">{t('account.totp.on')}</Tag> : <Tag>{t('account.totp.off')}</Tag>}
          {user.secondFactorRequired ? t('account.totp.requiredForRole') : t('account.totp.optional')}
        </p>
        {enrolling ? (
          <div className="account-form">
            <EnrolmentPanel required={false} onDone={() => setEnrolling(false)} />
          </div>
        ) : (
          <Button onClick={() => setEnrolling(true)} data-testid="totp-setup">
            {secondFactor ? t('account.totp.replace') : t('account.totp.setUp')}
          </Button>
        )}
      </Card>
    </div>
  );
}
