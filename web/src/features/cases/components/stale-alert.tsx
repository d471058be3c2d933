import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';

/** Someone else moved the case since this page was drawn: say so plainly and offer the reload. */
export function StaleAlert({ onReload }: { onReload: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="stale-alert"
      title={t('cases.stale.title')}
      description={t('cases.stale.hint')}
      action={
        <Button icon={<ReloadOutlined />} onClick={onReload} data-testid="stale-reload">
          {t('cases.stale.reload')}
        </Button>
      }
    />
  );
}
